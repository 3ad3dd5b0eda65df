package ipdnet2.dsp.io;

import java.util.Arrays;

/**
 * An array read from a {@code .npy} file: its shape (C order) and its values, held as float32 or
 * float64 as stored.
 */
public final class NpyArray {
    private final int[] shape;
    private final float[] floats;
    private final double[] doubles;

    NpyArray(int[] shape, float[] floats, double[] doubles) {
        this.shape = shape;
        this.floats = floats;
        this.doubles = doubles;
    }

    /** The shape, outermost dimension first. */
    public int[] shape() {
        return shape.clone();
    }

    /** Size of dimension {@code d}. */
    public int dim(int d) {
        return shape[d];
    }

    public int rank() {
        return shape.length;
    }

    /** Number of values (the product of the shape). */
    public int size() {
        return floats != null ? floats.length : doubles.length;
    }

    /** True if the file stored float64 values. */
    public boolean isFloat64() {
        return doubles != null;
    }

    /** The values in C order as float32 (rounded if the file stored float64). */
    public float[] floats() {
        if (floats != null) return floats.clone();
        float[] f = new float[doubles.length];
        for (int i = 0; i < f.length; i++) f[i] = (float) doubles[i];
        return f;
    }

    /** The values in C order as float64 (exact in both cases). */
    public double[] doubles() {
        if (doubles != null) return doubles.clone();
        double[] d = new double[floats.length];
        for (int i = 0; i < d.length; i++) d[i] = floats[i];
        return d;
    }

    @Override
    public String toString() {
        return "NpyArray" + Arrays.toString(shape) + (isFloat64() ? " float64" : " float32");
    }
}

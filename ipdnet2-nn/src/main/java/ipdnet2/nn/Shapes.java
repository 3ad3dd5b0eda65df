package ipdnet2.nn;

import java.util.Arrays;

/** Shape arithmetic shared by the ops (row-major, contiguous). */
final class Shapes {
    private Shapes() {}

    /** A defensive copy of {@code shape} after checking that no size is negative. */
    static int[] checked(int[] shape, String where) {
        long n = 1;
        for (int s : shape) {
            if (s < 0) throw new IllegalArgumentException(where + ": negative size in shape " + Arrays.toString(shape));
            n *= s;
            if (n > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(where + ": shape " + Arrays.toString(shape) + " has too many elements");
            }
        }
        return shape.clone();
    }

    static int numel(int[] shape) {
        int n = 1;
        for (int s : shape) n *= s;
        return n;
    }

    /** Product of sizes in {@code [from, to)}. */
    static int prod(int[] shape, int from, int to) {
        int n = 1;
        for (int i = from; i < to; i++) n *= shape[i];
        return n;
    }

    /** Resolves a possibly negative axis against {@code rank}. */
    static int axis(int axis, int rank, String where) {
        int a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank) {
            throw new IllegalArgumentException(where + ": axis " + axis + " out of range for rank " + rank);
        }
        return a;
    }

    static int offset(int[] shape, int[] index) {
        if (index.length != shape.length) {
            throw new IllegalArgumentException("index rank " + index.length + " != tensor rank " + shape.length);
        }
        int off = 0;
        for (int i = 0; i < shape.length; i++) {
            if (index[i] < 0 || index[i] >= shape[i]) {
                throw new IndexOutOfBoundsException("index " + Arrays.toString(index) + " outside shape " + Arrays.toString(shape));
            }
            off = off * shape[i] + index[i];
        }
        return off;
    }

    static int[] strides(int[] shape) {
        int[] st = new int[shape.length];
        int s = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            st[i] = s;
            s *= shape[i];
        }
        return st;
    }

    static String str(int[] shape) {
        return Arrays.toString(shape);
    }

    /** Right-aligned broadcast of two shapes (sizes equal or one of them 1). */
    static int[] broadcast(int[] a, int[] b, String where) {
        int r = Math.max(a.length, b.length);
        int[] out = new int[r];
        for (int i = 0; i < r; i++) {
            int ai = i - (r - a.length), bi = i - (r - b.length);
            int sa = ai >= 0 ? a[ai] : 1, sb = bi >= 0 ? b[bi] : 1;
            if (sa != sb && sa != 1 && sb != 1) {
                throw new IllegalArgumentException(where + ": shapes " + str(a) + " and " + str(b) + " do not broadcast");
            }
            out[i] = sa == 1 ? sb : sa;
        }
        return out;
    }

    /** Strides of {@code shape} seen in the coordinates of the broadcast shape {@code out} (0 where broadcast). */
    static int[] broadcastStrides(int[] shape, int[] out) {
        int[] own = strides(shape);
        int[] st = new int[out.length];
        int lead = out.length - shape.length;
        for (int i = 0; i < shape.length; i++) st[lead + i] = shape[i] == 1 ? 0 : own[i];
        return st;
    }
}

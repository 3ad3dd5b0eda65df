package ipdnet2.nn.io;

import java.util.Arrays;

/**
 * A dense float tensor as plain data: a shape and its elements in C (row-major) order.
 *
 * <p>The arrays are shared, not copied, so that large tensors pass between the weight files and
 * the tensor engine without duplication. Equality compares shapes and the bit patterns of the
 * elements ({@link Arrays#equals(float[], float[])}), so two tensors are equal exactly when they
 * are bit-identical.
 *
 * @param shape the size of each dimension (empty for a scalar), each at least 0
 * @param data  the elements, {@code product(shape)} of them
 */
public record TensorData(int[] shape, float[] data) {

    /**
     * @throws IllegalArgumentException if an argument is null, a dimension is negative, or the
     *                                  element count differs from the product of the shape
     */
    public TensorData {
        if (shape == null || data == null) {
            throw new IllegalArgumentException("tensor shape and data must not be null");
        }
        long count = elementCount(shape);
        if (count != data.length) {
            throw new IllegalArgumentException("tensor shape " + Arrays.toString(shape) + " holds "
                    + count + " elements but the data has " + data.length);
        }
    }

    /** @return the number of elements, the product of the shape */
    public int numel() {
        return data.length;
    }

    /**
     * The number of elements a shape describes.
     *
     * @param shape the size of each dimension
     * @return the product of the dimensions (1 for a scalar)
     * @throws IllegalArgumentException if a dimension is negative or the product exceeds the
     *                                  largest Java array
     */
    public static long elementCount(int[] shape) {
        long count = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
            count *= d;
            if (count > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " is too large for one array");
            }
        }
        return count;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorData t && Arrays.equals(shape, t.shape) && Arrays.equals(data, t.data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "TensorData" + Arrays.toString(shape);
    }
}

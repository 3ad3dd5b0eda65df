package ipdnet2.nn.io;

/**
 * The floating-point element types a weight file may hold, with their conversion to float.
 * Safetensors names them F32, F64, F16 and BF16; PyTorch archives by storage class.
 */
enum DType {
    F32(4, "FloatStorage"),
    F64(8, "DoubleStorage"),
    F16(2, "HalfStorage"),
    BF16(2, "BFloat16Storage");

    /** Bytes per element. */
    final int size;
    /** The PyTorch storage class ({@code torch.<name>}) holding this type. */
    final String torchStorage;

    DType(int size, String torchStorage) {
        this.size = size;
        this.torchStorage = torchStorage;
    }

    /** @return the type of that safetensors name, or null if it is not a supported float type */
    static DType ofSafetensorsName(String name) {
        for (DType t : values()) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        return null;
    }

    /** @return the type held by that PyTorch storage class, or null if not a supported one */
    static DType ofTorchStorage(String className) {
        for (DType t : values()) {
            if (t.torchStorage.equals(className)) {
                return t;
            }
        }
        return null;
    }

    /**
     * Converts {@code count} elements starting at byte {@code offset} of {@code src} to float.
     * The caller has checked that {@code offset + count * size <= src.length}.
     *
     * @param littleEndian the byte order of the elements in {@code src}
     */
    void decode(byte[] src, int offset, int count, boolean littleEndian, float[] dst, int dstOffset) {
        int p = offset;
        switch (this) {
            case F32:
                for (int i = 0; i < count; i++, p += 4) {
                    dst[dstOffset + i] = Float.intBitsToFloat((int) bits(src, p, 4, littleEndian));
                }
                break;
            case F64:
                for (int i = 0; i < count; i++, p += 8) {
                    dst[dstOffset + i] = (float) Double.longBitsToDouble(bits(src, p, 8, littleEndian));
                }
                break;
            case F16:
                for (int i = 0; i < count; i++, p += 2) {
                    dst[dstOffset + i] = halfToFloat((int) bits(src, p, 2, littleEndian));
                }
                break;
            case BF16:
                for (int i = 0; i < count; i++, p += 2) {
                    // bfloat16 is the upper half of a float32: same sign, exponent and leading bits.
                    dst[dstOffset + i] = Float.intBitsToFloat((int) bits(src, p, 2, littleEndian) << 16);
                }
                break;
            default:
                throw new AssertionError(this);
        }
    }

    /** Assembles an unsigned integer of {@code n} bytes. */
    private static long bits(byte[] b, int p, int n, boolean littleEndian) {
        long v = 0;
        if (littleEndian) {
            for (int i = n - 1; i >= 0; i--) {
                v = (v << 8) | (b[p + i] & 0xFF);
            }
        } else {
            for (int i = 0; i < n; i++) {
                v = (v << 8) | (b[p + i] & 0xFF);
            }
        }
        return v;
    }

    /**
     * IEEE 754 binary16 to binary32, exactly (every half value is representable as a float):
     * 1 sign bit, 5 exponent bits (bias 15), 10 fraction bits.
     */
    static float halfToFloat(int h) {
        int sign = (h >>> 15) & 1;
        int exponent = (h >>> 10) & 0x1F;
        int fraction = h & 0x3FF;
        if (exponent == 0x1F) {
            // infinity or NaN: all-ones exponent, fraction (NaN payload) kept
            return Float.intBitsToFloat((sign << 31) | 0x7F800000 | (fraction << 13));
        }
        if (exponent == 0) {
            float magnitude = fraction * 0x1p-24f; // zero or subnormal: fraction × 2^-14 × 2^-10
            return sign == 0 ? magnitude : -magnitude;
        }
        // normal: rebias the exponent (15 → 127) and widen the fraction (10 → 23 bits)
        return Float.intBitsToFloat((sign << 31) | ((exponent + 112) << 23) | (fraction << 13));
    }
}

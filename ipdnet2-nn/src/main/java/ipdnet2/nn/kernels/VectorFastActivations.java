package ipdnet2.nn.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector loops of {@link FastActivations} over the leading whole vectors of each range; each
 * returns how many elements it did and the caller's plain loop (the same operations in the same
 * order, hence bitwise the same) finishes the rest. Loaded only when {@link VectorSupport#ENABLED}.
 */
final class VectorFastActivations {
    private static final VectorSpecies<Float> SPECIES = VectorExp.SPECIES;
    private static final int LANES = SPECIES.length();

    private VectorFastActivations() {}

    static int silu(float[] x, int off, int n) {
        FloatVector one = FloatVector.broadcast(SPECIES, 1f);
        int i = 0;
        for (int end = SPECIES.loopBound(n); i < end; i += LANES) {
            FloatVector v = FloatVector.fromArray(SPECIES, x, off + i);
            v.div(one.add(VectorExp.exp(v.neg()))).intoArray(x, off + i);
        }
        return i;
    }

    static int addSilu(float[] x, int off, float[] y, int yOff, int n) {
        FloatVector one = FloatVector.broadcast(SPECIES, 1f);
        int i = 0;
        for (int end = SPECIES.loopBound(n); i < end; i += LANES) {
            FloatVector v = FloatVector.fromArray(SPECIES, y, yOff + i);
            FloatVector.fromArray(SPECIES, x, off + i).add(v.div(one.add(VectorExp.exp(v.neg())))).intoArray(x, off + i);
        }
        return i;
    }

    static int mulSilu(float[] y, int off, float[] z, int zOff, int n) {
        FloatVector one = FloatVector.broadcast(SPECIES, 1f);
        int i = 0;
        for (int end = SPECIES.loopBound(n); i < end; i += LANES) {
            FloatVector v = FloatVector.fromArray(SPECIES, z, zOff + i);
            FloatVector.fromArray(SPECIES, y, off + i).mul(v.div(one.add(VectorExp.exp(v.neg())))).intoArray(y, off + i);
        }
        return i;
    }

    static int siluBackward(float[] x, float[] dy, float[] dx, int off, int n) {
        FloatVector one = FloatVector.broadcast(SPECIES, 1f);
        int i = 0;
        for (int end = SPECIES.loopBound(n); i < end; i += LANES) {
            FloatVector v = FloatVector.fromArray(SPECIES, x, off + i);
            FloatVector s = one.div(one.add(VectorExp.exp(v.neg())));
            FloatVector slope = v.fma(one.sub(s), one).mul(s);
            FloatVector.fromArray(SPECIES, dy, off + i)
                    .fma(slope, FloatVector.fromArray(SPECIES, dx, off + i)).intoArray(dx, off + i);
        }
        return i;
    }

    static int softplusBackward(float[] x, float[] dy, float[] dx, int off, int n) {
        FloatVector one = FloatVector.broadcast(SPECIES, 1f);
        int i = 0;
        for (int end = SPECIES.loopBound(n); i < end; i += LANES) {
            FloatVector v = FloatVector.fromArray(SPECIES, x, off + i);
            FloatVector g = FloatVector.fromArray(SPECIES, dy, off + i);
            FloatVector d = g.div(one.add(VectorExp.exp(v.neg()))).blend(g, v.compare(VectorOperators.GT, 20f));
            FloatVector.fromArray(SPECIES, dx, off + i).add(d).intoArray(dx, off + i);
        }
        return i;
    }

    static int softplus(float[] x, int off, int n) {
        int i = 0;
        for (int end = SPECIES.loopBound(n); i < end; i += LANES) {
            FloatVector v = FloatVector.fromArray(SPECIES, x, off + i);
            FloatVector t = VectorExp.expNonPositive(v.abs().neg());
            FloatVector s = t.div(t.add(2f));
            FloatVector s2 = s.mul(s);
            FloatVector p = s2.fma(1f / 13, 1f / 11);
            p = p.fma(s2, FloatVector.broadcast(SPECIES, 1f / 9));
            p = p.fma(s2, FloatVector.broadcast(SPECIES, 1f / 7));
            p = p.fma(s2, FloatVector.broadcast(SPECIES, 1f / 5));
            p = p.fma(s2, FloatVector.broadcast(SPECIES, 1f / 3));
            p = p.fma(s2, FloatVector.broadcast(SPECIES, 1f));
            FloatVector sp = s.add(s).mul(p).add(v.max(0f));
            sp.blend(v, v.compare(VectorOperators.GT, 20f)).intoArray(x, off + i);
        }
        return i;
    }

    static int prelu(float[] x, int o, int n, float a) {
        int i = 0;
        for (int end = SPECIES.loopBound(n); i < end; i += LANES) {
            FloatVector v = FloatVector.fromArray(SPECIES, x, o + i);
            v.max(0f).add(v.min(0f).mul(a)).intoArray(x, o + i);
        }
        return i;
    }

    static int tanh(float[] x, int off, int n) {
        FloatVector one = FloatVector.broadcast(SPECIES, 1f);
        int i = 0;
        for (int end = SPECIES.loopBound(n); i < end; i += LANES) {
            FloatVector v = FloatVector.fromArray(SPECIES, x, off + i);
            FloatVector e = VectorExp.exp(v.abs().mul(-2f));
            FloatVector t = one.sub(e).div(one.add(e));
            t.blend(t.neg(), v.compare(VectorOperators.LT, 0f)).intoArray(x, off + i);
        }
        return i;
    }
}

package ipdnet2.nn;

/** Sizes of a convolution's [outer, L, inner, C] view and of its filter (see {@link Conv1dOp}). */
class ConvGeometry {
    final int outer, len, inner, cin, cout, groups, k, padLeft, cig, cog;

    ConvGeometry(int outer, int len, int inner, int cin, int cout, int groups, int k, int padLeft) {
        this.outer = outer;
        this.len = len;
        this.inner = inner;
        this.cin = cin;
        this.cout = cout;
        this.groups = groups;
        this.k = k;
        this.padLeft = padLeft;
        this.cig = cin / groups;
        this.cog = cout / groups;
    }

    /** The same convolution with one group (for a block-diagonal weight). */
    ConvGeometry dense() {
        return new ConvGeometry(outer, len, inner, cin, cout, 1, k, padLeft);
    }

    /** (outer, position) pairs per parallel chunk, sized so a chunk does ~1e5 multiply-adds. */
    int minPairs() {
        long perPair = (long) inner * cin * cog * k;
        return (int) Math.max(1, 100_000 / Math.max(1, perPair));
    }
}

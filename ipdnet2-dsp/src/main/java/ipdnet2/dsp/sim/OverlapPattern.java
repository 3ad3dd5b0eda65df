package ipdnet2.dsp.sim;

import java.util.SplittableRandom;

/**
 * How two utterances share a clip (ARCHITECTURE.md §5, after the four overlap strategies of the
 * paper's training recipe), as sample intervals [onset, offset) per source in an N-sample clip:
 * <ul>
 *   <li>{@link #SINGLE}: one source only, [0, N).</li>
 *   <li>{@link #HEAD_TAIL}: one source from the start, the other to the end; they overlap by
 *       10–40 % of the clip in the middle.</li>
 *   <li>{@link #SMALL}: one source spans the clip; the other is a short utterance (15–40 %)
 *       lying entirely inside it.</li>
 *   <li>{@link #START_OR_END}: both start together or both end together; one spans the clip, the
 *       other 30–80 % of it.</li>
 *   <li>{@link #FULL}: both span the clip.</li>
 * </ul>
 * Which source takes which role is random.
 */
public enum OverlapPattern {
    SINGLE, HEAD_TAIL, SMALL, START_OR_END, FULL;

    /** Intervals [source][onset, offset) in samples; one row for SINGLE, two otherwise. */
    public int[][] intervals(int n, SplittableRandom rng) {
        int[][] r;
        switch (this) {
            case SINGLE:
                return new int[][] {{0, n}};
            case FULL:
                return new int[][] {{0, n}, {0, n}};
            case HEAD_TAIL: {
                double overlap = 0.1 + 0.3 * rng.nextDouble();
                double headEnd = overlap + (1 - overlap) * (0.25 + 0.5 * rng.nextDouble());
                int end = (int) (headEnd * n);
                int start = (int) ((headEnd - overlap) * n);
                r = new int[][] {{0, end}, {start, n}};
                break;
            }
            case SMALL: {
                int len = (int) ((0.15 + 0.25 * rng.nextDouble()) * n);
                int start = rng.nextInt(n - len + 1);
                r = new int[][] {{0, n}, {start, start + len}};
                break;
            }
            default: {
                int len = (int) ((0.3 + 0.5 * rng.nextDouble()) * n);
                r = rng.nextBoolean() ? new int[][] {{0, n}, {0, len}} : new int[][] {{0, n}, {n - len, n}};
                break;
            }
        }
        if (rng.nextBoolean()) {
            int[] t = r[0];
            r[0] = r[1];
            r[1] = t;
        }
        return r;
    }
}

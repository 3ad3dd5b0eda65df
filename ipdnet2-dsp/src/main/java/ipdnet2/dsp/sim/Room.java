package ipdnet2.dsp.sim;

/**
 * A shoebox room [0, lx] × [0, ly] × [0, lz] (metres, z up) whose six walls share one pressure
 * reflection coefficient β.
 *
 * <p>β is derived from a target RT60 with Eyring's formula, T60 = 0.161·V / (−S·ln(1 − α)) with
 * β = √(1 − α): an image-source field whose every reflection multiplies energy by β² decays at
 * exactly Eyring's rate (a ray meets c·S/(4V) walls per second on average), so the simulated
 * decay matches the target across the whole absorption range, where Sabine's formula would make
 * highly absorbing rooms decay faster than asked.
 */
public final class Room {
    /** Sabine's constant 24·ln(10)/c in s/m for c = 343 m/s, as used in both formulas. */
    static final double SABINE = 0.161;

    private final double lx;
    private final double ly;
    private final double lz;
    private final double beta;

    /** @param beta wall pressure reflection coefficient in [0, 1) (0 = anechoic) */
    public Room(double lx, double ly, double lz, double beta) {
        if (!(lx > 0 && ly > 0 && lz > 0) || !Double.isFinite(lx + ly + lz)) {
            throw new IllegalArgumentException("room dimensions must be positive and finite, got "
                    + lx + " x " + ly + " x " + lz);
        }
        if (!(beta >= 0 && beta < 1)) {
            throw new IllegalArgumentException("reflection coefficient must be in [0, 1), got " + beta);
        }
        this.lx = lx;
        this.ly = ly;
        this.lz = lz;
        this.beta = beta;
    }

    /** The room whose uniform walls give reverberation time {@code rt60} seconds (Eyring). */
    public static Room forRt60(double lx, double ly, double lz, double rt60) {
        if (!(rt60 > 0) || !Double.isFinite(rt60)) {
            throw new IllegalArgumentException("RT60 must be positive and finite, got " + rt60);
        }
        Room shape = new Room(lx, ly, lz, 0);
        double logOneMinusAlpha = -SABINE * shape.volume() / (shape.surface() * rt60);
        return new Room(lx, ly, lz, Math.exp(0.5 * logOneMinusAlpha));
    }

    /** Eyring reverberation time of this room in seconds (infinite for β→1, 0 for β = 0). */
    public double rt60() {
        if (beta == 0) return 0;
        return -SABINE * volume() / (surface() * Math.log(beta * beta));
    }

    public double lx() {
        return lx;
    }

    public double ly() {
        return ly;
    }

    public double lz() {
        return lz;
    }

    public double beta() {
        return beta;
    }

    public double volume() {
        return lx * ly * lz;
    }

    public double surface() {
        return 2 * (lx * ly + lx * lz + ly * lz);
    }

    /** Whether {@code p} lies inside the room at least {@code margin} metres from every wall. */
    public boolean contains(double[] p, double margin) {
        return p[0] >= margin && p[0] <= lx - margin && p[1] >= margin && p[1] <= ly - margin
                && p[2] >= margin && p[2] <= lz - margin;
    }

    @Override
    public String toString() {
        return String.format("Room[%.2f x %.2f x %.2f m, beta %.4f, RT60 %.3f s]", lx, ly, lz, beta, rt60());
    }
}

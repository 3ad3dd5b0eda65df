package ipdnet2.train.sim;

/**
 * One row of a simulated set's {@code manifest.csv}.
 *
 * @param id         clip id, e.g. {@code clip-000042}
 * @param audioFile  WAV file name relative to the set directory
 * @param labelsFile labels CSV file name relative to the set directory
 * @param rt60S      reverberation time of the room (Eyring), seconds
 * @param snrDb      reverberant speech over noise at the reference mic, dB
 * @param roomM      room size x, y, z in metres
 * @param sources    number of talkers (1 or 2)
 * @param moving     whether the talkers move
 * @param overlap    overlap pattern name (SINGLE, HEAD_TAIL, SMALL, START_OR_END, FULL)
 * @param noise      noise field and kind, e.g. {@code DIFFUSE/PINK}
 * @param seed       the clip's scene seed (the clip is a pure function of it and the set's settings)
 */
public record ClipInfo(String id, String audioFile, String labelsFile, double rt60S, double snrDb,
                       double[] roomM, int sources, boolean moving, String overlap, String noise, long seed) {
    static final String HEADER = "clip_id,audio_file,labels_file,rt60_s,snr_db,room_x_m,room_y_m,room_z_m,"
            + "sources,moving,overlap,noise,seed";

    public ClipInfo {
        roomM = roomM.clone();
    }

    @Override
    public double[] roomM() {
        return roomM.clone();
    }

    String toCsv() {
        return String.join(",", id, audioFile, labelsFile, SetFormat.num(rt60S, 4), SetFormat.num(snrDb, 3),
                SetFormat.num(roomM[0], 3), SetFormat.num(roomM[1], 3), SetFormat.num(roomM[2], 3),
                Integer.toString(sources), moving ? "1" : "0", overlap, noise, Long.toString(seed));
    }

    static ClipInfo parse(String line, String where) {
        String[] f = line.split(",", -1);
        if (f.length != 13) throw new IllegalArgumentException(where + ": expected 13 fields, got " + f.length);
        try {
            return new ClipInfo(f[0], f[1], f[2], Double.parseDouble(f[3]), Double.parseDouble(f[4]),
                    new double[] {Double.parseDouble(f[5]), Double.parseDouble(f[6]), Double.parseDouble(f[7])},
                    Integer.parseInt(f[8]), parseFlag(f[9], where), f[10], f[11], Long.parseLong(f[12]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(where + ": bad number (" + e.getMessage() + ")");
        }
    }

    private static boolean parseFlag(String s, String where) {
        if (s.equals("1")) return true;
        if (s.equals("0")) return false;
        throw new IllegalArgumentException(where + ": moving must be 0 or 1, got '" + s + "'");
    }
}

package ipdnet2.train.sim;

import ipdnet2.dsp.label.LabelFiles;

/**
 * One row of a simulated set's {@code manifest.csv} (columns: package documentation).
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
 * @param mirrored   whether the clip is the mirror image of that scene across the array's x axis
 *                   ({@link ipdnet2.dsp.sim.MirrorImage}; sets written with mirror pairs)
 */
public record ClipInfo(String id, String audioFile, String labelsFile, double rt60S, double snrDb,
                       double[] roomM, int sources, boolean moving, String overlap, String noise, long seed,
                       boolean mirrored) {
    static final String HEADER = "clip_id,audio_file,labels_file,rt60_s,snr_db,room_x_m,room_y_m,room_z_m,"
            + "sources,moving,overlap,noise,seed,mirrored";

    public ClipInfo {
        roomM = roomM.clone();
    }

    @Override
    public double[] roomM() {
        return roomM.clone();
    }

    /** This row as the manifest stores it: numbers rounded to the decimals {@link #toCsv} writes. */
    ClipInfo asWritten() {
        return new ClipInfo(id, audioFile, labelsFile, rounded(rt60S, 4), rounded(snrDb, 3),
                new double[] {rounded(roomM[0], 3), rounded(roomM[1], 3), rounded(roomM[2], 3)},
                sources, moving, overlap, noise, seed, mirrored);
    }

    private static double rounded(double v, int decimals) {
        return Double.parseDouble(LabelFiles.fixed(v, decimals));
    }

    String toCsv() {
        return String.join(",", id, audioFile, labelsFile, LabelFiles.fixed(rt60S, 4), LabelFiles.fixed(snrDb, 3),
                LabelFiles.fixed(roomM[0], 3), LabelFiles.fixed(roomM[1], 3), LabelFiles.fixed(roomM[2], 3),
                Integer.toString(sources), moving ? "1" : "0", overlap, noise, Long.toString(seed),
                mirrored ? "1" : "0");
    }
}

package ipdnet2.train.data;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The fixed validation set of a run: clips i = 0..n-1 drawn with seeds {@code Seeds.of(seed, 1, i)}
 * (a stream apart from the training clips), made once and cached in a {@link ClipSetFile}; the
 * cache is reused only if it was made from the same recipe string.
 */
public final class ValidationSet {
    private ValidationSet() {
    }

    /** The clips: read from {@code cache} if its recipe matches, else made and cached. */
    public static List<Clip> cached(Path cache, String recipe, ClipSource source, int count, long seed, PrintStream log)
            throws IOException {
        if (recipe.equals(ClipSetFile.recipeOf(cache))) return ClipSetFile.read(cache);
        if (log != null) log.println("making " + count + " validation clips (cached in " + cache + ")");
        List<Clip> clips = new ArrayList<>(count);
        for (int i = 0; i < count; i++) clips.add(source.clip(Seeds.of(seed, 1, i)));
        ClipSetFile.write(cache, recipe, clips);
        return clips;
    }
}

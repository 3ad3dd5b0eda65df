package ipdnet2.infer.cli;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the weights used when the user gives no {@code --weights}: a classpath resource
 * {@value #RESOURCE} (trained weights shipped inside the jar), else {@value #FILE} in the
 * repository's {@code weights/} folder next to the jar ({@code ../../weights/} from
 * {@code ipdnet2-infer/target/}), else in {@code weights/} of the working directory. The system
 * property {@code ipdnet2.weights.search} (folders separated by the path separator) replaces the
 * two folders.
 */
final class DefaultWeights {
    /** File name of the default weights in a {@code weights/} folder. */
    static final String FILE = "ipdnet2-tiny.safetensors";
    /** Classpath location of weights embedded in the jar. */
    static final String RESOURCE = "/ipdnet2/weights/ipdnet2-default.safetensors";

    private DefaultWeights() {}

    /** The explicit file if given (it must exist), else the default. */
    static Path resolve(Path explicit) throws IOException {
        if (explicit != null) {
            if (!Files.exists(explicit)) throw new CliException("--weights " + explicit + ": no such file");
            return explicit;
        }
        try (InputStream in = DefaultWeights.class.getResourceAsStream(RESOURCE)) {
            if (in != null) {
                Path tmp = Files.createTempFile("ipdnet2-weights", ".safetensors");
                tmp.toFile().deleteOnExit();
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                return tmp;
            }
        }
        List<Path> dirs = searchDirs();
        for (Path d : dirs) {
            Path f = d.resolve(FILE);
            if (Files.isRegularFile(f)) return f;
        }
        StringBuilder where = new StringBuilder();
        for (Path d : dirs) where.append(where.length() == 0 ? "" : ", ").append(d.resolve(FILE));
        throw new CliException("no default weights found (looked for " + where
                + "); pass the model file with --weights FILE");
    }

    static List<Path> searchDirs() {
        List<Path> dirs = new ArrayList<>();
        String prop = System.getProperty("ipdnet2.weights.search");
        if (prop != null) {
            for (String s : prop.split(File.pathSeparator)) if (!s.isBlank()) dirs.add(Path.of(s));
            return dirs;
        }
        try {
            Path self = Path.of(DefaultWeights.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            // self is ipdnet2-infer/target/ipdnet2-infer.jar (or target/classes): up three to the repository
            Path repo = self.toAbsolutePath().getParent();
            if (repo != null) repo = repo.getParent();
            if (repo != null) repo = repo.getParent();
            if (repo != null) dirs.add(repo.resolve("weights").normalize());
        } catch (URISyntaxException | RuntimeException e) {
            // no code location (unusual class loader): the working directory remains
        }
        Path cwd = Path.of("weights").toAbsolutePath().normalize();
        if (!dirs.contains(cwd)) dirs.add(cwd);
        return dirs;
    }
}

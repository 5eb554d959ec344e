package dev.lanes.nn.datasets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Finds a data set's four IDX files, in this order:
 * <ol>
 *   <li>the folder given on the command line ({@code --data DIR});</li>
 *   <li>the folder in the environment variable {@value #ENV_VAR};</li>
 *   <li>the cache under the user's home, {@code ~/.cache/lanes/datasets/NAME};</li>
 *   <li>the system's data sets, {@code /usr/share/datasets/NAME} (Debian's {@code dataset-fashion-mnist});</li>
 *   <li>a download from the data set's official address into the cache, MD5-verified.</li>
 * </ol>
 * A folder may hold the files itself or in a sub-folder named after the data set; each file may be gzipped
 * ({@code train-images-idx3-ubyte.gz}) or not ({@code train-images-idx3-ubyte}). A folder named explicitly
 * (option or environment) must hold the data: it is an error, not a reason to look elsewhere.
 */
public final class DataLocator {

    /** The environment variable naming a folder that holds the data. */
    public static final String ENV_VAR = "LANES_DATA";

    /**
     * Where the files were found.
     *
     * @param dir the folder holding them
     * @param files each file
     * @param source which source in the order above it was, for messages
     */
    public record Location(Path dir, Map<DataSetSpec.Part, Path> files, String source) {
        /**
         * One file.
         *
         * @param part which
         * @return its path
         */
        public Path file(DataSetSpec.Part part) {
            return files.get(part);
        }
    }

    private final Map<String, String> environment;
    private final Path home;
    private final Path systemDataSets;
    private final Downloader downloader;

    /**
     * A locator looking in these places.
     *
     * @param environment    the process environment (injectable for tests)
     * @param home           the user's home folder
     * @param systemDataSets where the system's data set packages install ({@code /usr/share/datasets})
     * @param downloader     used when nothing is found; {@code null} forbids downloading
     */
    public DataLocator(Map<String, String> environment, Path home, Path systemDataSets, Downloader downloader) {
        this.environment = environment;
        this.home = home;
        this.systemDataSets = systemDataSets;
        this.downloader = downloader;
    }

    /**
     * A locator for this machine: the real environment, home and {@code /usr/share/datasets}.
     *
     * @param downloaderOrNull used when nothing is found; {@code null} forbids downloading
     * @return the locator
     */
    public static DataLocator forThisMachine(Downloader downloaderOrNull) {
        return new DataLocator(System.getenv(), Path.of(System.getProperty("user.home")),
                Path.of("/usr/share/datasets"), downloaderOrNull);
    }

    /**
     * The cache folder of a data set.
     *
     * @param spec the data set
     * @return {@code ~/.cache/lanes/datasets/NAME}
     */
    public Path cacheDir(DataSetSpec spec) {
        return home.resolve(".cache").resolve("lanes").resolve("datasets").resolve(spec.name());
    }

    /**
     * Finds (or downloads) the data set.
     *
     * @param spec the data set
     * @param explicitDir the {@code --data} folder, or {@code null}
     * @return where its files are
     * @throws IOException naming the folders searched if the data set is nowhere and cannot be downloaded
     */
    public Location locate(DataSetSpec spec, Path explicitDir) throws IOException {
        if (explicitDir != null) {
            return required(spec, explicitDir, "--data " + explicitDir);
        }
        String fromEnv = environment.get(ENV_VAR);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return required(spec, Path.of(fromEnv), ENV_VAR + "=" + fromEnv);
        }
        Path cache = cacheDir(spec);
        Location found = find(spec, cache, "cache " + cache);
        if (found != null) {
            return found;
        }
        Path system = systemDataSets.resolve(spec.name());
        found = find(spec, system, "system data set " + system);
        if (found != null) {
            return found;
        }
        if (downloader == null) {
            throw new IOException("data set " + spec.name() + " not found in " + cache + " or " + system
                    + ", and downloading is off; pass --data DIR, set " + ENV_VAR
                    + (spec.name().equals("fashion-mnist") ? ", or apt-get install dataset-fashion-mnist" : ""));
        }
        downloader.downloadAll(spec, cache);
        return required(spec, cache, "downloaded from " + spec.baseUrl() + " to " + cache);
    }

    private static Location required(DataSetSpec spec, Path dir, String source) throws IOException {
        Location found = find(spec, dir, source);
        if (found != null) {
            return found;
        }
        List<String> missing = new ArrayList<>();
        for (DataSetSpec.Part part : DataSetSpec.Part.values()) {
            if (fileIn(dir, part) == null && fileIn(dir.resolve(spec.name()), part) == null) {
                missing.add(part.fileName());
            }
        }
        throw new IOException(source + ": no " + spec.name() + " data set there"
                + (Files.isDirectory(dir) ? " (missing " + String.join(", ", missing) + ")" : " (not a folder)"));
    }

    /** The data set in {@code dir} or {@code dir/NAME}, or {@code null} if either lacks a file. */
    private static Location find(DataSetSpec spec, Path dir, String source) {
        for (Path candidate : List.of(dir, dir.resolve(spec.name()))) {
            Map<DataSetSpec.Part, Path> files = new EnumMap<>(DataSetSpec.Part.class);
            for (DataSetSpec.Part part : DataSetSpec.Part.values()) {
                Path file = fileIn(candidate, part);
                if (file != null) {
                    files.put(part, file);
                }
            }
            if (files.size() == DataSetSpec.Part.values().length) {
                return new Location(candidate, Map.copyOf(files), source);
            }
        }
        return null;
    }

    private static Path fileIn(Path dir, DataSetSpec.Part part) {
        for (String name : List.of(part.fileName(), part.uncompressedFileName())) {
            Path file = dir.resolve(name);
            if (Files.isRegularFile(file)) {
                return file;
            }
        }
        return null;
    }
}

package dev.lanes.nn.datasets;

import dev.lanes.nn.io.FuzzCorpus;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The seed inputs of {@link IdxReaderFuzzTest}: valid files to mutate and issue 11's IDX reproducers.
 * {@code main} writes them into the committed corpus; {@code IdxReaderHardeningTest} checks it holds them.
 */
final class IdxCorpus {

    private IdxCorpus() {
    }

    private static byte[] pixels(int n) {
        byte[] p = new byte[n];
        for (int i = 0; i < n; i++) {
            p[i] = (byte) (i * 37 + 11);
        }
        return p;
    }

    /** Issue 11, item 2: an 80-byte images file whose header announces 1×46000×46000 (2.1 GB). */
    static byte[] announcesTwoGigabytes() {
        return IdxFiles.images(1, 46000, 46000, new byte[64]);
    }

    /** Issue 11, item 2: the same announcement in a gzip file of a few dozen bytes. */
    static byte[] gzipAnnouncesTwoGigabytes() {
        return IdxFiles.gzip(IdxFiles.images(1, 46000, 46000, new byte[0]));
    }

    static byte[] images() {
        return IdxFiles.images(3, 4, 5, pixels(60));
    }

    static byte[] labels() {
        return IdxFiles.labels(new int[] {3, 1, 4, 1, 5, 9, 2, 6});
    }

    /** File content by seed name, for the fuzz methods that take a file as it is (raw or gzip). */
    static Map<String, byte[]> fileSeeds() {
        Map<String, byte[]> seeds = new LinkedHashMap<>();
        seeds.put("images", images());
        seeds.put("images.gz", IdxFiles.gzip(images()));
        seeds.put("labels", labels());
        seeds.put("labels.gz", IdxFiles.gzip(labels()));
        seeds.put("announces-2GB", announcesTwoGigabytes());
        seeds.put("announces-2GB.gz", gzipAnnouncesTwoGigabytes());
        return seeds;
    }

    /** Uncompressed content by seed name, for the fuzz method that gzips its input before reading it. */
    static Map<String, byte[]> contentSeeds() {
        Map<String, byte[]> seeds = new LinkedHashMap<>();
        seeds.put("images", images());
        seeds.put("announces-2GB", IdxFiles.images(1, 46000, 46000, new byte[0]));
        return seeds;
    }

    /** The seeds of each fuzz method. */
    static Map<String, Map<String, byte[]>> seedsByMethod() {
        Map<String, Map<String, byte[]>> methods = new LinkedHashMap<>();
        methods.put("readImages", fileSeeds());
        methods.put("readLabels", fileSeeds());
        methods.put("readGzippedImages", contentSeeds());
        return methods;
    }

    static final List<String> METHODS = List.copyOf(seedsByMethod().keySet());

    /** Writes the seeds into the committed corpus: {@code main nn} from the repository's root. */
    public static void main(String[] args) throws IOException {
        Path module = Path.of(args.length > 0 ? args[0] : "nn");
        for (Map.Entry<String, Map<String, byte[]>> method : seedsByMethod().entrySet()) {
            Path dir = FuzzCorpus.inputs(module, IdxReaderFuzzTest.class, method.getKey());
            Files.createDirectories(dir);
            for (Map.Entry<String, byte[]> seed : method.getValue().entrySet()) {
                Files.write(dir.resolve(seed.getKey()), seed.getValue());
            }
        }
    }
}

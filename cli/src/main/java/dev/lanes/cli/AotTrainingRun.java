package dev.lanes.cli;

import dev.lanes.nn.datasets.DataSetSpec;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

/**
 * The training run of the launcher's ahead-of-time cache (JEP 483, JEP 515): run at package time as
 * {@code java -XX:AOTCacheOutput=cli/target/lanes-cli.aot -cp cli/target/lanes-cli.jar dev.lanes.cli.AotTrainingRun},
 * it trains and evaluates the default network (784-512-128-10, batch 64, Adam) through the real command line on
 * a synthetic data set in the Fashion-MNIST layout. The JVM records which classes that loads and links and how the
 * hot methods behave; {@code ./lanes} then starts with them loaded, and the JIT compiles the kernels from those
 * profiles instead of first collecting its own. So the run must take the paths a real run takes, with the real
 * shapes: that, not the data, is what matters.
 */
public final class AotTrainingRun {

    /** Training images: enough steps (140 of batch 64) for the kernels' profiles to settle, little enough to stay quick. */
    static final int TRAIN_IMAGES = 10_000;
    static final int VALIDATION_IMAGES = 1_000;
    static final int TEST_IMAGES = 1_000;
    private static final int SIDE = 28;
    private static final int CLASSES = 10;

    private AotTrainingRun() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Files.createTempDirectory("lanes-aot-training-");
        int status;
        try {
            status = run(dir, TRAIN_IMAGES, TEST_IMAGES);
        } finally {
            deleteTree(dir);
        }
        System.exit(status);
    }

    /**
     * Writes the synthetic data set into {@code dir} and runs {@code lanes train} (one epoch) and
     * {@code lanes evaluate} on it, printing one line on how it went.
     *
     * @return 0, or the failing command's exit status
     */
    static int run(Path dir, int trainImages, int testImages) throws IOException {
        Path data = dir.resolve("data");
        writeSplit(data, DataSetSpec.Part.TRAIN_IMAGES, DataSetSpec.Part.TRAIN_LABELS, trainImages, new Random(1));
        writeSplit(data, DataSetSpec.Part.TEST_IMAGES, DataSetSpec.Part.TEST_LABELS, testImages, new Random(2));
        Path run = dir.resolve("run");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        long start = System.nanoTime();
        int status = LanesCli.run(new String[] {"train", "--data", data.toString(), "--no-download", "--no-progress",
                "--epochs", "1", "--validation", Integer.toString(Math.min(VALIDATION_IMAGES, trainImages / 10)),
                "-o", run.toString()}, new PrintWriter(out), new PrintWriter(err));
        if (status == 0) {
            status = LanesCli.run(new String[] {"evaluate", run.resolve("model.safetensors").toString(), "--data", data.toString(),
                    "--no-download"}, new PrintWriter(out), new PrintWriter(err));
        }
        if (status != 0) {
            System.err.print("AOT training run failed (the launcher will run without a cache):\n" + out + err);
            return status;
        }
        System.out.printf("AOT training run: trained and evaluated on %,d synthetic images in %.1f s%n",
                trainImages, (System.nanoTime() - start) / 1e9);
        return 0;
    }

    /**
     * Gzipped IDX files as the data set's publishers ship them: random pixels, the label's band of rows
     * brighter, so that training goes as on real data (the loss falls, ReLUs switch on and off).
     */
    private static void writeSplit(Path dir, DataSetSpec.Part imagesPart, DataSetSpec.Part labelsPart, int count, Random random)
            throws IOException {
        byte[] labels = new byte[count];
        byte[] pixels = new byte[count * SIDE * SIDE];
        for (int i = 0; i < count; i++) {
            int label = random.nextInt(CLASSES);
            labels[i] = (byte) label;
            for (int p = 0; p < SIDE * SIDE; p++) {
                boolean lit = (p / SIDE) * CLASSES / SIDE == label;
                pixels[i * SIDE * SIDE + p] = (byte) (lit ? 128 + random.nextInt(128) : random.nextInt(128));
            }
        }
        Files.createDirectories(dir);
        writeIdx(dir.resolve(imagesPart.fileName()), 0x0803, new int[] {count, SIDE, SIDE}, pixels);
        writeIdx(dir.resolve(labelsPart.fileName()), 0x0801, new int[] {count}, labels);
    }

    private static void writeIdx(Path file, int magic, int[] dims, byte[] data) throws IOException {
        try (OutputStream gzip = new GZIPOutputStream(Files.newOutputStream(file));
             DataOutputStream out = new DataOutputStream(gzip)) {
            out.writeInt(magic);
            for (int d : dims) {
                out.writeInt(d);
            }
            out.write(data);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}

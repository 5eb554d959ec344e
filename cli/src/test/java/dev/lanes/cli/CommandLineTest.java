package dev.lanes.cli;

import dev.lanes.nn.datasets.DataSetSpec;
import dev.lanes.nn.datasets.IdxFiles;
import dev.lanes.cli.report.EpochMetrics;
import dev.lanes.cli.report.MetricsCsv;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real command line, end to end, on a small generated data set in the MNIST layout (so it runs on any
 * machine): train, resume, evaluate, predict, and the one-line errors.
 */
class CommandLineTest {

    @TempDir
    static Path tmp;

    static Path data;

    record Run(int status, String out, String err) {
    }

    static Run lanes(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = LanesCli.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(status, out.toString(), err.toString());
    }

    @BeforeAll
    static void generateDataSet() throws IOException {
        data = tmp.resolve("data");
        IdxFiles.writeSyntheticDataSet(data, 700, 200, 10, 3);
    }

    private static String[] train(Path out, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("train", "--data", data.toString(), "--hidden", "32,16",
                "--batch-size", "32", "--lr", "0.005", "--validation", "100", "--seed", "7", "--threads", "1",
                "--no-progress", "-o", out.toString()));
        args.addAll(Arrays.asList(more));
        return args.toArray(String[]::new);
    }

    private static double number(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertTrue(m.find(), () -> "no match for " + regex + " in:\n" + text);
        return Double.parseDouble(m.group(1));
    }

    @Test
    void trainsWritesItsFilesAndResumes() throws IOException {
        Path out = tmp.resolve("run");
        Run first = lanes(train(out, "--epochs", "3", "--schedule", "constant"));
        assertEquals(0, first.status(), first.err());
        assertTrue(first.out().contains("Data: fashion-mnist from " + data), first.out());
        assertTrue(first.out().contains("600 train, 100 validation, 200 test images"), first.out());
        assertTrue(first.out().contains("Network: 100-32-16-10"), first.out());
        assertTrue(first.out().contains("kernels: "), first.out());
        assertTrue(first.out().contains("epoch 3/3"), first.out());
        double testAccuracy = number(first.out(), "Test accuracy: ([0-9.]+)%");
        assertTrue(testAccuracy > 60, "a learnable data set is learnt well above chance (10%): " + testAccuracy);

        for (String name : List.of("model.safetensors", "metrics.csv", "learning-curve.png", "summary.json", "checkpoint.safetensors")) {
            assertTrue(Files.size(out.resolve(name)) > 0, name);
        }
        assertEquals(3, MetricsCsv.read(out.resolve("metrics.csv")).size());
        assertNotNull(ImageIO.read(out.resolve("learning-curve.png").toFile()), "the chart is a PNG");
        String summary = Files.readString(out.resolve("summary.json"));
        assertEquals(testAccuracy / 100, number(summary, "\"test_accuracy\": ([0-9.]+)"), 1e-4, summary);
        assertTrue(summary.contains("\"samples_per_second\": "), summary);

        // Two more epochs from the checkpoint end exactly where an uninterrupted 5-epoch run ends.
        Run resumed = lanes(train(out, "--epochs", "5", "--schedule", "constant", "--resume"));
        assertEquals(0, resumed.status(), resumed.err());
        assertTrue(resumed.out().contains("Resuming after epoch 3"), resumed.out());
        assertFalse(resumed.out().contains("epoch 1/5 "), resumed.out());
        assertTrue(resumed.out().contains("epoch 5/5"), resumed.out());
        List<EpochMetrics> resumedHistory = MetricsCsv.read(out.resolve("metrics.csv"));
        Path straight = tmp.resolve("straight");
        assertEquals(0, lanes(train(straight, "--epochs", "5", "--schedule", "constant")).status());
        List<EpochMetrics> straightHistory = MetricsCsv.read(straight.resolve("metrics.csv"));
        assertEquals(5, resumedHistory.size());
        for (int e = 0; e < 5; e++) {
            assertEquals(straightHistory.get(e).trainLoss(), resumedHistory.get(e).trainLoss(), "train loss, epoch " + (e + 1));
            assertEquals(straightHistory.get(e).validationLoss(), resumedHistory.get(e).validationLoss(), "validation loss, epoch " + (e + 1));
        }
        assertEquals(number(lanes("evaluate", straight.resolve("model.safetensors").toString(), "--data", data.toString()).out(), "test loss ([0-9.]+)"),
                number(lanes("evaluate", out.resolve("model.safetensors").toString(), "--data", data.toString()).out(), "test loss ([0-9.]+)"));

        Run evaluate = lanes("evaluate", out.resolve("model.safetensors").toString(), "--data", data.toString());
        assertEquals(0, evaluate.status(), evaluate.err());
        assertTrue(evaluate.out().contains("Per-class accuracy:"), evaluate.out());
        assertTrue(evaluate.out().contains("Confusion matrix"), evaluate.out());
        assertTrue(number(evaluate.out(), "Test accuracy: ([0-9.]+)%") > 60, evaluate.out());

        Run predict = lanes("predict", out.resolve("model.safetensors").toString(), "--data", data.toString(), "--index", "0,5");
        assertEquals(0, predict.status(), predict.err());
        assertTrue(predict.out().contains("t10k-images-idx3-ubyte.gz[0]: "), predict.out());
        assertTrue(predict.out().contains("t10k-images-idx3-ubyte.gz[5]: "), predict.out());
        assertTrue(predict.out().contains("%"), predict.out());
    }

    @Test
    void warmUpLeavesTheRunBitForBitTheSameAndTheTimelineShowsEveryWindow() throws IOException {
        Path warm = tmp.resolve("warm"), cold = tmp.resolve("cold");
        Run warmRun = lanes(train(warm, "--epochs", "2", "--speed-every", "256"));
        Run coldRun = lanes(train(cold, "--epochs", "2", "--no-warm-up"));
        assertEquals(0, warmRun.status(), warmRun.err());
        assertEquals(0, coldRun.status(), coldRun.err());
        assertTrue(warmRun.out().contains("Warm-up: "), warmRun.out());
        assertFalse(coldRun.out().contains("Warm-up"), coldRun.out());
        assertTrue(Arrays.equals(Files.readAllBytes(warm.resolve("model.safetensors")), Files.readAllBytes(cold.resolve("model.safetensors"))),
                "the throwaway network's steps change nothing of the real run");
        // 600 training images in batches of 32: windows of 256 (8 batches), 256, and the epoch's last 88 images.
        Matcher timeline = Pattern.compile("speed per 256 samples \\(samples/s\\):( [0-9.]+k){3}\n").matcher(warmRun.out());
        assertTrue(timeline.find() && timeline.find(), "one timeline line per epoch, its three windows:\n" + warmRun.out());
    }

    @Test
    void resumingWithOtherSettingsIsRefused() {
        Path out = tmp.resolve("mismatch");
        assertEquals(0, lanes(train(out, "--epochs", "1", "--limit", "100")).status());
        Run other = lanes(train(out, "--epochs", "2", "--limit", "100", "--weight-decay", "0.01", "--resume"));
        assertEquals(2, other.status(), other.err());
        assertOneLine(other.err(), "--resume: the run in " + out + " was started with other settings");
        // The trainer's comparison names each option that differs.
        assertTrue(other.err().contains("optimizer: checkpoint adam(betas=(0.9, 0.999), eps=1.0E-8, weight_decay=0.0), "
                + "trainer adam(betas=(0.9, 0.999), eps=1.0E-8, weight_decay=0.01)"), other.err());
        assertTrue(other.err().contains("schedule: checkpoint cosine(1 epochs), trainer cosine(2 epochs)"), other.err());
        Run moreData = lanes(train(out, "--epochs", "1", "--limit", "150", "--resume"));
        assertEquals(2, moreData.status(), moreData.err());
        assertTrue(moreData.err().contains("trainImages: checkpoint 100, trainer 150"), moreData.err());
        Run none = lanes(train(tmp.resolve("fresh"), "--epochs", "1", "--resume"));
        assertEquals(2, none.status());
        assertOneLine(none.err(), "--resume: no checkpoint in");
    }

    @Test
    void badArgumentsGetOneLineAndStatusTwo() {
        assertOneLine(expect(2, "train", "--epochs", "0"), "lanes train: --epochs must be at least 1, got 0");
        assertOneLine(expect(2, "train", "--speed-every", "0"), "lanes train: --speed-every must be at least 1, got 0");
        // Hyper-parameters are checked once, by nn, and reach the command line as usage errors.
        assertOneLine(expect(2, train(tmp.resolve("bad"), "--optimizer", "sgd", "--momentum", "1", "--limit", "50")),
                "Sgd: momentum must be in [0, 1), got 1.0");
        assertOneLine(expect(2, train(tmp.resolve("bad"), "--weight-decay", "-1", "--limit", "50")), "Adam: weightDecay must be finite and >= 0, got -1.0");
        assertOneLine(expect(2, "train", "--hidden", "12,x"), "lanes train: Invalid value for option '--hidden'");
        assertOneLine(expect(2, "train", "--optimizer", "lbfgs"), "--optimizer");
        assertOneLine(expect(2, "train", "--bogus"), "Unknown option: '--bogus'");
        assertOneLine(expect(2, "frobnicate"), "lanes: Unmatched argument");
        assertOneLine(expect(2, "predict", "model.safetensors"), "lanes predict: Error: Missing required argument");
        assertOneLine(expect(1, "train", "--data", data.toString(), "--dataset", "cifar"), "unknown data set 'cifar'");
        assertOneLine(expect(1, "train", "--data", tmp.resolve("nowhere").toString()), "--data " + tmp.resolve("nowhere"));
        assertOneLine(expect(1, "evaluate", tmp.resolve("no-model.safetensors").toString()), "no-model.safetensors: no such file");
        assertOneLine(expect(1, "info", "--provider", "nonesuch"), "nonesuch");
    }

    @Test
    void corruptDataIsNamedInOneLine() throws IOException {
        Path broken = tmp.resolve("broken");
        IdxFiles.writeSyntheticDataSet(broken, 50, 10, 4, 1);
        Path labels = broken.resolve(DataSetSpec.Part.TEST_LABELS.fileName());
        byte[] bytes = Files.readAllBytes(labels);
        Files.write(labels, Arrays.copyOf(bytes, bytes.length - 6));
        Run run = lanes("train", "--data", broken.toString(), "--validation", "10", "--epochs", "1", "-o", tmp.resolve("b").toString());
        assertEquals(1, run.status());
        assertOneLine(run.err(), labels.toString());
    }

    @Test
    void downloadRejectsFilesThatDoNotMatchThePublishedSums() throws IOException {
        // A loopback server plays the official address and serves files that are not MNIST's: rejected by MD5.
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            Path file = data.resolve(exchange.getRequestURI().getPath().substring(1));
            try (exchange) {
                byte[] body = Files.readAllBytes(file);
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
        });
        server.start();
        String home = System.getProperty("user.home");
        Path fakeHome = tmp.resolve("home");
        System.setProperty("user.home", fakeHome.toString());
        try {
            Run run = lanes("download", "--dataset", "mnist", "--mirror", "http://127.0.0.1:" + server.getAddress().getPort() + "/");
            assertEquals(1, run.status(), run.out() + run.err());
            assertOneLine(run.err(), "train-images-idx3-ubyte.gz: MD5 mismatch, expected f68b3c2dcbeaaa9fbdd348bbdeb94873");
            Path cache = fakeHome.resolve(".cache/lanes/datasets/mnist");
            try (var files = Files.list(cache)) {
                assertEquals(0, files.count(), "nothing kept in " + cache);
            }
        } finally {
            System.setProperty("user.home", home);
            server.stop(0);
        }
    }

    @Test
    void infoNamesTheSelectedProvider() {
        Run info = lanes("info", "--threads", "1");
        assertEquals(0, info.status(), info.err());
        assertTrue(info.out().contains("Providers (highest rank first):"), info.out());
        assertTrue(info.out().contains("scalar"), info.out());
        assertTrue(info.out().contains("Selected:  kernels: "), info.out());
        assertTrue(info.out().contains("1 thread(s)"), info.out());
        assertTrue(info.out().contains("Java:"), info.out());
    }

    private static String expect(int status, String... args) {
        Run run = lanes(args);
        assertEquals(status, run.status(), () -> "exit status of " + List.of(args) + "; stderr: " + run.err() + " stdout: " + run.out());
        return run.err();
    }

    private static void assertOneLine(String err, String fragment) {
        List<String> lines = err.lines().filter(l -> !l.isBlank()).toList();
        assertEquals(1, lines.size(), () -> "one line expected on stderr, got:\n" + err);
        assertTrue(lines.getFirst().contains(fragment), () -> "\"" + lines.getFirst() + "\" lacks \"" + fragment + "\"");
        assertFalse(err.contains("Exception") || err.contains("\tat "), err);
    }
}

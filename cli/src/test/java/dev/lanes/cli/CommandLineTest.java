package dev.lanes.cli;

import dev.lanes.nn.datasets.DataSetSpec;
import dev.lanes.nn.datasets.IdxFiles;
import dev.lanes.cli.report.EpochMetrics;
import dev.lanes.cli.report.MetricsCsv;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import javax.imageio.ImageIO;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.lanes.cli.LanesRun.lanes;
import static dev.lanes.cli.LanesRun.number;
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

    @Test
    void trainsWritesItsFilesAndResumes() throws IOException {
        Path out = tmp.resolve("run");
        LanesRun first = lanes(train(out, "--epochs", "3", "--schedule", "constant"));
        assertEquals(0, first.status(), first.err());
        assertTrue(first.flatOut().contains("Data: fashion-mnist from " + data), first.out());
        assertTrue(first.flatOut().contains("600 train, 100 validation, 200 test images"), first.out());
        assertTrue(first.flatOut().contains("Network: 100-32-16-10"), first.out());
        assertTrue(first.flatOut().contains("kernels: "), first.out());
        assertTrue(first.flatOut().contains("epoch 3/3"), first.out());
        double testAccuracy = number(first.out(), "Test accuracy: ([0-9.]+)%");
        assertTrue(testAccuracy > 60, "a learnable data set is learnt well above chance (10%): " + testAccuracy);

        for (String name : List.of("model.safetensors", "metrics.csv", "learning-curve.png", "summary.json", "checkpoint.safetensors")) {
            assertTrue(Files.size(out.resolve(name)) > 0, name);
        }
        assertEquals(3, MetricsCsv.read(out.resolve("metrics.csv")).size());
        first.assertFits80Columns();
        assertNotNull(ImageIO.read(out.resolve("learning-curve.png").toFile()), "the chart is a PNG");
        String summary = Files.readString(out.resolve("summary.json"));
        assertEquals(testAccuracy / 100, number(summary, "\"test_accuracy\": ([0-9.]+)"), 1e-4, summary);
        assertTrue(summary.contains("\"samples_per_second\": "), summary);

        // Two more epochs from the checkpoint end exactly where an uninterrupted 5-epoch run ends.
        LanesRun resumed = lanes(train(out, "--epochs", "5", "--schedule", "constant", "--resume"));
        assertEquals(0, resumed.status(), resumed.err());
        assertTrue(resumed.flatOut().contains("Resuming after epoch 3"), resumed.out());
        assertFalse(resumed.flatOut().contains("epoch 1/5 "), resumed.out());
        assertTrue(resumed.flatOut().contains("epoch 5/5"), resumed.out());
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

        LanesRun evaluate = lanes("evaluate", out.resolve("model.safetensors").toString(), "--data", data.toString());
        assertEquals(0, evaluate.status(), evaluate.err());
        assertTrue(evaluate.flatOut().contains("Per-class accuracy:"), evaluate.out());
        assertTrue(evaluate.flatOut().contains("Confusion matrix"), evaluate.out());
        assertTrue(number(evaluate.out(), "Test accuracy: ([0-9.]+)%") > 60, evaluate.out());

        LanesRun predict = lanes("predict", out.resolve("model.safetensors").toString(), "--data", data.toString(), "--index", "0,5");
        assertEquals(0, predict.status(), predict.err());
        assertTrue(predict.flatOut().contains("t10k-images-idx3-ubyte.gz[0]: "), predict.out());
        assertTrue(predict.flatOut().contains("t10k-images-idx3-ubyte.gz[5]: "), predict.out());
        assertTrue(predict.flatOut().contains("%"), predict.out());
    }

    @Test
    void quantizedCopiesAreSmallerAndEvaluateAndPredict() throws IOException {
        Path out = tmp.resolve("quantize");
        assertEquals(0, lanes(train(out, "--epochs", "3", "--schedule", "constant", "--no-batch-norm")).status());
        Path model = out.resolve("model.safetensors");
        for (String flag : List.of("--int8", "--bf16", "--f16")) {
            LanesRun quantize = lanes("quantize", model.toString(), flag);
            assertEquals(0, quantize.status(), quantize.err());
            Path quantized = out.resolve("model-" + flag.substring(2) + ".safetensors");
            assertTrue(quantize.flatOut().contains("Wrote " + quantized), quantize.out());
            // Weights are most of the file: a quarter (int8) or half (16-bit) of their float32 bytes.
            assertTrue(Files.size(quantized) < Files.size(model) * (flag.equals("--int8") ? 0.4 : 0.65),
                    flag + ": " + Files.size(quantized) + " bytes against " + Files.size(model));
            LanesRun evaluate = lanes("evaluate", quantized.toString(), "--data", data.toString());
            assertEquals(0, evaluate.status(), evaluate.err());
            assertTrue(number(evaluate.out(), "Test accuracy: ([0-9.]+)%") > 60, evaluate.out());
            LanesRun predict = lanes("predict", quantized.toString(), "--data", data.toString(), "--index", "3");
            assertEquals(0, predict.status(), predict.err());
            assertTrue(predict.flatOut().contains("t10k-images-idx3-ubyte.gz[3]: "), predict.out());
        }
        Path named = tmp.resolve("named.safetensors");
        assertEquals(0, lanes("quantize", model.toString(), "--bf16", "-o", named.toString()).status());
        assertTrue(Files.exists(named));

        LanesRun twice = lanes("quantize", named.toString(), "--int8");
        assertEquals(2, twice.status());
        assertOneLine(twice.err(), "already quantized");
        LanesRun both = lanes("quantize", model.toString(), "--int8", "--bf16");
        assertEquals(2, both.status());
        LanesRun none = lanes("quantize", model.toString());
        assertEquals(2, none.status());
    }

    @Test
    void warmUpLeavesTheRunBitForBitTheSameAndTheTimelineShowsEveryWindow() throws IOException {
        Path warm = tmp.resolve("warm"), cold = tmp.resolve("cold");
        LanesRun warmRun = lanes(train(warm, "--epochs", "2", "--speed-every", "256"));
        LanesRun coldRun = lanes(train(cold, "--epochs", "2", "--no-warm-up"));
        assertEquals(0, warmRun.status(), warmRun.err());
        assertEquals(0, coldRun.status(), coldRun.err());
        assertTrue(warmRun.flatOut().contains("Warm-up: "), warmRun.out());
        assertFalse(coldRun.flatOut().contains("Warm-up"), coldRun.out());
        assertTrue(Arrays.equals(Files.readAllBytes(warm.resolve("model.safetensors")), Files.readAllBytes(cold.resolve("model.safetensors"))),
                "the throwaway network's steps change nothing of the real run");
        // 600 training images in batches of 32: windows of 256 (8 batches), 256, and the epoch's last 88 images.
        Matcher timeline = Pattern.compile("speed per 256 samples \\(samples/s\\):( [0-9.]+k){3}\n").matcher(warmRun.out());
        assertTrue(timeline.find() && timeline.find(), "one timeline line per epoch, its three windows:\n" + warmRun.out());
    }

    @Test
    void resumingWithOtherOptionsIsRefusedNamingThem() {
        Path out = tmp.resolve("mismatch");
        assertEquals(0, lanes(train(out, "--epochs", "1", "--limit", "100")).status());
        LanesRun other = lanes(train(out, "--epochs", "2", "--limit", "100", "--weight-decay", "0.01", "--resume"));
        assertOnlyLine(other, 2, "lanes train: --resume: the run in " + out + " was started with other options: "
                + "--weight-decay 0.0 then, 0.01 now; resume with the same options, or train into another --output");
        LanesRun two = lanes(train(out, "--epochs", "2", "--limit", "150", "--standardize", "--resume"));
        assertOnlyLine(two, 2, "lanes train: --resume: the run in " + out + " was started with other options: "
                + "--limit 100 then, 150 now; --standardize false then, true now; resume with the same options, or train into another --output");
        LanesRun smoothed = lanes(train(out, "--epochs", "1", "--limit", "100", "--label-smoothing", "0.1", "--resume"));
        assertOnlyLine(smoothed, 2, "lanes train: --resume: the run in " + out + " was started with other options: "
                + "--label-smoothing 0.0 then, 0.1 now; resume with the same options, or train into another --output");
        LanesRun none = lanes(train(tmp.resolve("fresh"), "--epochs", "1", "--resume"));
        assertEquals(2, none.status());
        assertOneLine(none.err(), "--resume: no checkpoint in");
    }

    @Test
    void aFinishedRunIsTrainedFurtherWithMoreEpochs() throws IOException {
        Path out = tmp.resolve("extended");
        assertEquals(0, lanes(train(out, "--epochs", "2")).status()); // the default cosine schedule
        LanesRun again = lanes(train(out, "--epochs", "2", "--resume"));
        assertOnlyLine(again, 2, "lanes train: --resume: the run in " + out + " has trained 2 epoch(s); give --epochs more than 2 to train it further");
        LanesRun more = lanes(train(out, "--epochs", "4", "--resume"));
        assertEquals(0, more.status(), more.err());
        assertTrue(more.flatOut().contains("Resuming after epoch 2"), more.out());
        assertTrue(more.flatOut().contains("epoch 4/4"), more.out());
        List<EpochMetrics> history = MetricsCsv.read(out.resolve("metrics.csv"));
        assertEquals(List.of(1, 2, 3, 4), history.stream().map(EpochMetrics::epoch).toList());
        // The added epochs follow the cosine schedule over the new total: epoch 3 of 4 starts at half the rate.
        assertEquals(0.005 * 0.5, history.get(2).learningRate(), 1e-12);
    }

    /** A command line, the exit status it must end with, and the one line it must print on standard error. */
    record BadCommandLine(List<String> args, int status, String line) {
        BadCommandLine(int status, String line, String... args) {
            this(List.of(args), status, line);
        }

        @Override
        public String toString() {
            return String.join(" ", args);
        }
    }

    static List<BadCommandLine> badCommandLines() {
        String nowhere = tmp.resolve("nowhere").toString();
        String noModel = tmp.resolve("no-model.safetensors").toString();
        return List.of(
                new BadCommandLine(2, "lanes: Unmatched argument at index 0: 'trian'; did you mean 'train'? (see 'lanes --help')", "trian"),
                new BadCommandLine(2, "lanes: Unmatched argument at index 0: 'evalute'; did you mean 'evaluate'? (see 'lanes --help')", "evalute"),
                new BadCommandLine(2, "lanes: Unmatched argument at index 0: 'frobnicate' (see 'lanes --help')", "frobnicate"),
                new BadCommandLine(2, "lanes train: Unknown options: '--epoch', '3'; did you mean '--epochs'? (see 'lanes train --help')",
                        "train", "--epoch", "3"),
                new BadCommandLine(2, "lanes train: Unknown option: '--hiden=3'; did you mean '--hidden'? (see 'lanes train --help')",
                        "train", "--hiden=3"),
                new BadCommandLine(2, "lanes train: Unknown option: '--bogus' (see 'lanes train --help')", "train", "--bogus"),
                new BadCommandLine(2, "lanes train: --epochs must be at least 1, got 0", "train", "--epochs", "0"),
                new BadCommandLine(2, "lanes train: --speed-every must be at least 1, got 0", "train", "--speed-every", "0"),
                new BadCommandLine(2, "lanes train: --threads must be at least 1, got 0", "train", "--threads", "0"),
                new BadCommandLine(2, "lanes train: --dataset: unknown data set 'cifar10'; known: fashion-mnist, mnist",
                        "train", "--dataset", "cifar10"),
                new BadCommandLine(2, "lanes train: --validation 70000 must be between 0 and 699 (the training file holds 700 images)",
                        "train", "--data", data.toString(), "--validation", "70000", "--threads", "1"),
                // Named before any work: the data (here, none) are not read.
                new BadCommandLine(2, "lanes train: --batch-size must be at least 1, got 0",
                        "train", "--data", nowhere, "--batch-size", "0", "--threads", "1", "-o", tmp.resolve("bad-batch").toString()),
                new BadCommandLine(2, "lanes train: --batch-size must be at least 1, got 0",
                        "train", "--csv", tmp.resolve("no.csv").toString(), "--target", "y", "--batch-size", "0"),
                new BadCommandLine(2, "lanes: Unknown subcommand 'trian'; did you mean 'train'? (see 'lanes --help')", "help", "trian"),
                new BadCommandLine(2, "lanes train: Invalid value for option '--hidden' (N[,N...]): 'x' is not an int (see 'lanes train --help')",
                        "train", "--hidden", "12,x"),
                new BadCommandLine(2, "lanes predict: Missing required parameter: 'MODEL' (see 'lanes predict --help')", "predict"),
                new BadCommandLine(2, "lanes info: --provider: No Lanes kernel provider is named 'nonesuch'; found: [vector, scalar]",
                        "info", "--provider", "nonesuch"),
                new BadCommandLine(2, "lanes evaluate: MODEL " + tmp + " is a folder; expected a model file (model.safetensors from "
                        + "'lanes train', or .onnx)", "evaluate", tmp.toString()),
                new BadCommandLine(1, "lanes train: --data " + nowhere + ": no fashion-mnist data set there (not a folder)",
                        "train", "--data", nowhere, "--threads", "1"),
                new BadCommandLine(1, "lanes evaluate: " + noModel + ": no such file", "evaluate", noModel));
    }

    @ParameterizedTest(name = "lanes {0}")
    @MethodSource("badCommandLines")
    void everyFailureIsOneLineWithItsStatus(BadCommandLine bad) {
        LanesRun run = lanes(bad.args().toArray(String[]::new));
        assertOnlyLine(run, bad.status(), bad.line());
        if (bad.status() == 2) {
            assertEquals("", run.out(), "a usage error is found before any work (or report) starts");
        }
    }

    @Test
    void hyperParametersAreCheckedByNnAndReportedAsUsageErrors() {
        assertOneLine(expect(2, train(tmp.resolve("bad"), "--optimizer", "sgd", "--momentum", "1", "--limit", "50")),
                "Sgd: momentum must be in [0, 1), got 1.0");
        assertOneLine(expect(2, train(tmp.resolve("bad"), "--weight-decay", "-1", "--limit", "50")), "Adam: weightDecay must be finite and >= 0, got -1.0");
        assertOneLine(expect(2, train(tmp.resolve("bad"), "--label-smoothing", "2", "--limit", "50")),
                "--class-weights/--label-smoothing: CrossEntropyLoss: labelSmoothing must be in [0, 1], got 2.0");
        assertOneLine(expect(2, train(tmp.resolve("bad"), "--class-weights", "1,2", "--limit", "50")), "--class-weights: 2 weights for 10 classes");
        assertOneLine(expect(2, train(tmp.resolve("bad"), "--class-weights", "1,x", "--limit", "50")),
                "--class-weights: expected balanced or numbers separated by commas, got 1,x");
        assertOneLine(expect(2, "train", "--hidden", "12,x"), "lanes train: Invalid value for option '--hidden'");
        assertOneLine(expect(2, "train", "--optimizer", "lbfgs"), "--optimizer");
    }

    @Test
    void aFolderHoldingAModelIsNamedAsWhatWasMeant() throws IOException {
        Path run = tmp.resolve("folder-run");
        Files.createDirectories(run);
        Files.writeString(run.resolve("model.safetensors"), "not read");
        assertOnlyLine(lanes("predict", run.toString(), "--index", "0"), 2, "lanes predict: MODEL " + run + " is a folder; "
                + "expected a model file (model.safetensors from 'lanes train', or .onnx); did you mean " + run.resolve("model.safetensors") + "?");
    }

    @Test
    void modelAndCheckpointGetTheUsualFileMode() throws IOException {
        Path out = tmp.resolve("modes");
        LanesRun run = lanes(train(out, "--epochs", "1", "--limit", "100"));
        assertEquals(0, run.status(), run.err());
        // A file created the ordinary way in the same folder has the mode the user's umask gives.
        Path ordinary = Files.createFile(out.resolve("ordinary"));
        var expected = Files.getPosixFilePermissions(ordinary);
        for (String name : List.of("model.safetensors", "checkpoint.safetensors", "metrics.csv", "summary.json", "learning-curve.png")) {
            assertEquals(expected, Files.getPosixFilePermissions(out.resolve(name)), name);
        }
        // "Wrote ..." names every file the run wrote.
        String wrote = run.flatOut().lines().filter(l -> l.startsWith("Wrote ")).findFirst().orElseThrow();
        try (var files = Files.list(out)) {
            for (Path file : files.filter(f -> !f.equals(ordinary)).toList()) {
                assertTrue(wrote.contains(file.toString()), file + " is not in: " + wrote);
            }
        }
    }

    @Test
    void corruptDataIsNamedInOneLine() throws IOException {
        Path broken = tmp.resolve("broken");
        IdxFiles.writeSyntheticDataSet(broken, 50, 10, 4, 1);
        Path labels = broken.resolve(DataSetSpec.Part.TEST_LABELS.fileName());
        byte[] bytes = Files.readAllBytes(labels);
        Files.write(labels, Arrays.copyOf(bytes, bytes.length - 6));
        LanesRun run = lanes("train", "--data", broken.toString(), "--validation", "10", "--epochs", "1", "-o", tmp.resolve("b").toString());
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
            LanesRun run = lanes("download", "--dataset", "mnist", "--mirror", "http://127.0.0.1:" + server.getAddress().getPort() + "/");
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
        LanesRun info = lanes("info", "--threads", "1");
        assertEquals(0, info.status(), info.err());
        assertTrue(info.flatOut().contains("Providers (highest rank first):"), info.out());
        assertTrue(info.flatOut().contains("scalar"), info.out());
        assertTrue(info.flatOut().contains("Selected:  kernels: "), info.out());
        assertTrue(info.flatOut().contains("1 thread(s)"), info.out());
        assertTrue(info.flatOut().contains("Java:"), info.out());
        info.assertFits80Columns();
    }

    private static String expect(int status, String... args) {
        LanesRun run = lanes(args);
        assertEquals(status, run.status(), () -> "exit status of " + List.of(args) + "; stderr: " + run.err() + " stdout: " + run.out());
        return run.err();
    }

    private static void assertOnlyLine(LanesRun run, int status, String line) {
        assertEquals(status, run.status(), () -> "exit status; stderr: " + run.err() + " stdout: " + run.out());
        assertEquals(line, run.err().strip(), "the line on standard error");
        assertEquals(1, run.err().lines().count(), run.err());
    }

    private static void assertOneLine(String err, String fragment) {
        List<String> lines = err.lines().filter(l -> !l.isBlank()).toList();
        assertEquals(1, lines.size(), () -> "one line expected on stderr, got:\n" + err);
        assertTrue(lines.getFirst().contains(fragment), () -> "\"" + lines.getFirst() + "\" lacks \"" + fragment + "\"");
        assertFalse(err.contains("Exception") || err.contains("\tat "), err);
    }
}

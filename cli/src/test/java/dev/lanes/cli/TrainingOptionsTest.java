package dev.lanes.cli;

import dev.lanes.cli.model.TrainedModel;
import dev.lanes.cli.report.EpochMetrics;
import dev.lanes.cli.report.MetricsCsv;
import dev.lanes.kernels.Kernels;
import dev.lanes.nn.datasets.IdxFiles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static dev.lanes.cli.LanesRun.lanes;
import static dev.lanes.cli.LanesRun.number;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The toolkit's options on {@code lanes train}, through the real command line on a small generated data set of
 * 10×10 images: each trains, is recorded in the model file (evaluate rebuilds the same network without them), a
 * resume with a changed option is refused naming it, and an augmented run resumes bit for bit.
 */
class TrainingOptionsTest {

    @TempDir
    static Path tmp;

    static Path data;

    @BeforeAll
    static void generateDataSet() throws IOException {
        data = tmp.resolve("data");
        IdxFiles.writeSyntheticDataSet(data, 400, 100, 10, 5);
    }

    private static String[] train(Path out, String... more) {
        List<String> args = new ArrayList<>(List.of("train", "--data", data.toString(), "--hidden", "24,12",
                "--batch-size", "32", "--lr", "0.005", "--validation", "100", "--seed", "3", "--threads", "1",
                "--no-progress", "-o", out.toString()));
        args.addAll(Arrays.asList(more));
        return args.toArray(String[]::new);
    }

    /**
     * Options → the layers the saved model holds (as its describe() shows them). Every optimiser and schedule
     * trains too; the model file records the network, so evaluate rebuilds it and scores it as train did.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--activation tanh --dropout 0.2                       | Tanh() | Dropout(p=0.2)",
            "--activation gelu --batch-norm                         | BatchNorm1d(24 | GELU()",
            "--activation gelu-tanh --layer-norm                    | LayerNorm(24 | GELU(approximate='tanh')",
            "--activation leaky-relu:0.2 --optimizer nesterov --schedule step | LeakyReLU(negative_slope=0.2) | Linear(12 → 10)",
            "--activation elu --optimizer rmsprop --schedule exponential --lr-gamma 0.9 | ELU( | Linear(24 → 12)",
            "--activation silu --optimizer adagrad --warmup 2       | SiLU() | Linear(100 → 24)",
            "--activation softplus --optimizer adamw --schedule one-cycle | Softplus( | Linear(100 → 24)",
            "--optimizer sgd --schedule one-cycle --clip-norm 0.5   | ReLU() | Linear(100 → 24)",
            "--schedule plateau --early-stopping 2 --augment shift=1,flip | ReLU() | Linear(100 → 24)",
    })
    void eachOptionTrainsAndTheModelFileRecordsTheNetwork(String options, String layer, String otherLayer) throws IOException {
        Path out = tmp.resolve("options-" + Math.abs(options.hashCode()));
        List<String> args = new ArrayList<>(Arrays.asList(train(out, "--epochs", "3")));
        args.addAll(Arrays.asList(options.trim().split(" +")));
        LanesRun run = lanes(args.toArray(String[]::new));
        assertEquals(0, run.status(), run.err());
        String saved = TrainedModel.load(out.resolve("model.safetensors"), Kernels.get()).net().describe();
        assertTrue(saved.contains(layer.trim()) && saved.contains(otherLayer.trim()), saved);
        double trained = number(run.out(), "test loss ([0-9.]+)");
        LanesRun evaluate = lanes("evaluate", out.resolve("model.safetensors").toString(), "--data", data.toString());
        assertEquals(0, evaluate.status(), evaluate.err());
        assertEquals(trained, number(evaluate.out(), "test loss ([0-9.]+)"), 1e-4, evaluate.out());
    }

    @Test
    void anAugmentedRunWithDropoutResumesBitForBit() throws IOException {
        String[] options = {"--dropout", "0.1", "--batch-norm", "--augment", "shift=2,flip", "--optimizer", "adamw",
                "--schedule", "step", "--lr-step", "1"};
        Path straight = tmp.resolve("straight"), pieces = tmp.resolve("pieces");
        assertEquals(0, lanes(with(train(straight, "--epochs", "4"), options)).status());
        assertEquals(0, lanes(with(train(pieces, "--epochs", "2"), options)).status());
        LanesRun resumed = lanes(with(train(pieces, "--epochs", "4", "--resume"), options));
        assertEquals(0, resumed.status(), resumed.err());
        List<EpochMetrics> whole = MetricsCsv.read(straight.resolve("metrics.csv")), parts = MetricsCsv.read(pieces.resolve("metrics.csv"));
        assertEquals(4, parts.size());
        for (int e = 0; e < 4; e++) {
            assertEquals(whole.get(e).trainLoss(), parts.get(e).trainLoss(), "train loss, epoch " + (e + 1));
            assertEquals(whole.get(e).validationLoss(), parts.get(e).validationLoss(), "validation loss, epoch " + (e + 1));
        }
        assertEquals(number(lanes("evaluate", straight.resolve("model.safetensors").toString(), "--data", data.toString()).out(), "test loss ([0-9.]+)"),
                number(lanes("evaluate", pieces.resolve("model.safetensors").toString(), "--data", data.toString()).out(), "test loss ([0-9.]+)"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--dropout 0.2              | --dropout 0.1 then, 0.2 now",
            "--dropout 0.1 --no-batch-norm | --batch-norm true then, false now",
            "--dropout 0.1 --activation gelu | --activation relu then, gelu now",
            "--dropout 0.1 --augment shift=2 | --augment shift=1 then, shift=2 now",
            "--dropout 0.1 --augment shift=1 --warmup 1 | --warmup 0 then, 1 now",
            "--dropout 0.1 --augment shift=1 --clip-norm 1 | --clip-norm none then, 1.0 now",
    })
    void aResumeWithAChangedOptionIsRefusedNamingIt(String options, String named) {
        Path out = tmp.resolve("refuse-" + Math.abs(options.hashCode()));
        assertEquals(0, lanes(train(out, "--epochs", "1", "--dropout", "0.1", "--augment", "shift=1")).status());
        List<String> args = new ArrayList<>(Arrays.asList(train(out, "--epochs", "2", "--resume")));
        args.addAll(Arrays.asList(options.trim().split(" +")));
        LanesRun run = lanes(args.toArray(String[]::new));
        assertEquals(2, run.status(), run.out());
        assertTrue(run.err().contains("--resume: the run in " + out + " was started with other options: "), run.err());
        assertTrue(run.err().contains(named.trim()), run.err());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--activation swish            | --activation swish: expected one of relu, tanh",
            "--activation leaky-relu:x     | leaky-relu takes a finite slope",
            "--dropout 1                   | --dropout must be in [0, 1), got 1.0",
            "--batch-norm --layer-norm     | --batch-norm and --layer-norm exclude each other",
            "--augment shift=x             | shift=N takes a whole number of pixels",
            "--augment shift=10            | shift=N with N in [0, 10) is required",
            "--augment rotate=5            | expected shift=N[,flip], flip or none, got 'rotate=5'",
            "--schedule one-cycle --warmup 2 | --warmup does not go with --schedule one-cycle",
            "--early-stopping 0            | --early-stopping must be at least 1, got 0",
            "--schedule linear             | expected one of constant, step, cosine, exponential, plateau, one-cycle",
    })
    void badOptionsAreRefusedInOneLine(String options, String message) {
        List<String> args = new ArrayList<>(Arrays.asList(train(tmp.resolve("bad"), "--epochs", "1")));
        args.addAll(Arrays.asList(options.trim().split(" +")));
        LanesRun run = lanes(args.toArray(String[]::new));
        assertEquals(2, run.status(), run.out() + run.err());
        List<String> lines = run.err().lines().filter(l -> !l.isBlank()).toList();
        assertEquals(1, lines.size(), run.err());
        assertTrue(lines.getFirst().contains(message.trim()), lines.getFirst());
        assertFalse(run.err().contains("\tat "), run.err());
    }

    private static String[] with(String[] args, String... more) {
        List<String> all = new ArrayList<>(Arrays.asList(args));
        all.addAll(Arrays.asList(more));
        return all.toArray(String[]::new);
    }
}

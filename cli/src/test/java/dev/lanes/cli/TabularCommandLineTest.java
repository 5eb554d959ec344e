package dev.lanes.cli;

import dev.lanes.nn.tabular.Table;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static dev.lanes.cli.LanesRun.lanes;
import static dev.lanes.cli.LanesRun.number;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code lanes train --csv}, {@code predict --csv} and {@code evaluate --csv} end to end on generated tables: a
 * classifier with a categorical column, a quoted field and missing cells, and a regression target; the model
 * file alone carries the preprocessing to prediction.
 */
class TabularCommandLineTest {

    @TempDir
    Path tmp;

    /**
     * Rows whose class is set by x + (colour == "red" ? 3 : 0) > 1.5 (or whose value is 2x − y + 3 for
     * regression): learnable only through both the numeric and the categorical column.
     */
    private Path table(String name, int rows, boolean regression, long seed) throws IOException {
        java.util.Random r = new java.util.Random(seed);
        List<String> lines = new ArrayList<>(List.of("x,colour,y,note,label"));
        for (int i = 0; i < rows; i++) {
            double x = r.nextGaussian(), y = r.nextGaussian();
            boolean red = r.nextBoolean();
            String label = regression ? String.format(Locale.ROOT, "%.4f", 2 * x - y + 3 + (red ? 1 : 0))
                    : (x + (red ? 3 : 0) > 1.5 ? "\"high, clearly\"" : "low");
            String xCell = i % 17 == 5 ? "" : String.format(Locale.ROOT, "%.4f", x); // a few missing cells
            lines.add(xCell + "," + (red ? "red" : "blue") + "," + String.format(Locale.ROOT, "%.4f", y) + ",n" + i % 3 + "," + label);
        }
        return Files.write(tmp.resolve(name), lines);
    }

    @Test
    void trainsPredictsAndEvaluatesAClassifier() throws IOException {
        Path train = table("train.csv", 400, false, 1), test = table("test.csv", 100, false, 2);
        Path run = tmp.resolve("run");
        LanesRun trained = lanes("train", "--csv", train.toString(), "--target", "label", "--epochs", "30", "--threads", "1",
                "--no-progress", "-o", run.toString());
        assertEquals(0, trained.status(), trained.err());
        assertTrue(trained.flatOut().contains("320 training, 80 held out; 7 input features; classification target 'label'"
                + " with classes [high, clearly, low]"), trained.out());
        assertTrue(trained.flatOut().contains("Network: 7-100-2"), trained.out());
        // 320 rows × 30 epochs × 900 weights is far below the size at which the vector kernels pay for their JIT time.
        boolean vectorByDefault = dev.lanes.kernels.Kernels.get().providerName().equals("vector");
        assertEquals(vectorByDefault, trained.flatOut().contains("kernels: scalar (portable scalar Java, no SIMD), 1 thread(s); "
                + "picked for a small run (320 rows × 30 epochs × 900 weights < 1e+09; --provider to choose)"), trained.out());
        assertTrue(number(trained.out(), "Accuracy ([0-9.]+)%") > 90, trained.out());
        for (String file : List.of("model.safetensors", "metrics.csv", "learning-curve.png", "summary.json")) {
            assertTrue(Files.isRegularFile(run.resolve(file)), file);
        }
        Path model = run.resolve("model.safetensors");

        LanesRun evaluated = lanes("evaluate", model.toString(), "--csv", test.toString(), "--threads", "1");
        assertEquals(0, evaluated.status(), evaluated.err());
        assertTrue(number(evaluated.out(), "Accuracy ([0-9.]+)%") > 90, evaluated.out());
        assertTrue(evaluated.flatOut().contains("ROC AUC"), evaluated.out());
        assertTrue(evaluated.flatOut().contains("macro    precision"), evaluated.out());

        Path predictions = tmp.resolve("predictions.csv");
        LanesRun predicted = lanes("predict", model.toString(), "--csv", test.toString(), "-o", predictions.toString(), "--threads", "1");
        assertEquals(0, predicted.status(), predicted.err());
        Table out = Table.read(predictions), truth = Table.read(test);
        assertEquals(List.of("predicted", "p(high, clearly)", "p(low)"), out.columns());
        assertEquals(100, out.size());
        int right = 0;
        for (int i = 0; i < out.size(); i++) {
            double p = Double.parseDouble(out.cell(i, 1)) + Double.parseDouble(out.cell(i, 2));
            assertEquals(1, p, 1e-5, "probabilities of a row sum to 1");
            right += out.cell(i, 0).equals(truth.cell(i, truth.column("label"))) ? 1 : 0;
        }
        assertTrue(right > 90, right + " of 100 predictions right");
    }

    @Test
    void trainsAndPredictsARegressionTargetInItsUnits() throws IOException {
        Path train = table("train.csv", 400, true, 3), test = table("test.csv", 50, true, 4);
        Path run = tmp.resolve("run");
        LanesRun trained = lanes("train", "--csv", train.toString(), "--target", "label", "--epochs", "40", "--threads", "1",
                "--no-progress", "-o", run.toString());
        assertEquals(0, trained.status(), trained.err());
        assertTrue(trained.flatOut().contains("regression target 'label'"), trained.out());
        assertTrue(!trained.flatOut().contains("NaN"), trained.out());
        LanesRun evaluated = lanes("evaluate", run.resolve("model.safetensors").toString(), "--csv", test.toString());
        assertEquals(0, evaluated.status(), evaluated.err());
        assertTrue(number(evaluated.out(), "R² ([-0-9.]+)") > 0.9, evaluated.out());
        LanesRun predicted = lanes("predict", run.resolve("model.safetensors").toString(), "--csv", test.toString());
        assertEquals(0, predicted.status(), predicted.err());
        String[] lines = predicted.out().split("\n");
        assertEquals("predicted", lines[0].strip());
        assertEquals(51, lines.length);
        double first = Double.parseDouble(lines[1].strip());
        assertTrue(first > -5 && first < 12, "a value in the target's units, not standardised: " + first);
    }

    @Test
    void aTableRunIsResumedAndExtendedToTheSameBitsAsOneStraightRun() throws IOException {
        Path train = table("train.csv", 120, false, 6), test = table("test.csv", 40, false, 7);
        Path straight = tmp.resolve("straight"), split = tmp.resolve("split");
        // A constant rate, so that the 3 + 2 epochs follow the same schedule as 5 in one go.
        List<String> common = List.of("train", "--csv", train.toString(), "--target", "label", "--schedule", "constant",
                "--threads", "1", "--no-progress");
        assertEquals(0, lanes(with(common, "--epochs", "5", "-o", straight.toString())).status());
        LanesRun first = lanes(with(common, "--epochs", "3", "-o", split.toString()));
        assertEquals(0, first.status(), first.err());
        assertTrue(first.flatOut().contains(split.resolve("checkpoint.safetensors").toString()), "Wrote ... names the checkpoint: " + first.out());
        LanesRun changed = lanes(with(common, "--epochs", "5", "--lr", "0.01", "--resume", "-o", split.toString()));
        assertEquals(2, changed.status());
        assertEquals("lanes train: --resume: the run in " + split + " was started with other options: --lr 0.001 then, 0.01 now; "
                + "resume with the same options, or train into another --output", changed.err().strip());
        LanesRun resumed = lanes(with(common, "--epochs", "5", "--resume", "-o", split.toString()));
        assertEquals(0, resumed.status(), resumed.err());
        assertTrue(resumed.flatOut().contains("Resuming after epoch 3"), resumed.out());
        assertTrue(resumed.flatOut().contains("epoch 5/5"), resumed.out());
        assertTrue(!resumed.flatOut().contains("epoch 3/5"), resumed.out());
        assertEquals(predictions(straight, test), predictions(split, test), "3 epochs, then 2 more, give the same model as 5");
        LanesRun again = lanes(with(common, "--epochs", "5", "--resume", "-o", split.toString()));
        assertEquals(2, again.status());
        assertTrue(again.err().contains("has trained 5 epoch(s); give --epochs more than 5"), again.err());
    }

    @Test
    void everyLineFitsAnEightyColumnTerminalEvenWithLongPaths() throws IOException {
        Path deep = Files.createDirectories(tmp.resolve("a-folder-with-a-rather-long-name-as-people-have/and-another-one-inside-it"));
        Path train = Files.copy(table("train.csv", 100, false, 8), deep.resolve("my-own-table-with-a-long-file-name.csv"));
        Path run = deep.resolve("the-run-folder-named-at-length");
        LanesRun trained = lanes("train", "--csv", train.toString(), "--target", "label", "--epochs", "2", "--threads", "1",
                "--no-progress", "-o", run.toString());
        assertEquals(0, trained.status(), trained.err());
        trained.assertFits80Columns();
        assertTrue(trained.out().lines().anyMatch(l -> l.equals("  " + run.resolve("model.safetensors") + ",")),
                "a path too long to share a line is on a line of its own:\n" + trained.out());
        LanesRun evaluated = lanes("evaluate", run.resolve("model.safetensors").toString(), "--csv", train.toString(), "--threads", "1");
        assertEquals(0, evaluated.status(), evaluated.err());
        evaluated.assertFits80Columns();
        Path predictions = deep.resolve("predictions-of-the-model-on-the-same-table.csv");
        LanesRun predicted = lanes("predict", run.resolve("model.safetensors").toString(), "--csv", train.toString(),
                "-o", predictions.toString(), "--threads", "1");
        assertEquals(0, predicted.status(), predicted.err());
        predicted.assertFits80Columns();
    }

    private static String[] with(List<String> common, String... more) {
        List<String> args = new ArrayList<>(common);
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    private String predictions(Path run, Path test) {
        LanesRun predicted = lanes("predict", run.resolve("model.safetensors").toString(), "--csv", test.toString(), "--threads", "1");
        assertEquals(0, predicted.status(), predicted.err());
        return predicted.out();
    }

    @Test
    void badTablesAndOptionsGetOneLine() throws IOException {
        Path train = table("train.csv", 50, false, 5);
        LanesRun noTarget = lanes("train", "--csv", train.toString(), "--no-progress", "-o", tmp.resolve("a").toString());
        assertEquals(2, noTarget.status());
        assertTrue(noTarget.err().contains("--csv needs --target COLUMN"), noTarget.err());
        LanesRun wrongTarget = lanes("train", "--csv", train.toString(), "--target", "price", "--no-progress", "-o", tmp.resolve("b").toString());
        assertEquals(1, wrongTarget.status());
        assertTrue(wrongTarget.err().contains("no target column 'price'; the columns are x, colour, y, note, label"), wrongTarget.err());
        Path corrupt = Files.writeString(tmp.resolve("corrupt.csv"), "x,label\n1,a\n2\n");
        LanesRun bad = lanes("train", "--csv", corrupt.toString(), "--target", "label", "--no-progress", "-o", tmp.resolve("c").toString());
        assertEquals(1, bad.status());
        assertEquals("lanes train: " + corrupt + ": line 3 has 1 fields, but the header has 2 columns", bad.err().strip());
    }
}

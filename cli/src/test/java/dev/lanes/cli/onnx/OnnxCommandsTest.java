package dev.lanes.cli.onnx;

import dev.lanes.cli.LanesRun;
import dev.lanes.nn.datasets.IdxFiles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.lanes.cli.LanesRun.lanes;
import static dev.lanes.cli.LanesRun.number;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code lanes export --onnx}, and ONNX models given to {@code evaluate} and {@code predict}, on a small generated
 * data set: the exported model scores exactly as the safetensors one (its parameters are the same bits), and bad
 * ONNX files or names get one line and the usual exit status.
 */
class OnnxCommandsTest {

    @TempDir
    static Path tmp;

    static Path data;
    static Path model;

    @BeforeAll
    static void trainAModel() throws IOException {
        data = tmp.resolve("data");
        IdxFiles.writeSyntheticDataSet(data, 700, 200, 10, 3);
        Path run = tmp.resolve("run");
        LanesRun train = lanes("train", "--data", data.toString(), "--hidden", "16", "--epochs", "3", "--validation", "100",
                "--batch-size", "32", "--lr", "0.005",
                // ONNX export takes Linear, ReLU and Sigmoid only: not the default's BatchNorm1d and Dropout.
                "--no-batch-norm", "--dropout", "0", "--augment", "none",
                "--standardize", "--threads", "1", "--no-progress", "-o", run.toString());
        assertEquals(0, train.status(), train.err());
        model = run.resolve("model.safetensors");
    }

    @Test
    void anExportedModelEvaluatesAndPredictsAsTheOriginal() throws IOException {
        Path onnx = tmp.resolve("model.onnx");
        LanesRun export = lanes("export", model.toString(), "--onnx", onnx.toString());
        assertEquals(0, export.status(), export.err());
        assertTrue(export.flatOut().contains("Wrote " + onnx + ": 100-16-10 network, ONNX opset 13, input 'input' [batch, 100]"), export.out());
        assertTrue(Files.size(onnx) > 0);

        // The pixel standardisation travels in the ONNX file's metadata: evaluate prints the same figures.
        String original = lanes("evaluate", model.toString(), "--data", data.toString(), "--threads", "1").flatOut();
        LanesRun fromOnnx = lanes("evaluate", onnx.toString(), "--data", data.toString(), "--threads", "1");
        assertEquals(0, fromOnnx.status(), fromOnnx.err());
        assertEquals(figures(original), figures(fromOnnx.flatOut()));
        assertTrue(number(fromOnnx.out(), "Test accuracy: ([0-9.]+)%") > 60, "learnt well above chance: " + fromOnnx.out());
        assertTrue(fromOnnx.flatOut().contains("Confusion matrix"), fromOnnx.out());

        LanesRun predict = lanes("predict", onnx.toString(), "--data", data.toString(), "--index", "0,7");
        assertEquals(0, predict.status(), predict.err());
        assertEquals(lanes("predict", model.toString(), "--data", data.toString(), "--index", "0,7").out(), predict.out());
    }

    @Test
    void badOnnxFilesAndNamesGetOneLine() throws IOException {
        Path notOnnx = tmp.resolve("garbage.onnx");
        Files.write(notOnnx, new byte[] {0x3A, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x07, 1, 2});
        record Case(List<String> args, int status, String fragment) {
        }
        List<Case> cases = List.of(
                new Case(List.of("evaluate", notOnnx.toString(), "--data", data.toString()), 1,
                        notOnnx + ": not a readable ONNX model"),
                new Case(List.of("predict", notOnnx.toString(), "--index", "0", "--data", data.toString()), 1,
                        notOnnx + ": not a readable ONNX model"),
                new Case(List.of("export", model.toString(), "--onnx", tmp.resolve("model.bin").toString()), 2,
                        "the file name must end in .onnx"),
                new Case(List.of("export", model.toString()), 2, "Missing required option: '--onnx=FILE'"));
        for (Case c : cases) {
            LanesRun run = lanes(c.args().toArray(String[]::new));
            assertEquals(c.status(), run.status(), c.args() + ": " + run.err());
            List<String> lines = run.err().lines().filter(l -> !l.isBlank()).toList();
            assertEquals(1, lines.size(), run.err());
            assertTrue(lines.getFirst().contains(c.fragment()), lines.getFirst());
            assertFalse(run.err().contains("\tat "), run.err());
        }
    }

    /** The lines of evaluate's report that hold results (not the model's file name or the timing). */
    private static List<String> figures(String report) {
        return report.lines().filter(l -> !l.startsWith("Model:") && !l.contains("images/s")).toList();
    }
}

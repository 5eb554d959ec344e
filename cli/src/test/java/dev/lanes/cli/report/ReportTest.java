package dev.lanes.cli.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.lanes.nn.datasets.Failures.assertFails;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReportTest {

    @TempDir
    Path dir;

    @Test
    void progressBarShowsFractionRateLossAndTimeLeft() {
        ProgressBar bar = new ProgressBar(new PrintStream(new ByteArrayOutputStream()), true, "epoch 1/3", 1000, 120);
        String line = bar.render(250, 0.61234, 500_000_000L);
        assertEquals("epoch 1/3 [========                      ]  25%  250/1000   500 samples/s    loss 0.6123   ETA 1.50 s", line);
    }

    /** Terminal widths from the narrowest to wider than the full line: the line always fits, the bar shrinks first. */
    @ParameterizedTest(name = "{0} columns")
    @ValueSource(ints = {20, 24, 30, 40, 50, 60, 70, 79, 80, 81, 100, 200})
    void progressBarFitsTheTerminalWidth(int columns) {
        ProgressBar bar = new ProgressBar(new PrintStream(new ByteArrayOutputStream()), true, "epoch 10/20", 60_000, columns);
        for (long done : new long[] {0, 1, 29_999, 60_000}) {
            String line = bar.render(done, 2.302585, 1_234_567_890L);
            assertTrue(line.length() <= columns - 1, () -> "\"" + line + "\" is " + line.length() + " characters for " + columns + " columns");
            assertTrue(line.contains("%"), line);
            if (columns >= 80) {
                assertTrue(line.contains("samples/s") && line.contains("loss 2.3026") && line.contains("ETA"), line);
            }
        }
        String full = bar.render(60_000, 2.302585, 1_234_567_890L);
        assertTrue(full.startsWith("epoch 10/20 [") || columns < 40, () -> "a bar fits in " + columns + " columns: " + full);
    }

    @Test
    void progressBarDrawsNothingWhenDisabled() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressBar bar = new ProgressBar(new PrintStream(bytes), false, "epoch", 10, 80);
        bar.update(10, 1);
        bar.finish();
        assertEquals(0, bytes.size());
    }

    @Test
    void progressBarRedrawsInPlaceAndClearsItsLine() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressBar bar = new ProgressBar(new PrintStream(bytes, true, StandardCharsets.UTF_8), true, "e", 10, 80);
        bar.update(10, 0.5);
        bar.finish();
        String drawn = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(drawn.startsWith("\re ["), drawn);
        assertTrue(drawn.endsWith("\r"), drawn);
        assertTrue(drawn.contains("10/10"), drawn);
    }

    @Test
    void metricsRoundTripThroughCsv() throws IOException {
        List<EpochMetrics> epochs = List.of(new EpochMetrics(1, 0.001, 0.6, 0.79, 0.44, 0.845, 67.8, 737.5),
                new EpochMetrics(2, 0.0009, 0.4, 0.85, 0.39, 0.86, 60.1, 831.9));
        Path file = dir.resolve("metrics.csv");
        MetricsCsv.write(file, epochs);
        assertEquals(MetricsCsv.HEADER, Files.readAllLines(file).getFirst());
        assertEquals(epochs, MetricsCsv.read(file));
        Files.writeString(file, "epoch,loss\n1,2\n");
        assertFails(IOException.class, () -> MetricsCsv.read(file), file + ": not a Lanes metrics file");
    }

    @Test
    void confusionMatrixCountsAndFormats() {
        ConfusionMatrix m = new ConfusionMatrix(3);
        int[][] pairs = {{0, 0}, {0, 0}, {0, 1}, {1, 1}, {2, 0}, {2, 2}, {2, 2}, {2, 2}};
        for (int[] p : pairs) {
            m.add(p[0], p[1]);
        }
        assertEquals(8, m.total());
        assertEquals(6 / 8.0, m.accuracy());
        assertEquals(2 / 3.0, m.classAccuracy(0));
        assertEquals(1.0, m.classAccuracy(1));
        assertEquals(0.75, m.classAccuracy(2));
        String table = m.format(List.of("cat", "dog", "bird"));
        assertTrue(table.contains("  2 bird   75.00%"), table);
        assertTrue(table.contains("  0 cat       2    1    0"), table);
        assertTrue(Double.isNaN(new ConfusionMatrix(2).classAccuracy(1)));
    }

    @Test
    void chartIsAPngOfTwoPanels() throws IOException {
        Path file = dir.resolve("curve.png");
        LearningCurveChart.write(file, "test", List.of(new EpochMetrics(1, 0.001, 0.6, 0.79, 0.44, 0.845, 1, 1),
                new EpochMetrics(2, 0.001, 0.4, 0.85, 0.39, 0.86, 1, 1)));
        var image = javax.imageio.ImageIO.read(file.toFile());
        assertEquals(1120, image.getWidth());
        assertEquals(400, image.getHeight());
    }
}

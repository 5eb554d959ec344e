package dev.lanes.benchmarks;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ChartsTest {

    @TempDir
    Path dir;

    @Test
    void writesBarAndLineChartsAsPngFiles() throws Exception {
        Path bars = dir.resolve("sub/bars.png");
        Charts.bars(bars, "GEMM", "shape", "GFLOP/s", List.of(
                new Charts.Series("Lanes", List.of("64x256x784", "1024^3"), List.of(150.0, 210.0)),
                new Charts.Series("OpenBLAS", List.of("64x256x784", "1024^3"), List.of(175.0, 205.0))));
        Path lines = dir.resolve("lines.png");
        Charts.lines(lines, "Training", "batch", "samples/s", true, List.of(
                new Charts.Series("Lanes", List.of(32, 64, 128), List.of(1e5, 2e5, 2.5e5))));

        for (Path png : List.of(bars, lines)) {
            BufferedImage image = ImageIO.read(png.toFile());
            assertEquals(1000, image.getWidth(), png + " width");
            assertEquals(600, image.getHeight(), png + " height");
        }
    }

    @Test
    void rejectsMismatchedOrNonNumericSeries() {
        assertThrows(IllegalArgumentException.class, () -> new Charts.Series("s", List.of(1, 2), List.of(1.0)));
        assertThrows(IllegalArgumentException.class, () -> Charts.lines(dir.resolve("x.png"), "t", "x", "y", false,
                List.of(new Charts.Series("s", List.of("a"), List.of(1.0)))));
        assertThrows(IllegalArgumentException.class, () -> Charts.bars(dir.resolve("x.png"), "t", "x", "y", List.of()));
    }
}

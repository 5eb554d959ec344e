package dev.lanes.cli.data;

import dev.lanes.nn.datasets.Failures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static dev.lanes.nn.datasets.Failures.assertFails;
import static org.junit.jupiter.api.Assertions.assertEquals;

class PngImagesTest {

    @TempDir
    Path dir;

    @Test
    void readsGreyScaledAndOptionallyInverted() throws IOException {
        BufferedImage image = new BufferedImage(56, 56, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 56; y++) {
            for (int x = 0; x < 56; x++) {
                image.setRGB(x, y, (x < 28 ? Color.WHITE : Color.BLACK).getRGB());
            }
        }
        Path png = dir.resolve("half.png");
        ImageIO.write(image, "png", png.toFile());
        int[] pixels = PngImages.readGrey(png, 28, 28, false);
        assertEquals(28 * 28, pixels.length);
        assertEquals(255, pixels[0]);
        assertEquals(0, pixels[27 * 28 + 27]);
        int[] inverted = PngImages.readGrey(png, 28, 28, true);
        assertEquals(0, inverted[0]);
        assertEquals(255, inverted[27 * 28 + 27]);
    }

    @Test
    void rejectsWhatIsNotAnImage() throws IOException {
        Path text = Files.writeString(dir.resolve("x.png"), "not a picture");
        assertFails(IOException.class, () -> PngImages.readGrey(text, 28, 28, false), text + ": not an image");
        assertFails(IOException.class, () -> PngImages.readGrey(dir.resolve("absent.png"), 28, 28, false), "no such file");
    }
}

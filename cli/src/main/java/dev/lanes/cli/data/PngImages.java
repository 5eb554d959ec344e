package dev.lanes.cli.data;

import javax.imageio.ImageIO;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Images from PNG files as the grey 0..255 pixels a network trained on MNIST-style data expects. */
public final class PngImages {

    private PngImages() {
    }

    /**
     * The image in {@code file}, converted to grey and scaled to {@code width×height}, row by row, 0 = black.
     *
     * @param invert for dark drawings on light paper: MNIST and Fashion-MNIST are light objects on black
     */
    public static int[] readGrey(Path file, int width, int height, boolean invert) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": no such file");
        }
        System.setProperty("java.awt.headless", "true");
        BufferedImage source = ImageIO.read(file.toFile());
        if (source == null) {
            throw new IOException(file + ": not an image this JVM can read (PNG expected)");
        }
        BufferedImage grey = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = grey.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(source, 0, 0, width, height, null);
        } finally {
            g.dispose();
        }
        int[] pixels = new int[width * height];
        grey.getRaster().getPixels(0, 0, width, height, pixels);
        if (invert) {
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] = 255 - pixels[i];
            }
        }
        return pixels;
    }
}

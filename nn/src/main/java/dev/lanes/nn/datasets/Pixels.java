package dev.lanes.nn.datasets;

/**
 * How raw pixels (0..255) become network inputs: scaled to [0,1], then optionally standardised with one mean
 * and standard deviation (computed on the training images, and stored with the model so evaluation and
 * prediction use the same numbers).
 *
 * @param mean subtracted after scaling (0 for none)
 * @param std  divided by after that (1 for none)
 */
public record Pixels(float mean, float std) {

    /** Pixels scaled to [0, 1], not standardised. */
    public static final Pixels SCALED = new Pixels(0f, 1f);

    /**
     * Checks the numbers.
     *
     * @throws IllegalArgumentException if the mean is not finite or the std not finite and positive
     */
    public Pixels {
        if (!(std > 0) || !Float.isFinite(mean) || !Float.isFinite(std)) {
            throw new IllegalArgumentException("Pixels: need a finite mean and a positive std, got mean=" + mean + ", std=" + std);
        }
    }

    /**
     * The mean and standard deviation of the scaled pixels of {@code images}, over all pixels.
     *
     * @param images the training images
     * @return the standardising transform (std 1 if every pixel is alike)
     */
    public static Pixels standardising(IdxReader.Images images) {
        long[] histogram = new long[256];
        for (byte b : images.pixels()) {
            histogram[b & 0xFF]++;
        }
        double n = images.pixels().length, sum = 0, sumSquares = 0;
        for (int v = 0; v < 256; v++) {
            double x = v / 255.0;
            sum += histogram[v] * x;
            sumSquares += histogram[v] * x * x;
        }
        double mean = sum / n;
        double variance = Math.max(sumSquares / n - mean * mean, 0);
        return new Pixels((float) mean, (float) Math.sqrt(variance == 0 ? 1 : variance));
    }

    /**
     * One pixel as an input.
     *
     * @param pixel 0..255
     * @return (pixel / 255 − mean) / std
     */
    public float apply(int pixel) {
        return (pixel / 255f - mean) / std;
    }

    /**
     * Images {@code from..to} of {@code images} as network inputs, one row per image.
     *
     * @param images the images
     * @param from the first image
     * @param to the image after the last
     * @return a new array of (to − from) × pixelsPerImage inputs
     */
    public float[] apply(IdxReader.Images images, int from, int to) {
        int width = images.pixelsPerImage();
        float[] table = new float[256];
        for (int v = 0; v < 256; v++) {
            table[v] = apply(v);
        }
        float[] out = new float[(to - from) * width];
        byte[] pixels = images.pixels();
        for (int i = 0, base = from * width; i < out.length; i++) {
            out[i] = table[pixels[base + i] & 0xFF];
        }
        return out;
    }
}

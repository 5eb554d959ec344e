package dev.lanes.nn.data;

import dev.lanes.nn.SeededRandom;
import dev.lanes.nn.Tensor;

import java.util.Arrays;

/**
 * Moves each image of a training batch by a random offset (dx, dy), each uniform in [−maxShift, maxShift], the
 * uncovered border filled with a constant; optionally mirrors it left–right first, with probability ½. Rows of the
 * batch are single-channel images stored row-major ({@code height·width} features). Pixel (x, y) of the result is
 * pixel (x − dx, y − dy) of the (mirrored) image, or {@code fill} where that lies outside it; so dx = 1 moves the
 * content one pixel to the right, as {@code torch.roll} would without wrapping around.
 *
 * <p>The draws of batch b in epoch e come from {@code SeededRandom.stream(SeededRandom.streamSeed(seed, e), b)}, in
 * row order: dy, dx, then (with flips) one bit. Allocates only its scratch image, once.
 */
public final class RandomShift implements Augmentation {

    private final int height;
    private final int width;
    private final int maxShift;
    private final boolean flip;
    private final double fill;
    private final long seed;
    private final SeededRandom random = new SeededRandom(0);
    private float[] floatScratch;
    private double[] doubleScratch;

    /**
     * A shift of up to {@code maxShift} pixels each way.
     *
     * @param height the images' height, ≥ 1
     * @param width the images' width, ≥ 1
     * @param maxShift the largest shift along each axis, in [0, min(height, width))
     * @param flip whether each image is also mirrored left–right with probability ½
     * @param fill the value of uncovered pixels (0 for a black border in [0, 1] pixels; the transformed 0 for
     *             standardised pixels), finite
     * @param seed any value: the same seed gives the same shifts
     * @throws IllegalArgumentException if a size is out of range or fill is not finite
     */
    public RandomShift(int height, int width, int maxShift, boolean flip, double fill, long seed) {
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("RandomShift: height and width must be positive, got " + height + "x" + width);
        }
        if (maxShift < 0 || maxShift >= Math.min(height, width)) {
            throw new IllegalArgumentException("RandomShift: maxShift must be in [0, " + Math.min(height, width)
                    + ") for " + height + "x" + width + " images, got " + maxShift);
        }
        if (!Double.isFinite(fill)) {
            throw new IllegalArgumentException("RandomShift: fill must be finite, got " + fill);
        }
        this.height = height;
        this.width = width;
        this.maxShift = maxShift;
        this.flip = flip;
        this.fill = fill;
        this.seed = seed;
    }

    /**
     * Shifts (and mirrors) every row of {@code inputs} in place.
     *
     * @throws IllegalArgumentException if the rows are not height·width features, before any row changes
     */
    @Override
    public void apply(Tensor inputs, long epoch, int batch) {
        if (inputs.rank() != 2 || inputs.cols() != height * width) {
            throw new IllegalArgumentException("RandomShift: inputs must be [rows, " + height * width + "] ("
                    + height + "x" + width + " images), got " + inputs.describe());
        }
        random.restart(SeededRandom.streamSeed(SeededRandom.streamSeed(seed, epoch), batch));
        int span = 2 * maxShift + 1, pixels = height * width;
        Object storage = inputs.storage();
        Object scratch = scratch(inputs);
        for (int r = 0; r < inputs.rows(); r++) {
            int dy = random.nextInt(span) - maxShift;
            int dx = random.nextInt(span) - maxShift;
            boolean mirror = flip && (random.nextLong() & 1) != 0;
            int offset = r * pixels;
            System.arraycopy(storage, offset, scratch, 0, pixels);
            if (mirror) {
                mirrorRows(scratch);
            }
            shiftInto(scratch, storage, offset, dx, dy);
        }
    }

    private Object scratch(Tensor inputs) {
        return switch (inputs.dtype()) {
            case F32 -> floatScratch != null ? floatScratch : (floatScratch = new float[height * width]);
            case F64 -> doubleScratch != null ? doubleScratch : (doubleScratch = new double[height * width]);
        };
    }

    /** The image in {@code source} moved by (dx, dy) into {@code target} at {@code offset}, the rest filled. */
    private void shiftInto(Object source, Object target, int offset, int dx, int dy) {
        int from = Math.max(0, dx), to = Math.min(width, width + dx); // target columns with a source pixel
        for (int y = 0; y < height; y++) {
            int row = offset + y * width, sy = y - dy;
            if (sy < 0 || sy >= height) {
                fill(target, row, row + width);
                continue;
            }
            fill(target, row, row + from);
            System.arraycopy(source, sy * width + from - dx, target, row + from, to - from);
            fill(target, row + to, row + width);
        }
    }

    private void fill(Object target, int from, int to) {
        if (target instanceof float[] f) {
            Arrays.fill(f, from, to, (float) fill);
        } else {
            Arrays.fill((double[]) target, from, to, fill);
        }
    }

    private void mirrorRows(Object image) {
        for (int y = 0; y < height; y++) {
            for (int i = y * width, j = i + width - 1; i < j; i++, j--) {
                if (image instanceof float[] f) {
                    float t = f[i];
                    f[i] = f[j];
                    f[j] = t;
                } else {
                    double[] d = (double[]) image;
                    double t = d[i];
                    d[i] = d[j];
                    d[j] = t;
                }
            }
        }
    }

    @Override
    public String describe() {
        return "RandomShift(" + height + "x" + width + ", " + maxShift + (flip ? ", flip" : "") + ", fill " + fill
                + ", seed " + seed + ")";
    }
}

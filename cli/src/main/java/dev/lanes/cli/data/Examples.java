package dev.lanes.cli.data;

/**
 * Labelled examples in memory: {@code count} rows of {@code width} features (row-major, one image per row)
 * and one label per row. The arrays are shared, not copied.
 */
public record Examples(float[] features, int[] labels, int count, int width) {

    public Examples {
        if (count < 0 || width <= 0 || features.length != (long) count * width || labels.length != count) {
            throw new IllegalArgumentException("Examples: features length " + features.length + " and labels length "
                    + labels.length + " do not fit count=" + count + ", width=" + width);
        }
    }
}

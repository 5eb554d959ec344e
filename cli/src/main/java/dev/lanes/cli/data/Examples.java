package dev.lanes.cli.data;

import java.util.Arrays;

/**
 * Labelled examples in memory: {@code count} rows of {@code width} features (row-major, one image per row)
 * and one label per row. Immutable by convention: the arrays are shared, not copied, by slicing.
 */
public record Examples(float[] features, int[] labels, int count, int width) {

    public Examples {
        if (count < 0 || width <= 0 || features.length != (long) count * width || labels.length != count) {
            throw new IllegalArgumentException("Examples: features length " + features.length + " and labels length "
                    + labels.length + " do not fit count=" + count + ", width=" + width);
        }
    }

    /** Rows {@code from} (inclusive) to {@code to} (exclusive), copied. */
    public Examples rows(int from, int to) {
        if (from < 0 || to > count || from > to) {
            throw new IllegalArgumentException("Examples.rows: [" + from + ", " + to + ") is outside 0.." + count);
        }
        return new Examples(Arrays.copyOfRange(features, from * width, to * width),
                Arrays.copyOfRange(labels, from, to), to - from, width);
    }
}

package dev.lanes.nn.train;

/**
 * Labels arrays of exactly a batch's rows (a loss checks one label per row), reused: one for the full
 * batch, one for an epoch's (or a data set's) short last one, so that batching labels allocates nothing
 * once both have been seen.
 */
final class BatchLabels {

    private int[] full = new int[0];
    private int[] last = new int[0];

    /** An array of exactly {@code rows} labels; its contents are whatever was there. */
    int[] rows(int rows, int fullRows) {
        if (full.length == rows) {
            return full;
        }
        if (rows == fullRows) {
            return full = new int[rows];
        }
        if (last.length != rows) {
            last = new int[rows];
        }
        return last;
    }
}

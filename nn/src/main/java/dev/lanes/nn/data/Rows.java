package dev.lanes.nn.data;

import dev.lanes.nn.Buffer;
import dev.lanes.nn.Tensor;

/** Copying rows of a [samples, width] tensor: the one place features and value targets are batched and selected. */
final class Rows {

    private Rows() {
    }

    /** Rows {@code order[first .. first + rows)} of {@code source} into {@code buffer}'s [rows, width] view. */
    static Tensor gather(Tensor source, int[] order, int first, int rows, Buffer buffer) {
        int cols = source.cols();
        Tensor out = buffer.matrix(source.dtype(), rows, cols);
        Object from = source.storage(), to = out.storage();
        for (int r = 0; r < rows; r++) {
            System.arraycopy(from, order[first + r] * cols, to, r * cols, cols);
        }
        return out;
    }

    /** A new [samples.length, width…] tensor holding these rows of {@code source} (any rank ≥ 1), in this order. */
    static Tensor select(Tensor source, int[] samples) {
        int[] shape = source.shape();
        shape[0] = samples.length;
        Tensor out = Tensor.zeros(source.dtype(), shape);
        int width = source.cols();
        Object from = source.storage(), to = out.storage();
        for (int i = 0; i < samples.length; i++) {
            System.arraycopy(from, samples[i] * width, to, i * width, width);
        }
        return out;
    }
}

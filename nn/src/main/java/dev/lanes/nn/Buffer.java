package dev.lanes.nn;

import java.util.Arrays;

/**
 * A reusable activation or gradient buffer: storage that grows to the largest shape asked for and is then
 * reused, so a training loop allocates nothing per batch. A smaller batch gets a view of a prefix of the
 * storage (the kernels take explicit sizes).
 *
 * <p>Two views are kept, so asking again for a shape served before returns the same tensor: the largest one
 * (the full batch) and the last other one (an epoch's short last batch). Epochs that alternate between the two
 * therefore allocate nothing, neither storage nor view objects.
 */
public final class Buffer {

    private Tensor storage;
    /** The largest view served over the current storage, usually the full batch's. */
    private Tensor largest;
    /** The last smaller view served over the current storage. */
    private Tensor other;

    /** An empty buffer: it allocates on the first request, for the shape asked for. */
    public Buffer() {
    }

    /**
     * A [rows, cols] tensor of this dtype over this buffer's storage; its contents are whatever was there.
     *
     * @param dtype the element type
     * @param rows the number of rows, ≥ 0
     * @param cols the number of columns, ≥ 0
     * @return a view valid until the next request with another shape, which may reuse the storage
     */
    public Tensor matrix(DType dtype, int rows, int cols) {
        if (isMatrix(largest, dtype, rows, cols)) {
            return largest;
        }
        if (isMatrix(other, dtype, rows, cols)) {
            return other;
        }
        return allocate(dtype, new int[] {rows, cols});
    }

    /**
     * A tensor with the dtype and shape of {@code like} over this buffer's storage.
     *
     * @param like the tensor whose dtype and shape to take (its contents are not copied)
     * @return a view valid until the next request with another shape, which may reuse the storage
     */
    public Tensor like(Tensor like) {
        return find(like.dtype(), like.shapeRef());
    }

    /**
     * A tensor of this dtype and shape over this buffer's storage; its contents are whatever was there.
     *
     * @param dtype the element type
     * @param shape the size of each dimension, each ≥ 0
     * @return a view valid until the next request with another shape, which may reuse the storage
     */
    public Tensor get(DType dtype, int... shape) {
        return find(dtype, shape);
    }

    private Tensor find(DType dtype, int[] shape) {
        if (has(largest, dtype, shape)) {
            return largest;
        }
        if (has(other, dtype, shape)) {
            return other;
        }
        return allocate(dtype, shape); // the view copies the shape
    }

    private static boolean isMatrix(Tensor view, DType dtype, int rows, int cols) {
        return view != null && view.dtype() == dtype && view.rank() == 2 && view.dim(0) == rows && view.dim(1) == cols;
    }

    private static boolean has(Tensor view, DType dtype, int[] shape) {
        return view != null && view.dtype() == dtype && Arrays.equals(view.shapeRef(), shape);
    }

    private Tensor allocate(DType dtype, int[] shape) {
        long needed = 1;
        for (int d : shape) {
            needed *= d;
        }
        if (storage == null || storage.dtype() != dtype || storage.size() < needed) {
            storage = Tensor.zeros(dtype, Math.toIntExact(needed));
            largest = null;
            other = null;
        }
        Tensor view = dtype == DType.F32 ? Tensor.of(storage.floats(), shape) : Tensor.of(storage.doubles(), shape);
        if (largest == null || view.size() >= largest.size()) {
            largest = view;
        } else {
            other = view;
        }
        return view;
    }
}

package dev.lanes.nn;

import java.util.Arrays;

/**
 * A reusable activation or gradient buffer: storage that grows to the largest shape asked for and is then
 * reused, so a training loop allocates nothing per batch. A smaller batch gets a view of a prefix of the
 * storage (the kernels take explicit sizes). The last view is kept, so asking again for the same shape
 * returns the same tensor.
 */
public final class Buffer {

    private Tensor storage;
    private Tensor view;

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
        if (view != null && view.dtype() == dtype && view.rank() == 2 && view.dim(0) == rows && view.dim(1) == cols) {
            return view;
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
        if (view != null && view.dtype() == like.dtype() && Arrays.equals(view.shapeRef(), like.shapeRef())) {
            return view;
        }
        return allocate(like.dtype(), like.shape());
    }

    /**
     * A tensor of this dtype and shape over this buffer's storage; its contents are whatever was there.
     *
     * @param dtype the element type
     * @param shape the size of each dimension, each ≥ 0
     * @return a view valid until the next request with another shape, which may reuse the storage
     */
    public Tensor get(DType dtype, int... shape) {
        if (view != null && view.dtype() == dtype && Arrays.equals(view.shapeRef(), shape)) {
            return view;
        }
        return allocate(dtype, shape.clone());
    }

    private Tensor allocate(DType dtype, int[] shape) {
        long needed = 1;
        for (int d : shape) {
            needed *= d;
        }
        if (storage == null || storage.dtype() != dtype || storage.size() < needed) {
            storage = Tensor.zeros(dtype, Math.toIntExact(needed));
        }
        view = dtype == DType.F32 ? Tensor.of(storage.floats(), shape) : Tensor.of(storage.doubles(), shape);
        return view;
    }
}

package dev.lanes.nn;

import java.util.Arrays;

/**
 * A dense, row-major, contiguous array of {@code float} or {@code double} with a shape.
 *
 * <p>The storage is a plain {@code float[]} or {@code double[]} that the kernels work on directly. It may be
 * longer than the shape needs: then the tensor is a view of its first {@link #size()} elements (layers reuse
 * one buffer for every batch size this way). {@link #reshape} and {@link #flatten} never copy: the result
 * shares the storage, as numpy's {@code reshape} of a contiguous array does.
 */
public final class Tensor {

    private final DType dtype;
    private final int[] shape;
    private final int size;
    private final float[] floats;
    private final double[] doubles;

    private Tensor(DType dtype, int[] shape, float[] floats, double[] doubles) {
        this.dtype = dtype;
        this.shape = shape;
        this.size = checkedSize(shape);
        this.floats = floats;
        this.doubles = doubles;
        int capacity = floats != null ? floats.length : doubles.length;
        if (capacity < size) {
            throw new IllegalArgumentException("Tensor: storage of " + capacity + " elements is too short for shape "
                    + Arrays.toString(shape) + " (" + size + " elements)");
        }
    }

    /** A tensor of zeros. */
    public static Tensor zeros(DType dtype, int... shape) {
        int n = checkedSize(shape);
        return dtype == DType.F32 ? new Tensor(dtype, shape.clone(), new float[n], null)
                : new Tensor(dtype, shape.clone(), null, new double[n]);
    }

    /** A float32 tensor over {@code data} (not copied); data may be longer than the shape needs. */
    public static Tensor of(float[] data, int... shape) {
        return new Tensor(DType.F32, shape.clone(), data, null);
    }

    /** A float64 tensor over {@code data} (not copied); data may be longer than the shape needs. */
    public static Tensor of(double[] data, int... shape) {
        return new Tensor(DType.F64, shape.clone(), null, data);
    }

    /** A 2-D tensor of the given dtype holding these rows (copied). */
    public static Tensor matrix(DType dtype, double[][] rows) {
        int cols = rows.length == 0 ? 0 : rows[0].length;
        Tensor t = zeros(dtype, rows.length, cols);
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != cols) {
                throw new IllegalArgumentException("Tensor.matrix: row " + i + " has " + rows[i].length
                        + " elements, row 0 has " + cols);
            }
            for (int j = 0; j < cols; j++) {
                t.setFlat(i * cols + j, rows[i][j]);
            }
        }
        return t;
    }

    private static int checkedSize(int[] shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("Tensor: negative dimension in shape " + Arrays.toString(shape));
            }
            n *= d;
            if (n > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("Tensor: shape " + Arrays.toString(shape) + " has more elements than a Java array can hold");
            }
        }
        return (int) n;
    }

    public DType dtype() {
        return dtype;
    }

    /** A copy of the shape. */
    public int[] shape() {
        return shape.clone();
    }

    /** The shape array itself, for allocation-free comparisons inside this package; never modified. */
    int[] shapeRef() {
        return shape;
    }

    public int rank() {
        return shape.length;
    }

    /** The size of dimension {@code i}; negative i counts from the end, as in numpy. */
    public int dim(int i) {
        int j = i < 0 ? shape.length + i : i;
        if (j < 0 || j >= shape.length) {
            throw new IllegalArgumentException("Tensor.dim: no dimension " + i + " in shape " + Arrays.toString(shape));
        }
        return shape[j];
    }

    /** The number of elements the shape holds. */
    public int size() {
        return size;
    }

    /** Rows of this tensor read as a matrix: the first dimension (1 for a scalar). */
    public int rows() {
        return shape.length == 0 ? 1 : shape[0];
    }

    /** Columns of this tensor read as a matrix: the product of all dimensions after the first. */
    public int cols() {
        if (shape.length <= 1) {
            return shape.length == 0 ? 1 : (shape[0] == 0 ? 0 : 1);
        }
        int n = 1;
        for (int i = 1; i < shape.length; i++) {
            n *= shape[i];
        }
        return n;
    }

    /** The float32 storage (shared, may be longer than {@link #size()}). */
    public float[] floats() {
        if (floats == null) {
            throw new IllegalStateException("Tensor.floats: this tensor is " + dtype + ", not F32");
        }
        return floats;
    }

    /** The float64 storage (shared, may be longer than {@link #size()}). */
    public double[] doubles() {
        if (doubles == null) {
            throw new IllegalStateException("Tensor.doubles: this tensor is " + dtype + ", not F64");
        }
        return doubles;
    }

    /** The storage array itself: a {@code float[]} or a {@code double[]}. */
    public Object storage() {
        return floats != null ? floats : doubles;
    }

    /**
     * The same elements with another shape, sharing the storage. One dimension may be −1: it is inferred.
     *
     * @throws IllegalArgumentException if the element counts differ, naming both shapes
     */
    public Tensor reshape(int... newShape) {
        int[] s = newShape.clone();
        int inferred = -1;
        long known = 1;
        for (int i = 0; i < s.length; i++) {
            if (s[i] == -1) {
                if (inferred >= 0) {
                    throw new IllegalArgumentException("reshape: only one dimension may be -1, got " + Arrays.toString(newShape));
                }
                inferred = i;
            } else if (s[i] < 0) {
                throw new IllegalArgumentException("reshape: negative dimension in " + Arrays.toString(newShape));
            } else {
                known *= s[i];
            }
        }
        if (inferred >= 0) {
            if (known == 0 || size % known != 0) {
                throw new IllegalArgumentException("reshape: cannot view shape " + Arrays.toString(shape) + " (" + size
                        + " elements) as " + Arrays.toString(newShape));
            }
            s[inferred] = (int) (size / known);
            known = size;
        }
        if (known != size) {
            throw new IllegalArgumentException("reshape: cannot view shape " + Arrays.toString(shape) + " (" + size
                    + " elements) as " + Arrays.toString(newShape) + " (" + known + " elements)");
        }
        return new Tensor(dtype, s, floats, doubles);
    }

    /** A [rows, cols] view: the first dimension kept, the rest flattened (a batch of 3×32×32 images becomes rows of 3072). */
    public Tensor flatten() {
        return shape.length == 2 ? this : new Tensor(dtype, new int[] {rows(), cols()}, floats, doubles);
    }

    /** The first {@code n} rows as a [n, cols…] view sharing the storage. */
    public Tensor firstRows(int n) {
        if (shape.length == 0 || n < 0 || n > shape[0]) {
            throw new IllegalArgumentException("firstRows: cannot take " + n + " rows of shape " + Arrays.toString(shape));
        }
        int[] s = shape.clone();
        s[0] = n;
        return new Tensor(dtype, s, floats, doubles);
    }

    /** Element {@code i} of the row-major order, as a double. */
    public double getFlat(int i) {
        Checks.index(i, size, shape);
        return floats != null ? floats[i] : doubles[i];
    }

    /** Sets element {@code i} of the row-major order (rounded to float for F32). */
    public void setFlat(int i, double value) {
        Checks.index(i, size, shape);
        if (floats != null) {
            floats[i] = (float) value;
        } else {
            doubles[i] = value;
        }
    }

    /** The element at these indices, one per dimension. */
    public double get(int... index) {
        return getFlat(flatIndex(index));
    }

    /** Sets the element at these indices, one per dimension. */
    public void set(double value, int... index) {
        setFlat(flatIndex(index), value);
    }

    private int flatIndex(int[] index) {
        if (index.length != shape.length) {
            throw new IllegalArgumentException("Tensor: " + index.length + " indices for shape " + Arrays.toString(shape));
        }
        int flat = 0;
        for (int i = 0; i < shape.length; i++) {
            if (index[i] < 0 || index[i] >= shape[i]) {
                throw new IndexOutOfBoundsException("Tensor: index " + Arrays.toString(index) + " out of shape " + Arrays.toString(shape));
            }
            flat = flat * shape[i] + index[i];
        }
        return flat;
    }

    /** A copy with its own storage of exactly {@link #size()} elements. */
    public Tensor copy() {
        return floats != null ? new Tensor(dtype, shape.clone(), Arrays.copyOf(floats, size), null)
                : new Tensor(dtype, shape.clone(), null, Arrays.copyOf(doubles, size));
    }

    /** A copy converted to {@code target} (this tensor copied if it already is). */
    public Tensor to(DType target) {
        if (target == dtype) {
            return copy();
        }
        Tensor t = zeros(target, shape);
        for (int i = 0; i < size; i++) {
            t.setFlat(i, getFlat(i));
        }
        return t;
    }

    /** The elements as doubles (a copy). */
    public double[] toDoubleArray() {
        double[] out = new double[size];
        for (int i = 0; i < size; i++) {
            out[i] = getFlat(i);
        }
        return out;
    }

    /** Copies all elements of {@code source} (same dtype and size) into this tensor. */
    public void copyFrom(Tensor source) {
        if (source.dtype != dtype || source.size != size) {
            throw new IllegalArgumentException("copyFrom: source " + source.describe() + " does not match " + describe());
        }
        System.arraycopy(source.storage(), 0, storage(), 0, size);
    }

    /** Sets every element to 0. */
    public void fillZero() {
        if (floats != null) {
            Arrays.fill(floats, 0, size, 0f);
        } else {
            Arrays.fill(doubles, 0, size, 0d);
        }
    }

    /** True if both have the same dtype, shape and elements (bit for bit, so NaN equals NaN). */
    public boolean contentEquals(Tensor other) {
        if (other.dtype != dtype || !Arrays.equals(other.shape, shape)) {
            return false;
        }
        return floats != null ? Arrays.equals(floats, 0, size, other.floats, 0, size)
                : Arrays.equals(doubles, 0, size, other.doubles, 0, size);
    }

    /** For messages: e.g. {@code F32[32, 784]}. */
    public String describe() {
        return dtype + Arrays.toString(shape);
    }

    /** Checks this tensor has the given shape, naming the operation and argument otherwise. */
    public Tensor requireShape(String op, String name, int... expected) {
        if (!Arrays.equals(shape, expected)) {
            throw new IllegalArgumentException(op + ": " + name + " has shape " + Arrays.toString(shape)
                    + ", expected " + Arrays.toString(expected));
        }
        return this;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Tensor(").append(describe()).append(", [");
        int shown = Math.min(size, 8);
        for (int i = 0; i < shown; i++) {
            sb.append(i > 0 ? ", " : "").append(getFlat(i));
        }
        return sb.append(size > shown ? ", …])" : "])").toString();
    }

    private static final class Checks {
        static void index(int i, int size, int[] shape) {
            if (i < 0 || i >= size) {
                throw new IndexOutOfBoundsException("Tensor: flat index " + i + " out of shape " + Arrays.toString(shape) + " (" + size + " elements)");
            }
        }
    }
}

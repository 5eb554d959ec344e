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

    /**
     * A tensor of zeros.
     *
     * @param dtype the element type
     * @param shape the size of each dimension, each ≥ 0; none for a scalar
     * @return a new tensor with its own storage of exactly the shape's size
     * @throws IllegalArgumentException if a dimension is negative or the shape holds more elements than an array can
     */
    public static Tensor zeros(DType dtype, int... shape) {
        int n = checkedSize(shape);
        return dtype == DType.F32 ? new Tensor(dtype, shape.clone(), new float[n], null)
                : new Tensor(dtype, shape.clone(), null, new double[n]);
    }

    /**
     * A float32 tensor over {@code data} (not copied); data may be longer than the shape needs.
     *
     * @param data the storage, used as it is: later writes to it show in the tensor
     * @param shape the size of each dimension, each ≥ 0
     * @return an F32 tensor viewing the first elements of {@code data}
     * @throws IllegalArgumentException if a dimension is negative or {@code data} is shorter than the shape's size
     */
    public static Tensor of(float[] data, int... shape) {
        return new Tensor(DType.F32, shape.clone(), data, null);
    }

    /**
     * A float64 tensor over {@code data} (not copied); data may be longer than the shape needs.
     *
     * @param data the storage, used as it is: later writes to it show in the tensor
     * @param shape the size of each dimension, each ≥ 0
     * @return an F64 tensor viewing the first elements of {@code data}
     * @throws IllegalArgumentException if a dimension is negative or {@code data} is shorter than the shape's size
     */
    public static Tensor of(double[] data, int... shape) {
        return new Tensor(DType.F64, shape.clone(), null, data);
    }

    /**
     * A 2-D tensor of the given dtype holding these rows (copied).
     *
     * @param dtype the element type; values are rounded to float for F32
     * @param rows the elements, one array per row, all of the same length
     * @return a new [rows.length, cols] tensor
     * @throws IllegalArgumentException if the rows differ in length, naming the row
     */
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

    /**
     * The element type.
     *
     * @return the element type, which says whether {@link #floats()} or {@link #doubles()} holds the data
     */
    public DType dtype() {
        return dtype;
    }

    /**
     * A copy of the shape.
     *
     * @return the size of each dimension; changing the array does not change the tensor
     */
    public int[] shape() {
        return shape.clone();
    }

    /** The shape array itself, for allocation-free comparisons inside this package; never modified. */
    int[] shapeRef() {
        return shape;
    }

    /**
     * The number of dimensions.
     *
     * @return the number of dimensions, 0 for a scalar
     */
    public int rank() {
        return shape.length;
    }

    /**
     * The size of dimension {@code i}; negative i counts from the end, as in numpy.
     *
     * @param i the dimension, from 0, or from −1 for the last
     * @return its size
     * @throws IllegalArgumentException if the tensor has no such dimension
     */
    public int dim(int i) {
        int j = i < 0 ? shape.length + i : i;
        if (j < 0 || j >= shape.length) {
            throw new IllegalArgumentException("Tensor.dim: no dimension " + i + " in shape " + Arrays.toString(shape));
        }
        return shape[j];
    }

    /**
     * The number of elements the shape holds.
     *
     * @return the product of the dimensions (1 for a scalar); the storage may be longer
     */
    public int size() {
        return size;
    }

    /**
     * Rows of this tensor read as a matrix: the first dimension (1 for a scalar).
     *
     * @return the first dimension, or 1 for a scalar
     */
    public int rows() {
        return shape.length == 0 ? 1 : shape[0];
    }

    /**
     * Columns of this tensor read as a matrix: the product of all dimensions after the first.
     *
     * @return the product of the dimensions after the first; 1 for a scalar or a non-empty vector
     */
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

    /**
     * The float32 storage (shared, may be longer than {@link #size()}).
     *
     * @return the storage itself, not a copy
     * @throws IllegalStateException if this tensor is F64
     */
    public float[] floats() {
        if (floats == null) {
            throw new IllegalStateException("Tensor.floats: this tensor is " + dtype + ", not F32");
        }
        return floats;
    }

    /**
     * The float64 storage (shared, may be longer than {@link #size()}).
     *
     * @return the storage itself, not a copy
     * @throws IllegalStateException if this tensor is F32
     */
    public double[] doubles() {
        if (doubles == null) {
            throw new IllegalStateException("Tensor.doubles: this tensor is " + dtype + ", not F64");
        }
        return doubles;
    }

    /**
     * The storage array itself: a {@code float[]} or a {@code double[]}.
     *
     * @return the storage itself, for code that handles both dtypes alike (e.g. {@link System#arraycopy})
     */
    public Object storage() {
        return floats != null ? floats : doubles;
    }

    /**
     * The same elements with another shape, sharing the storage. One dimension may be −1: it is inferred.
     *
     * @param newShape the new dimensions, whose product is {@link #size()}; one may be −1
     * @return a view of this tensor's storage with that shape
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

    /**
     * A [rows, cols] view: the first dimension kept, the rest flattened (a batch of 3×32×32 images becomes rows of 3072).
     *
     * @return {@code this} if it already is 2-D, else a [rows(), cols()] view sharing the storage
     */
    public Tensor flatten() {
        return shape.length == 2 ? this : new Tensor(dtype, new int[] {rows(), cols()}, floats, doubles);
    }

    /**
     * The first {@code n} rows as a [n, cols…] view sharing the storage.
     *
     * @param n how many rows to keep, in [0, rows]
     * @return a view sharing the storage (the first rows are its start)
     * @throws IllegalArgumentException if n is out of range or the tensor is a scalar
     */
    public Tensor firstRows(int n) {
        if (shape.length == 0 || n < 0 || n > shape[0]) {
            throw new IllegalArgumentException("firstRows: cannot take " + n + " rows of shape " + Arrays.toString(shape));
        }
        int[] s = shape.clone();
        s[0] = n;
        return new Tensor(dtype, s, floats, doubles);
    }

    /**
     * Element {@code i} of the row-major order, as a double.
     *
     * @param i the index in [0, size)
     * @return the element, widened to double for F32
     * @throws IndexOutOfBoundsException if i is not in [0, size)
     */
    public double getFlat(int i) {
        Checks.index(i, size, shape);
        return floats != null ? floats[i] : doubles[i];
    }

    /**
     * Sets element {@code i} of the row-major order (rounded to float for F32).
     *
     * @param i the index in [0, size)
     * @param value the new value
     * @throws IndexOutOfBoundsException if i is not in [0, size)
     */
    public void setFlat(int i, double value) {
        Checks.index(i, size, shape);
        if (floats != null) {
            floats[i] = (float) value;
        } else {
            doubles[i] = value;
        }
    }

    /**
     * The element at these indices, one per dimension.
     *
     * @param index one index per dimension, each in [0, dim)
     * @return the element, widened to double for F32
     * @throws IllegalArgumentException if the number of indices is not the rank
     * @throws IndexOutOfBoundsException if an index is out of its dimension
     */
    public double get(int... index) {
        return getFlat(flatIndex(index));
    }

    /**
     * Sets the element at these indices, one per dimension.
     *
     * @param value the new value, rounded to float for F32
     * @param index one index per dimension, each in [0, dim)
     * @throws IllegalArgumentException if the number of indices is not the rank
     * @throws IndexOutOfBoundsException if an index is out of its dimension
     */
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

    /**
     * A copy with its own storage of exactly {@link #size()} elements.
     *
     * @return a new tensor of the same dtype and shape; later writes to either do not show in the other
     */
    public Tensor copy() {
        return floats != null ? new Tensor(dtype, shape.clone(), Arrays.copyOf(floats, size), null)
                : new Tensor(dtype, shape.clone(), null, Arrays.copyOf(doubles, size));
    }

    /**
     * A copy converted to {@code target} (this tensor copied if it already is).
     *
     * @param target the element type of the copy; F64 to F32 rounds to nearest
     * @return a new tensor of the same shape
     */
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

    /**
     * The elements as doubles (a copy).
     *
     * @return a new array of {@link #size()} elements in row-major order
     */
    public double[] toDoubleArray() {
        double[] out = new double[size];
        for (int i = 0; i < size; i++) {
            out[i] = getFlat(i);
        }
        return out;
    }

    /**
     * Copies all elements of {@code source} (same dtype and size) into this tensor.
     *
     * @param source the tensor whose first {@link #size()} elements are copied; its shape may differ
     * @throws IllegalArgumentException if the dtypes or sizes differ
     */
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

    /**
     * True if both have the same dtype, shape and elements (bit for bit, so NaN equals NaN).
     *
     * @param other the tensor to compare with
     * @return whether the dtypes, shapes and first {@link #size()} elements are equal
     */
    public boolean contentEquals(Tensor other) {
        if (other.dtype != dtype || !Arrays.equals(other.shape, shape)) {
            return false;
        }
        return floats != null ? Arrays.equals(floats, 0, size, other.floats, 0, size)
                : Arrays.equals(doubles, 0, size, other.doubles, 0, size);
    }

    /**
     * For messages: e.g. {@code F32[32, 784]}.
     *
     * @return the dtype and the shape
     */
    public String describe() {
        return dtype + Arrays.toString(shape);
    }

    /**
     * Checks this tensor has the given shape, naming the operation and argument otherwise.
     *
     * @param op the operation, for the message
     * @param name the argument this tensor is, for the message
     * @param expected the shape it must have
     * @return {@code this}, so a check can be chained
     * @throws IllegalArgumentException if the shape differs, naming both
     */
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

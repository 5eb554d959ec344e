package dev.lanes.spark;

import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.types.UserDefinedType;

/** ML vectors into the float rows Lanes computes on, checked the same way for training and for prediction. */
final class FeatureVectors {

    /** The type tag of a dense vector in {@code VectorUDT}'s internal struct (0 is sparse). */
    private static final byte DENSE = 1;

    private FeatureVectors() {
    }

    private static IllegalArgumentException lengthError(int length, int expected, String column, long row) {
        return new IllegalArgumentException("Lanes: features column '" + column + "' holds a vector of length " + length
                + " in row " + row + ", but the model takes " + expected + " features (layers[0] = " + expected + ")");
    }

    /**
     * Copies the ML vector held in Spark's internal form (the struct of {@code VectorUDT}: type, size, indices,
     * values) into {@code dst[offset …]}: a dense vector's values are read from the internal array directly,
     * without building a {@code DenseVector} and its {@code double[]}; a sparse one goes through {@link #copy(Vector,
     * float[], int, int, String, long)}.
     *
     * @throws IllegalArgumentException as the other {@code copy}
     */
    static void copy(InternalRow v, UserDefinedType<Vector> vectors, float[] dst, int offset, int expected, String column,
                     long row) {
        if (v == null || v.getByte(0) != DENSE) {
            copy(v == null ? null : vectors.deserialize(v), dst, offset, expected, column, row);
            return;
        }
        ArrayData values = v.getArray(3);
        if (values.numElements() != expected) {
            throw lengthError(values.numElements(), expected, column, row);
        }
        for (int i = 0; i < expected; i++) {
            dst[offset + i] = (float) values.getDouble(i);
        }
    }

    /**
     * Copies {@code v} into {@code dst[offset …]}, dense or sparse alike.
     *
     * @throws IllegalArgumentException if {@code v} is null or not {@code expected} long, naming the column and row
     */
    static void copy(Vector v, float[] dst, int offset, int expected, String column, long row) {
        if (v == null) {
            throw new IllegalArgumentException("Lanes: features column '" + column + "' is null in row " + row);
        }
        if (v.size() != expected) {
            throw lengthError(v.size(), expected, column, row);
        }
        if (v instanceof DenseVector dense) {
            double[] values = dense.values();
            for (int i = 0; i < expected; i++) {
                dst[offset + i] = (float) values[i];
            }
            return;
        }
        java.util.Arrays.fill(dst, offset, offset + expected, 0f);
        v.foreachNonZero((i, value) -> {
            dst[offset + (Integer) i] = (float) (double) (Double) value;
            return scala.runtime.BoxedUnit.UNIT;
        });
    }
}

package dev.lanes.spark;

import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.Vector;

/** ML vectors into the float rows Lanes computes on, checked the same way for training and for prediction. */
final class FeatureVectors {

    private FeatureVectors() {
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
            throw new IllegalArgumentException("Lanes: features column '" + column + "' holds a vector of length " + v.size()
                    + " in row " + row + ", but the model takes " + expected + " features (layers[0] = " + expected + ")");
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

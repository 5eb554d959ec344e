package dev.lanes.spark;

import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;

import java.io.Serializable;

/**
 * One training row as a replica holds it, checked where it is read: a features vector of the model's input width
 * and a label that fits the loss (a class index for a classifier, a finite value for a regressor).
 *
 * @param features the features, as floats
 * @param label the class index, or the target value, as a float
 */
record Sample(float[] features, float label) implements Serializable {

    /**
     * Reads row {@code index} of a frame holding the features vector at 0 and the label (cast to double) at 1.
     *
     * @throws IllegalArgumentException naming the column, the row and what is wrong
     */
    static Sample of(Row row, long index, TrainingPlan plan, String featuresCol, String labelCol) {
        int features = plan.features();
        float[] x = new float[features];
        FeatureVectors.copy(row.isNullAt(0) ? null : (Vector) row.get(0), x, 0, features, featuresCol, index);
        if (row.isNullAt(1)) {
            throw new IllegalArgumentException("Lanes: label column '" + labelCol + "' is null in row " + index);
        }
        double label = row.getDouble(1);
        if (plan.classifies()) {
            int classes = plan.outputs();
            if (!(label >= 0 && label < classes) || label != Math.rint(label)) {
                throw new IllegalArgumentException("LanesClassifier: label column '" + labelCol + "' holds " + label + " in row "
                        + index + ", but labels must be class indices 0 to " + (classes - 1)
                        + " (layers ends in " + classes + " classes); index string labels with StringIndexer first");
            }
        } else if (!Double.isFinite((float) label)) {
            throw new IllegalArgumentException("LanesRegressor: label column '" + labelCol + "' holds " + label + " in row "
                    + index + ", but targets must be finite " + (Double.isFinite(label) ? "in float range (|label| < 3.4e38)" : "numbers"));
        }
        return new Sample(x, (float) label);
    }
}

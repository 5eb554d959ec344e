package dev.lanes.spark;

import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.util.Arrays;

/** The columns Lanes estimators and models read and write, checked the same way by every one of them. */
final class LanesSchema {

    private LanesSchema() {
    }

    /**
     * A classifier's schema: the input checked, then the raw scores, the probabilities and the prediction appended.
     *
     * @param fitting whether the label column is needed too
     * @throws IllegalArgumentException naming a missing column, a column of the wrong type or an output column
     *         that exists already
     */
    static StructType classifier(LanesClassifierParams params, StructType schema, boolean fitting) {
        checkInput(params, schema, fitting, "class indices: index string labels with StringIndexer first");
        StructType out = append(schema, params.getRawPredictionCol(), SQLDataTypes.VectorType());
        out = append(out, params.getProbabilityCol(), SQLDataTypes.VectorType());
        return append(out, params.getPredictionCol(), DataTypes.DoubleType);
    }

    /**
     * A regressor's schema: the input checked, then the prediction appended.
     *
     * @param fitting whether the label column is needed too
     * @throws IllegalArgumentException as {@link #classifier}
     */
    static StructType regressor(LanesRegressorParams params, StructType schema, boolean fitting) {
        checkInput(params, schema, fitting, "target values: cast it to double first");
        return append(schema, params.getPredictionCol(), DataTypes.DoubleType);
    }

    private static void checkInput(LanesParams params, StructType schema, boolean fitting, String labelsAre) {
        String features = params.getFeaturesCol();
        StructField f = field(schema, features, "features");
        if (!f.dataType().equals(SQLDataTypes.VectorType())) {
            throw new IllegalArgumentException("Lanes: features column '" + features + "' is " + f.dataType().simpleString()
                    + ", but must be an ML Vector (org.apache.spark.ml.linalg.VectorUDT): assemble numeric columns with "
                    + "VectorAssembler first");
        }
        if (fitting) {
            String label = params.getLabelCol();
            StructField l = field(schema, label, "label");
            if (!(l.dataType() instanceof NumericType)) {
                throw new IllegalArgumentException("Lanes: label column '" + label + "' is " + l.dataType().simpleString()
                        + ", but must be numeric " + labelsAre);
            }
        }
    }

    private static StructField field(StructType schema, String name, String role) {
        if (!Arrays.asList(schema.fieldNames()).contains(name)) {
            throw new IllegalArgumentException("Lanes: the " + role + " column '" + name + "' is not in the data; its columns are "
                    + Arrays.toString(schema.fieldNames()));
        }
        return schema.apply(name);
    }

    private static StructType append(StructType schema, String name, DataType type) {
        if (Arrays.asList(schema.fieldNames()).contains(name)) {
            throw new IllegalArgumentException("Lanes: output column '" + name + "' already exists; choose another name");
        }
        return schema.add(name, type, false);
    }
}

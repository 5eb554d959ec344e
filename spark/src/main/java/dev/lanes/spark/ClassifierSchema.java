package dev.lanes.spark;

import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.util.Arrays;

/** The columns a Lanes classifier reads and writes, checked the same way by the estimator and the model. */
final class ClassifierSchema {

    private ClassifierSchema() {
    }

    /**
     * The schema with the output columns appended, after checking the input columns.
     *
     * @param fitting whether the label column is needed too
     * @throws IllegalArgumentException naming a missing column, a column of the wrong type or an output column
     *         that exists already
     */
    static StructType transform(LanesClassifierParams params, StructType schema, boolean fitting) {
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
                        + ", but must be numeric class indices: index string labels with StringIndexer first");
            }
        }
        StructType out = schema;
        out = append(out, params.getRawPredictionCol(), SQLDataTypes.VectorType());
        out = append(out, params.getProbabilityCol(), SQLDataTypes.VectorType());
        return append(out, params.getPredictionCol(), DataTypes.DoubleType);
    }

    private static StructField field(StructType schema, String name, String role) {
        if (!Arrays.asList(schema.fieldNames()).contains(name)) {
            throw new IllegalArgumentException("Lanes: the " + role + " column '" + name + "' is not in the data; its columns are "
                    + Arrays.toString(schema.fieldNames()));
        }
        return schema.apply(name);
    }

    private static StructType append(StructType schema, String name, org.apache.spark.sql.types.DataType type) {
        if (Arrays.asList(schema.fieldNames()).contains(name)) {
            throw new IllegalArgumentException("Lanes: output column '" + name + "' already exists; choose another name");
        }
        return schema.add(name, type, false);
    }
}

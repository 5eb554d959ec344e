package dev.lanes.spark;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Regression test data: a smooth non-linear target of four features plus a little noise, seeded, as raw columns or
 * assembled into "features".
 */
final class Surface {

    static final int FEATURES = 4;
    /** The noise's standard deviation: no model's RMSE can go below it (in expectation). */
    static final double NOISE = 0.05;

    private Surface() {
    }

    /** The noiseless target at standardised features z. */
    static double target(double[] z) {
        return 1 + z[0] - 0.5 * z[1] + 0.5 * z[2] * z[3] + 0.3 * Math.sin(2 * z[0]);
    }

    /** Columns x0 … x3 (doubles, off-centre and wide, so the scaler matters) and label (double). */
    static Dataset<Row> raw(SparkSession spark, int rows, int partitions, long seed) {
        Random random = new Random(seed);
        List<Row> data = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            double[] z = new double[FEATURES];
            Object[] values = new Object[FEATURES + 1];
            for (int f = 0; f < FEATURES; f++) {
                z[f] = random.nextGaussian();
                values[f] = 10 + 5 * z[f];
            }
            values[FEATURES] = target(z) + NOISE * random.nextGaussian();
            data.add(RowFactory.create(values));
        }
        StructType schema = new StructType();
        for (int f = 0; f < FEATURES; f++) {
            schema = schema.add("x" + f, DataTypes.DoubleType, false);
        }
        schema = schema.add("label", DataTypes.DoubleType, false);
        return spark.createDataFrame(JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(data, partitions), schema);
    }

    /** The same rows with the four columns assembled into "features". */
    static Dataset<Row> assembled(SparkSession spark, int rows, int partitions, long seed) {
        return new VectorAssembler().setInputCols(new String[] {"x0", "x1", "x2", "x3"}).setOutputCol("features")
                .transform(raw(spark, rows, partitions, seed)).select("features", "label");
    }
}

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

/** Test data: three Gaussian blobs in four dimensions, seeded, as raw columns or assembled into "features". */
final class Blobs {

    static final int FEATURES = 4;
    static final int CLASSES = 3;

    private Blobs() {
    }

    /** Columns x0 … x3 (doubles) and label (double), {@code rows} rows in {@code partitions} partitions. */
    static Dataset<Row> raw(SparkSession spark, int rows, int partitions, long seed) {
        Random random = new Random(seed);
        double[][] centres = {{2, 0, 0, 1}, {0, 2, 0, -1}, {0, 0, 2, 0}};
        List<Row> data = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            int label = i % CLASSES;
            Object[] values = new Object[FEATURES + 1];
            for (int f = 0; f < FEATURES; f++) {
                values[f] = 10 + 5 * centres[label][f] + random.nextGaussian();   // off-centre and wide: the scaler matters
            }
            values[FEATURES] = (double) label;
            data.add(RowFactory.create(values));
        }
        StructType schema = new StructType();
        for (int f = 0; f < FEATURES; f++) {
            schema = schema.add("x" + f, DataTypes.DoubleType, false);
        }
        schema = schema.add("label", DataTypes.DoubleType, false);
        // parallelize slices the list in order: the same rows in the same order on every run
        return spark.createDataFrame(JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(data, partitions), schema);
    }

    /** The same rows with the four columns assembled into "features". */
    static Dataset<Row> assembled(SparkSession spark, int rows, int partitions, long seed) {
        return new VectorAssembler().setInputCols(new String[] {"x0", "x1", "x2", "x3"}).setOutputCol("features")
                .transform(raw(spark, rows, partitions, seed)).select("features", "label");
    }
}

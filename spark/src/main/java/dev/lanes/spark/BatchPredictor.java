package dev.lanes.spark;

import dev.lanes.kernels.Kernels;
import dev.lanes.nn.Tensor;
import dev.lanes.nn.layers.Sequential;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.JoinedRow;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.UserDefinedType;
import scala.Function1;
import scala.jdk.javaapi.CollectionConverters;
import scala.reflect.ClassTag$;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Predictions for one partition, {@code blockSize} rows per forward pass: each input row comes back with, for a
 * classifier, the raw scores, the probabilities and the predicted class appended, and for a regressor the
 * predicted value. Rows are read and predicted one block at a time, so a partition of any size needs the memory
 * of one block.
 *
 * <p>It works on Spark's internal rows ({@code queryExecution().toRdd()} in, a frame of internal rows out), not on
 * {@code Row}s through {@code mapPartitions}: a {@code Row} function makes Spark convert every input row to Java
 * objects (the features vector to a {@code double[]}, every other column boxed) and every output row back: in the
 * Fashion-MNIST sitting ({@code benchmarks/results/2026-12-06-spark.md}) an identity {@code Row} function alone
 * costs 1.6 µs a row beyond the scan, half the 784-256-128-10 network's forward pass. Here the features are read
 * from the internal array straight into the float block, the input row is passed on as it is (joined with the
 * predictions), and only the few predicted values are built.
 *
 * @param model the broadcast model file
 * @param key the model's key in {@link ExecutorModels}: the application's id and the broadcast's
 * @param featuresIndex where the features column is in the input rows
 * @param features the model's input width
 * @param classes the model's output width
 * @param classifier whether the outputs are class scores (else one regression value)
 * @param blockSize rows per forward pass
 * @param featuresCol the features column's name, for errors
 */
record BatchPredictor(Broadcast<byte[]> model, String key, int featuresIndex, int features, int classes, boolean classifier,
                      int blockSize, String featuresCol) implements Serializable {

    /** ML vectors' SQL type, which converts them to and from their internal rows. */
    @SuppressWarnings("unchecked")
    private static UserDefinedType<Vector> vectors() {
        return (UserDefinedType<Vector>) SQLDataTypes.VectorType();
    }

    /**
     * {@code frame} with the predictions of the model broadcast as {@code shared} appended, as {@code out} describes.
     *
     * @param params the model's params (features column, block size)
     */
    static Dataset<Row> transform(Dataset<Row> frame, Broadcast<byte[]> shared, LanesParams params, boolean classifier,
                                  StructType out) {
        int[] layers = params.getLayers();
        BatchPredictor predictor = new BatchPredictor(shared, frame.sparkSession().sparkContext().applicationId() + "/" + shared.id(),
                Arrays.asList(frame.schema().fieldNames()).indexOf(params.getFeaturesCol()), layers[0], layers[layers.length - 1],
                classifier, params.getBlockSize(), params.getFeaturesCol());
        Function1<scala.collection.Iterator<InternalRow>, scala.collection.Iterator<InternalRow>> perPartition =
                (Function1<scala.collection.Iterator<InternalRow>, scala.collection.Iterator<InternalRow>> & Serializable)
                        rows -> CollectionConverters.asScala(predictor.predict(CollectionConverters.asJava(rows)));
        if (!(frame.sparkSession() instanceof org.apache.spark.sql.classic.SparkSession session)) {
            throw new UnsupportedOperationException("Lanes: transform needs a classic SparkSession (run it where the data is, "
                    + "not through a Spark Connect client), got " + frame.sparkSession().getClass().getName());
        }
        RDD<InternalRow> predicted = frame.queryExecution().toRdd().mapPartitions(perPartition, true,
                ClassTag$.MODULE$.apply(InternalRow.class));
        return session.internalCreateDataFrame(predicted, out, false);
    }

    Iterator<InternalRow> predict(Iterator<InternalRow> rows) {
        TaskContext task = TaskContext.get();
        int cpus = task == null ? 1 : task.cpus();
        String where = SparkEnv.get() == null ? "the driver" : "executor " + SparkEnv.get().executorId();
        Kernels kernels = ExecutorKernels.forTask(cpus, where);
        Sequential net = ExecutorModels.replica(key, model::value, kernels);
        UserDefinedType<Vector> vectors = vectors();
        float[] x = new float[blockSize * features];
        float[] probabilities = new float[blockSize * classes];
        return new Iterator<>() {
            private final List<InternalRow> block = new ArrayList<>(blockSize);
            private final List<InternalRow> out = new ArrayList<>(blockSize);
            private int next;
            private long seen;

            @Override
            public boolean hasNext() {
                if (next < out.size()) {
                    return true;
                }
                if (!rows.hasNext()) {
                    return false;
                }
                fill();
                return next < out.size();
            }

            @Override
            public InternalRow next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return out.get(next++);
            }

            private void fill() {
                block.clear();
                out.clear();
                next = 0;
                while (block.size() < blockSize && rows.hasNext()) {
                    // The scan may hand out one mutable row object again and again: keep a copy for the block.
                    InternalRow row = rows.next().copy();
                    FeatureVectors.copy(row.isNullAt(featuresIndex) ? null : row.getStruct(featuresIndex, 4), vectors, x,
                            block.size() * features, features, featuresCol, seen++);
                    block.add(row);
                }
                int n = block.size();
                Tensor output = net.forward(Tensor.of(x, blockSize, features).firstRows(n));
                float[] raw = output.floats();
                if (classifier) {
                    kernels.softmax(n, classes, raw, probabilities);
                }
                for (int r = 0; r < n; r++) {
                    InternalRow predictions;
                    if (classifier) {
                        double[] rawRow = new double[classes];
                        double[] probabilityRow = new double[classes];
                        int best = 0;
                        for (int c = 0; c < classes; c++) {
                            rawRow[c] = raw[r * classes + c];
                            probabilityRow[c] = probabilities[r * classes + c];
                            if (rawRow[c] > rawRow[best]) {
                                best = c;
                            }
                        }
                        predictions = new GenericInternalRow(new Object[] {vectors.serialize(Vectors.dense(rawRow)),
                                vectors.serialize(Vectors.dense(probabilityRow)), (double) best});
                    } else {
                        predictions = new GenericInternalRow(new Object[] {(double) raw[r]});
                    }
                    out.add(new JoinedRow(block.get(r), predictions));
                }
            }
        };
    }
}

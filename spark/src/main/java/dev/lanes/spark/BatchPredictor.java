package dev.lanes.spark;

import dev.lanes.kernels.Kernels;
import dev.lanes.nn.Tensor;
import dev.lanes.nn.layers.Sequential;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;

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
        return frame.mapPartitions((MapPartitionsFunction<Row, Row>) predictor::predict, Encoders.row(out));
    }

    Iterator<Row> predict(Iterator<Row> rows) {
        TaskContext task = TaskContext.get();
        int cpus = task == null ? 1 : task.cpus();
        String where = SparkEnv.get() == null ? "the driver" : "executor " + SparkEnv.get().executorId();
        Kernels kernels = ExecutorKernels.forTask(cpus, where);
        Sequential net = ExecutorModels.replica(key, model::value, kernels);
        float[] x = new float[blockSize * features];
        float[] probabilities = new float[blockSize * classes];
        return new Iterator<>() {
            private final List<Row> block = new ArrayList<>(blockSize);
            private final List<Row> out = new ArrayList<>(blockSize);
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
            public Row next() {
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
                    Row row = rows.next();
                    FeatureVectors.copy(row.isNullAt(featuresIndex) ? null : (Vector) row.get(featuresIndex), x,
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
                    Row in = block.get(r);
                    int width = in.length();
                    Object[] values = new Object[width + (classifier ? 3 : 1)];
                    for (int c = 0; c < width; c++) {
                        values[c] = in.get(c);
                    }
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
                        values[width] = Vectors.dense(rawRow);
                        values[width + 1] = Vectors.dense(probabilityRow);
                        values[width + 2] = (double) best;
                    } else {
                        values[width] = (double) raw[r];
                    }
                    out.add(RowFactory.create(values));
                }
            }
        };
    }
}

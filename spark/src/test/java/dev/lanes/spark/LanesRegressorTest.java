package dev.lanes.spark;

import dev.lanes.nn.Tensor;
import dev.lanes.nn.io.ModelFile;
import dev.lanes.nn.layers.Parameter;
import dev.lanes.nn.layers.Sequential;
import dev.lanes.nn.loss.MeanSquaredError;
import dev.lanes.nn.optim.Optimizer;
import dev.lanes.nn.train.Predictor;
import org.apache.spark.SparkException;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.evaluation.RegressionEvaluator;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** LanesRegressor in local mode: two task slots, on the training machinery it shares with LanesClassifier. */
class LanesRegressorTest {

    private static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = SparkTests.local(2);
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    /** A quick regressor for four features. */
    private static LanesRegressor small() {
        return new LanesRegressor().setLayers(new int[] {4, 16, 1}).setMaxIter(3).setBatchSize(16).setStepSize(0.01).setSeed(9);
    }

    @Test
    void aPipelineAfterVectorAssemblerAndStandardScalerFitsTheSurfaceAndSurvivesSaveAndLoad(@TempDir Path dir) throws IOException {
        Dataset<Row> data = Surface.raw(spark, 600, 3, 1);
        Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {
                new VectorAssembler().setInputCols(new String[] {"x0", "x1", "x2", "x3"}).setOutputCol("assembled"),
                new StandardScaler().setInputCol("assembled").setOutputCol("features").setWithMean(true),
                new LanesRegressor().setLayers(new int[] {4, 32, 32, 1}).setActivation("tanh").setMaxIter(20).setBatchSize(32)
                        .setStepSize(0.02)});
        PipelineModel fitted = pipeline.fit(data);
        Dataset<Row> predicted = fitted.transform(data);
        // The label's spread is ~1.3, so predicting its mean gives an RMSE of ~1.3; the best linear model leaves the
        // 0.5·z2·z3 and 0.3·sin(2·z0) terms, an RMSE of ~0.54; under 0.3 the network has learnt the non-linear part.
        double rmse = new RegressionEvaluator().setMetricName("rmse").evaluate(predicted);
        assertTrue(rmse < 0.3, "training RMSE " + rmse);

        String saved = dir.resolve("pipeline").toString();
        fitted.write().save(saved);
        PipelineModel loaded = PipelineModel.load(saved);
        LanesRegressionModel model = (LanesRegressionModel) loaded.stages()[2];
        assertEquals("tanh", model.getActivation());
        assertEquals("mse", model.getLoss());
        List<Row> before = predicted.select("prediction").collectAsList();
        assertEquals(before, loaded.transform(data).select("prediction").collectAsList(), "predictions after save and load");

        // The weights inside the saved directory are a plain Lanes model file, and predict what transform predicted.
        Path weights;
        try (Stream<Path> files = Files.walk(dir)) {
            weights = files.filter(p -> p.endsWith("model.safetensors")).findFirst().orElseThrow();
        }
        Sequential fromFile = ModelFile.load(weights);
        fromFile.eval();
        List<Row> scaled = fitted.stages()[1].transform(fitted.stages()[0].transform(data)).select("features").collectAsList();
        float[] x = new float[600 * 4];
        for (int i = 0; i < 600; i++) {
            double[] v = ((Vector) scaled.get(i).get(0)).toArray();
            for (int f = 0; f < 4; f++) {
                x[i * 4 + f] = (float) v[f];
            }
        }
        Tensor values = new Predictor(fromFile).values(Tensor.of(x, 600, 4));
        for (int i = 0; i < 600; i++) {
            assertEquals(values.get(i, 0), before.get(i).getDouble(0), 0, "row " + i);
        }
    }

    @Test
    void anEstimatorSurvivesSaveAndLoadWithItsParams(@TempDir Path dir) throws IOException {
        LanesRegressor lanes = new LanesRegressor().setLayers(new int[] {4, 7, 1}).setLoss("huber").setActivation("gelu")
                .setOptimizer("sgd").setWeightDecay(0.01).setNumShards(6);
        lanes.write().save(dir.resolve("estimator").toString());
        LanesRegressor loaded = LanesRegressor.load(dir.resolve("estimator").toString());
        assertEquals(lanes.uid(), loaded.uid());
        assertArrayEquals(new int[] {4, 7, 1}, loaded.getLayers());
        assertEquals("huber", loaded.getLoss());
        assertEquals("gelu", loaded.getActivation());
        assertEquals("sgd", loaded.getOptimizer());
        assertEquals(0.01, loaded.getWeightDecay());
        assertEquals(6, loaded.getNumShards());
    }

    /** The model's bits depend on numShards, not on how many tasks hold the shards, whatever the loss. */
    @Test
    void theSameBitsWhateverTheNumberOfTasks() {
        Dataset<Row> data = Surface.assembled(spark, 120, 3, 2);
        byte[] mse = null;
        for (String loss : new String[] {"mse", "huber"}) {
            byte[] oneTask = small().setLoss(loss).setNumShards(4).setNumTasks(1).fit(data).modelFileBytes();
            byte[] twoTasks = small().setLoss(loss).setNumShards(4).setNumTasks(2).fit(data).modelFileBytes();
            assertArrayEquals(oneTask, twoTasks, loss + ": 4 shards on 1 and on 2 tasks");
            mse = mse == null ? oneTask : mse;
        }
        assertFalse(Arrays.equals(mse, small().setLoss("l1").setNumShards(4).setNumTasks(1).fit(data).modelFileBytes()),
                "the loss is used");
    }

    /**
     * With one shard the distributed run does what single-process Lanes does on the same global batches, step for
     * step: the shard's share of the batch is exactly 1 and the all-reduce adds one gradient to zero, both exact, so
     * the bits are equal.
     */
    @Test
    void oneShardTrainsTheBitsSingleProcessLanesTrains() {
        int rows = 90, batch = 16, epochs = 2;
        double lr = 0.05;
        Dataset<Row> data = Surface.assembled(spark, rows, 2, 3);
        LanesRegressor lanes = small().setOptimizer("sgd").setMomentum(0.9).setStepSize(lr).setBatchSize(batch).setMaxIter(epochs)
                .setNumShards(1);
        Sequential distributed = lanes.fit(data).toLanesModel();

        List<Row> collected = data.collectAsList();
        TrainingPlan plan = new TrainingPlan(lanes.getLayers(), "relu", "mse", "sgd", lr, 0.9, 0, 0, "constant", 0.1, 1, batch, epochs, lanes.getSeed(),
                1, 1, rows, "");
        Sequential single = plan.initialModel();
        Optimizer sgd = plan.newOptimizer(single);
        MeanSquaredError mse = new MeanSquaredError(single);
        single.train();
        for (int epoch = 0; epoch < epochs; epoch++) {
            int[] order = GlobalBatches.order(rows, lanes.getSeed(), epoch);
            for (int from = 0; from < rows; from += batch) {
                int n = Math.min(batch, rows - from);
                float[] x = new float[n * 4];
                float[] y = new float[n];
                for (int r = 0; r < n; r++) {
                    Row row = collected.get(order[from + r]);
                    double[] v = ((Vector) row.get(0)).toArray();
                    for (int f = 0; f < 4; f++) {
                        x[r * 4 + f] = (float) v[f];
                    }
                    y[r] = (float) row.getDouble(1);
                }
                sgd.zeroGrad();
                mse.forward(single.forward(Tensor.of(x, n, 4)), Tensor.of(y, n, 1));
                single.backward(mse.backward(), false);
                sgd.step();
            }
        }
        for (Map.Entry<String, Parameter> p : single.namedParameters().entrySet()) {
            assertTrue(p.getValue().value().contentEquals(distributed.namedParameters().get(p.getKey()).value()), p.getKey());
        }
    }

    @Test
    void mistakesAreNamed() {
        StructType schema = new StructType().add("features", SQLDataTypes.VectorType()).add("label", DataTypes.DoubleType);
        Dataset<Row> data = Surface.assembled(spark, 12, 1, 1);
        Throwable width = assertThrows(IllegalArgumentException.class, () -> small().setLayers(new int[] {4, 8, 2}).fit(data));
        assertTrue(width.getMessage().contains("layers [4, 8, 2] end in 2 outputs, but a regressor predicts one value"),
                width.getMessage());
        Dataset<Row> nan = spark.createDataFrame(List.of(RowFactory.create(Vectors.dense(1, 2, 3, 4), 0.5),
                RowFactory.create(Vectors.dense(1, 2, 3, 4), Double.NaN)), schema);
        Throwable notFinite = assertThrows(SparkException.class, () -> small().fit(nan));
        assertTrue(ClearErrorsTest.messages(notFinite).contains("label column 'label' holds NaN in row 1, but targets must be finite"),
                ClearErrorsTest.messages(notFinite));
        Dataset<Row> strings = spark.createDataFrame(List.of(RowFactory.create(Vectors.dense(1, 2, 3, 4), "high")),
                new StructType().add("features", SQLDataTypes.VectorType()).add("label", DataTypes.StringType));
        Throwable text = assertThrows(IllegalArgumentException.class, () -> small().fit(strings));
        assertTrue(text.getMessage().contains("label column 'label' is string, but must be numeric target values"), text.getMessage());
        LanesRegressionModel model = small().fit(data);
        Throwable taken = assertThrows(IllegalArgumentException.class, () -> model.setPredictionCol("label").transform(data));
        assertTrue(taken.getMessage().contains("output column 'label' already exists"), taken.getMessage());
    }
}

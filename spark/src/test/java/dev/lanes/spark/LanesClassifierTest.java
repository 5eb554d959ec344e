package dev.lanes.spark;

import dev.lanes.nn.Tensor;
import dev.lanes.nn.io.ModelFile;
import dev.lanes.nn.layers.Parameter;
import dev.lanes.nn.layers.Sequential;
import dev.lanes.nn.train.Predictor;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** LanesClassifier in local mode: two task slots, a task retried up to four times. */
class LanesClassifierTest {

    private static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = SparkTests.local(2);
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void aPipelineAfterVectorAssemblerAndStandardScalerLearnsAndSurvivesSaveAndLoad(@TempDir Path dir) throws IOException {
        Dataset<Row> data = Blobs.raw(spark, 480, 3, 1);
        Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {
                new VectorAssembler().setInputCols(new String[] {"x0", "x1", "x2", "x3"}).setOutputCol("assembled"),
                new StandardScaler().setInputCol("assembled").setOutputCol("features"),
                new LanesClassifier().setLayers(new int[] {4, 16, 3}).setMaxIter(15).setBatchSize(32).setStepSize(0.01)});
        PipelineModel fitted = pipeline.fit(data);
        Dataset<Row> predicted = fitted.transform(data);
        double accuracy = predicted.filter("prediction = label").count() / 480.0;
        assertTrue(accuracy > 0.95, "training accuracy " + accuracy);

        String saved = dir.resolve("pipeline").toString();
        fitted.write().save(saved);
        PipelineModel loaded = PipelineModel.load(saved);
        List<Row> before = predicted.select("rawPrediction", "probability", "prediction").collectAsList();
        List<Row> after = loaded.transform(data).select("rawPrediction", "probability", "prediction").collectAsList();
        assertEquals(before, after, "predictions after save and load");

        // The weights inside the saved directory are a plain Lanes model file.
        Path weights;
        try (Stream<Path> files = Files.walk(dir)) {
            weights = files.filter(p -> p.endsWith("model.safetensors")).findFirst().orElseThrow();
        }
        Sequential fromFile = ModelFile.load(weights);
        Sequential fromModel = ((LanesClassificationModel) fitted.stages()[2]).toLanesModel();
        for (Map.Entry<String, Parameter> p : fromModel.namedParameters().entrySet()) {
            assertTrue(p.getValue().value().contentEquals(fromFile.namedParameters().get(p.getKey()).value()), p.getKey());
        }
    }

    @Test
    void anEstimatorSurvivesSaveAndLoadWithItsParams(@TempDir Path dir) throws IOException {
        LanesClassifier lanes = new LanesClassifier().setLayers(new int[] {4, 7, 3}).setOptimizer("sgd").setMomentum(0.5)
                .setActivation("leaky_relu").setNumShards(6).setCheckpointDir("/some/where");
        lanes.write().save(dir.resolve("estimator").toString());
        LanesClassifier loaded = LanesClassifier.load(dir.resolve("estimator").toString());
        assertEquals(lanes.uid(), loaded.uid());
        assertArrayEquals(new int[] {4, 7, 3}, loaded.getLayers());
        assertEquals("sgd", loaded.getOptimizer());
        assertEquals("leaky_relu", loaded.getActivation());
        assertEquals(0.5, loaded.getMomentum());
        assertEquals(6, loaded.getNumShards());
        assertEquals("/some/where", loaded.getCheckpointDir());
    }

    /** The model's bits depend on numShards, not on how many tasks hold the shards. */
    @Test
    void theSameBitsWhateverTheNumberOfTasks() {
        Dataset<Row> data = Blobs.assembled(spark, 200, 3, 2);
        int[][] cases = {{4, 1}, {4, 2}, {3, 1}, {3, 2}};    // {numShards, numTasks}
        byte[][] models = new byte[cases.length][];
        for (int i = 0; i < cases.length; i++) {
            models[i] = SparkTests.small().setNumShards(cases[i][0]).setNumTasks(cases[i][1]).fit(data).modelFileBytes();
        }
        assertArrayEquals(models[0], models[1], "4 shards on 1 and on 2 tasks");
        assertArrayEquals(models[2], models[3], "3 shards on 1 and on 2 tasks");
        assertFalse(java.util.Arrays.equals(models[0], models[2]), "4 and 3 shards sum in different orders");
    }

    /**
     * One SGD step on one global batch against single-process Lanes on the same batch, within the bound of
     * {@link SingleProcessBound}.
     */
    @Test
    void oneStepEqualsSingleProcessLanesWithinTheDerivedBound() {
        int rows = 64;
        Dataset<Row> data = Blobs.assembled(spark, rows, 2, 3);
        double lr = 0.5;
        LanesClassifier lanes = new LanesClassifier().setLayers(new int[] {4, 8, 3}).setOptimizer("sgd").setStepSize(lr)
                .setBatchSize(rows).setMaxIter(1).setNumShards(4).setNumTasks(2).setSeed(5);
        Sequential distributed = lanes.fit(data).toLanesModel();

        List<Row> collected = data.collectAsList();
        float[] x = new float[rows * 4];
        int[] y = new int[rows];
        for (int i = 0; i < rows; i++) {
            double[] v = ((Vector) collected.get(i).get(0)).toArray();
            for (int f = 0; f < 4; f++) {
                x[i * 4 + f] = (float) v[f];
            }
            y[i] = (int) collected.get(i).getDouble(1);
        }
        SingleProcessBound.check(lanes, x, y, distributed, lr);
    }

    @Test
    void transformParsesTheModelOncePerJvmAndPredictsAsPredictorDoes() {
        Dataset<Row> data = Blobs.assembled(spark, 300, 8, 4);
        LanesClassificationModel model = SparkTests.small().setNumTasks(2).fit(data).setBlockSize(16);
        int before = ExecutorModels.PARSED.get();
        List<Row> predicted = model.transform(data).collectAsList();
        model.transform(data).count();
        assertEquals(1, ExecutorModels.PARSED.get() - before, "model files parsed by this JVM for 2 transforms of 8 partitions");

        float[] x = new float[300 * 4];
        for (int i = 0; i < 300; i++) {
            double[] v = ((Vector) predicted.get(i).getAs("features")).toArray();
            for (int f = 0; f < 4; f++) {
                x[i * 4 + f] = (float) v[f];
            }
        }
        Sequential lanesModel = model.toLanesModel();
        lanesModel.eval();
        int[] classes = new Predictor(lanesModel).classes(Tensor.of(x, 300, 4));
        Tensor probabilities = new Predictor(lanesModel).probabilities(Tensor.of(x, 300, 4));
        for (int i = 0; i < 300; i++) {
            Row r = predicted.get(i);
            assertEquals(classes[i], r.<Double>getAs("prediction"), 0, "row " + i);
            double[] p = ((Vector) r.getAs("probability")).toArray();
            for (int c = 0; c < 3; c++) {
                assertEquals(probabilities.get(i, c), p[c], 0, "row " + i + " class " + c);
            }
        }
    }

    /**
     * transform works on Spark's internal rows: every other column (of any type, nulls too) comes out as it went in,
     * and sparse and dense features vectors predict alike.
     */
    @Test
    void transformPassesOtherColumnsThroughAndReadsSparseAndDenseVectorsAlike() {
        Dataset<Row> data = Blobs.assembled(spark, 90, 2, 4);
        LanesClassificationModel model = SparkTests.small().setNumTasks(1).fit(data).setBlockSize(7);
        List<Row> rows = data.collectAsList();
        List<Row> mixed = new java.util.ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            Vector dense = (Vector) rows.get(i).get(0);
            double[] v = dense.toArray();
            if (i % 3 == 0) {
                v[i % 4] = 0;      // a zero, so that the sparse form has fewer entries than the dense one
            }
            Vector features = i % 2 == 0 ? org.apache.spark.ml.linalg.Vectors.dense(v).toSparse()
                    : org.apache.spark.ml.linalg.Vectors.dense(v);
            mixed.add(org.apache.spark.sql.RowFactory.create((long) i, i % 5 == 0 ? null : "row " + i, features,
                    new int[] {i, -i}, rows.get(i).getDouble(1)));
        }
        org.apache.spark.sql.types.StructType schema = new org.apache.spark.sql.types.StructType()
                .add("id", org.apache.spark.sql.types.DataTypes.LongType, false)
                .add("name", org.apache.spark.sql.types.DataTypes.StringType, true)
                .add("features", org.apache.spark.ml.linalg.SQLDataTypes.VectorType())
                .add("pair", org.apache.spark.sql.types.DataTypes.createArrayType(org.apache.spark.sql.types.DataTypes.IntegerType))
                .add("label", org.apache.spark.sql.types.DataTypes.DoubleType);
        Dataset<Row> frame = spark.createDataFrame(mixed, schema).repartition(3);
        List<Row> predicted = model.transform(frame).orderBy("id").collectAsList();
        assertEquals(90, predicted.size());

        Sequential lanesModel = model.toLanesModel();
        lanesModel.eval();
        for (int i = 0; i < 90; i++) {
            Row in = mixed.get(i);
            Row out = predicted.get(i);
            for (int c = 0; c < 5; c++) {
                Object expected = in.get(c);
                Object actual = out.get(c);
                if (expected instanceof int[] pair) {
                    assertEquals(List.of(pair[0], pair[1]), out.getList(c), "row " + i + " column " + c);
                } else {
                    assertEquals(expected, actual, "row " + i + " column " + c);
                }
            }
            double[] v = ((Vector) in.get(2)).toArray();
            float[] x = new float[4];
            for (int f = 0; f < 4; f++) {
                x[f] = (float) v[f];
            }
            Tensor probabilities = new Predictor(lanesModel).probabilities(Tensor.of(x, 1, 4));
            double[] p = ((Vector) out.getAs("probability")).toArray();
            for (int c = 0; c < 3; c++) {
                assertEquals(probabilities.get(0, c), p[c], 0, "row " + i + " class " + c);
            }
        }
    }
}

package dev.lanes.spark;

import dev.lanes.nn.layers.Dropout;
import dev.lanes.nn.layers.Parameter;
import dev.lanes.nn.layers.Sequential;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Dropout and the learning-rate schedule: validated, saved and loaded, and reaching training. */
class TrainingParamsTest {

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
    void dropoutAndScheduleSurviveSaveAndLoadOnEstimatorsAndModels(@TempDir Path dir) throws IOException {
        LanesClassifier lanes = SparkTests.small().setDropout(0.25).setSchedule("step").setScheduleGamma(0.5).setScheduleStep(2);
        lanes.write().save(dir.resolve("classifier").toString());
        LanesClassifier loaded = LanesClassifier.load(dir.resolve("classifier").toString());
        assertEquals(0.25, loaded.getDropout());
        assertEquals("step", loaded.getSchedule());
        assertEquals(0.5, loaded.getScheduleGamma());
        assertEquals(2, loaded.getScheduleStep());

        LanesClassificationModel model = lanes.fit(Blobs.assembled(spark, 60, 2, 7));
        model.write().save(dir.resolve("model").toString());
        LanesClassificationModel loadedModel = LanesClassificationModel.load(dir.resolve("model").toString());
        assertEquals(0.25, loadedModel.getDropout());
        assertEquals("step", loadedModel.getSchedule());
        assertEquals(0.5, loadedModel.getScheduleGamma());
        assertEquals(2, loadedModel.getScheduleStep());
        assertArrayEquals(model.modelFileBytes(), loadedModel.modelFileBytes());

        LanesRegressor regressor = new LanesRegressor().setLayers(new int[] {4, 8, 1}).setDropout(0.1).setSchedule("cosine");
        regressor.write().save(dir.resolve("regressor").toString());
        LanesRegressor loadedRegressor = LanesRegressor.load(dir.resolve("regressor").toString());
        assertEquals(0.1, loadedRegressor.getDropout());
        assertEquals("cosine", loadedRegressor.getSchedule());
        assertEquals(0.1, loadedRegressor.getScheduleGamma(), "the default");
        assertEquals(1, loadedRegressor.getScheduleStep(), "the default");
    }

    @Test
    void mistakesAreNamedWithTheRange() {
        LanesClassifier lanes = new LanesClassifier();
        String message = assertThrows(IllegalArgumentException.class, () -> lanes.setDropout(1)).getMessage();
        assertTrue(message.contains("LanesClassifier: dropout") && message.contains("[0, 1)") && message.contains("got 1.0"), message);
        assertThrows(IllegalArgumentException.class, () -> lanes.setDropout(-0.1));
        assertThrows(IllegalArgumentException.class, () -> lanes.setDropout(Double.NaN));
        message = assertThrows(IllegalArgumentException.class, () -> new LanesRegressor().setSchedule("linear")).getMessage();
        assertTrue(message.contains("LanesRegressor: schedule must be one of constant, step, exponential, cosine, got linear"), message);
        message = assertThrows(IllegalArgumentException.class, () -> lanes.setScheduleGamma(0)).getMessage();
        assertTrue(message.contains("scheduleGamma") && message.contains("> 0"), message);
        message = assertThrows(IllegalArgumentException.class, () -> lanes.setScheduleStep(0)).getMessage();
        assertTrue(message.contains("scheduleStep") && message.contains(">= 1"), message);
        // Set through the generic param API (as a ParamMap or a loaded pipeline would), Spark's validators refuse too.
        assertThrows(IllegalArgumentException.class, () -> lanes.set(lanes.dropout(), 1.5));
        assertThrows(IllegalArgumentException.class, () -> lanes.set(lanes.schedule(), "linear"));
    }

    /**
     * Dropout reaches training: the replicas train with dropout layers after the hidden activations, the weights
     * differ from training without, and the masks depend on (seed, epoch, batch, shard) only, so the bits are the
     * same on one task and on two, and predicting uses no dropout.
     */
    @Test
    void dropoutReachesTrainingWithTheSameBitsWhateverTheNumberOfTasks() {
        Dataset<Row> data = Blobs.assembled(spark, 200, 3, 2);
        LanesClassificationModel oneTask = SparkTests.small().setDropout(0.3).setNumShards(4).setNumTasks(1).fit(data);
        LanesClassificationModel twoTasks = SparkTests.small().setDropout(0.3).setNumShards(4).setNumTasks(2).fit(data);
        LanesClassificationModel none = SparkTests.small().setNumShards(4).setNumTasks(2).fit(data);
        assertArrayEquals(oneTask.modelFileBytes(), twoTasks.modelFileBytes(), "4 shards on 1 and on 2 tasks, with dropout");

        Sequential dropped = twoTasks.toLanesModel();
        assertTrue(dropped.layers().stream().anyMatch(l -> l instanceof Dropout d && d.p() == 0.3), dropped.describe());
        assertFalse(none.toLanesModel().layers().stream().anyMatch(l -> l instanceof Dropout), "dropout 0 adds no layer");
        List<Parameter> with = dropped.parameters();
        List<Parameter> without = none.toLanesModel().parameters();
        assertEquals(without.size(), with.size());
        assertFalse(with.get(0).value().contentEquals(without.get(0).value()), "dropout changed the trained weights");

        List<Row> first = twoTasks.transform(data).select("probability").collectAsList();
        assertEquals(first, twoTasks.transform(data).select("probability").collectAsList(), "no dropout when predicting");
    }

    @Test
    void theScheduleSetsEachEpochsRate() {
        assertEquals(List.of(0.1, 0.1, 0.1), rates("constant", 0.5, 1, 3));
        assertEquals(List.of(0.1, 0.1, 0.05, 0.05, 0.025), rates("step", 0.5, 2, 5));
        assertEquals(0.1 * 0.5 * 0.5, rates("exponential", 0.5, 1, 3).get(2), 1e-15);
        List<Double> cosine = rates("cosine", 0.5, 1, 4);
        assertEquals(0.1, cosine.get(0), 1e-15);
        assertEquals(0.05, cosine.get(2), 1e-15, "half way through maxIter: half the rate");
    }

    /** A schedule reaches training: step with gamma 0.5 trains other weights than the constant rate. */
    @Test
    void aScheduleChangesTraining() {
        Dataset<Row> data = Blobs.assembled(spark, 120, 2, 3);
        byte[] constant = SparkTests.small().setNumTasks(1).fit(data).modelFileBytes();
        byte[] step = SparkTests.small().setNumTasks(1).setSchedule("step").setScheduleGamma(0.5).fit(data).modelFileBytes();
        byte[] stepAgain = SparkTests.small().setNumTasks(1).setSchedule("step").setScheduleGamma(0.5).fit(data).modelFileBytes();
        assertFalse(java.util.Arrays.equals(constant, step));
        assertArrayEquals(step, stepAgain);
    }

    private static List<Double> rates(String schedule, double gamma, int step, int epochs) {
        TrainingPlan plan = new TrainingPlan(new int[] {2, 1}, "relu", "mse", "sgd", 0.1, 0, 0, 0, schedule, gamma, step, 8, epochs,
                1, 1, 1, 8, "");
        return java.util.stream.IntStream.range(0, epochs).mapToObj(plan::rate).toList();
    }
}

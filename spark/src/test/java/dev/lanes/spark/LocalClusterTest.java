package dev.lanes.spark;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Training on a real multi-process cluster on loopback, in Spark's {@code local-cluster} mode: a standalone master
 * and two workers inside this JVM, each worker starting an executor JVM of its own (one core each), so the two
 * barrier tasks run in two processes and exchange gradients over TCP. It needs no Spark distribution: the
 * executors get this test's class path ({@code spark.executor.extraClassPath}), and {@code SPARK_HOME} points at
 * an empty distribution layout (Surefire sets it, with {@code SPARK_SCALA_VERSION}), which Spark's launcher
 * requires to exist.
 */
class LocalClusterTest {

    @Test
    void twoExecutorProcessesTrainTheBitsOneLocalTaskTrainsForAClassifierAndARegressor() throws Exception {
        LanesClassifier lanes = SparkTests.small().setMaxIter(2).setNumShards(4);
        LanesRegressor regressor = new LanesRegressor().setLayers(new int[] {4, 8, 1}).setMaxIter(2).setBatchSize(16)
                .setStepSize(0.01).setNumShards(4);
        byte[] local;
        byte[] localRegressor;
        List<Row> localPredictions;
        SparkSession spark = SparkTests.local(2);
        try {
            Dataset<Row> data = Blobs.assembled(spark, 160, 2, 8);
            LanesClassificationModel model = lanes.copy(new org.apache.spark.ml.param.ParamMap()).setNumTasks(1).fit(data);
            local = model.modelFileBytes();
            localPredictions = model.transform(data).select("probability", "prediction").collectAsList();
            localRegressor = regressor.copy(new org.apache.spark.ml.param.ParamMap()).setNumTasks(1)
                    .fit(Surface.assembled(spark, 160, 2, 8)).modelFileBytes();
        } finally {
            spark.stop();
        }

        Path sparkHome = Path.of(System.getenv("SPARK_HOME"));
        Files.createDirectories(sparkHome.resolve("jars"));
        spark = SparkSession.builder().master("local-cluster[2,1,1024]").appName("lanes-spark-cluster-test")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.executor.extraClassPath", System.getProperty("java.class.path"))
                .config("spark.executor.extraJavaOptions", "--add-modules=jdk.incubator.vector")
                .config("spark.sql.shuffle.partitions", "2")
                .getOrCreate();
        try {
            long deadline = System.currentTimeMillis() + 90_000;
            while (spark.sparkContext().statusTracker().getExecutorInfos().length < 3) {   // two executors and the driver
                if (System.currentTimeMillis() > deadline) {
                    throw new AssertionError("the two executors did not register within 90 s");
                }
                Thread.sleep(200);
            }
            Dataset<Row> data = Blobs.assembled(spark, 160, 2, 8);
            LanesClassificationModel model = lanes.setNumTasks(2).fit(data);
            assertArrayEquals(local, model.modelFileBytes(), "4 shards on 2 executor processes vs 1 local task");
            assertEquals(localPredictions, model.transform(data).select("probability", "prediction").collectAsList());
            assertArrayEquals(localRegressor, regressor.setNumTasks(2).fit(Surface.assembled(spark, 160, 2, 8)).modelFileBytes(),
                    "the regressor: 4 shards on 2 executor processes vs 1 local task");
        } finally {
            spark.stop();
        }
    }
}

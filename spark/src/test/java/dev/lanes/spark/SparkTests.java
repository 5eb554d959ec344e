package dev.lanes.spark;

import org.apache.spark.sql.SparkSession;

/** How the tests start Spark and the small classifier most of them train. */
final class SparkTests {

    private SparkTests() {
    }

    /** A local session with {@code slots} task slots; a failed task is retried (up to 4 attempts), as on a cluster. */
    static SparkSession local(int slots) {
        return local(slots, 4);
    }

    /** A local session with {@code slots} task slots and {@code attempts} attempts per task. */
    static SparkSession local(int slots, int attempts) {
        return SparkSession.builder().master("local[" + slots + "," + attempts + "]").appName("lanes-spark-test")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "4")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .getOrCreate();
    }

    /** A quick classifier for four features and three classes. */
    static LanesClassifier small() {
        return new LanesClassifier().setLayers(new int[] {4, 8, 3}).setMaxIter(3).setBatchSize(16).setStepSize(0.01).setSeed(9);
    }
}

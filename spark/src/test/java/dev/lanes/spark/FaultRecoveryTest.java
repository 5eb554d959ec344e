package dev.lanes.spark;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** A task killed mid-epoch: Spark retries the barrier stage, which resumes from the last epoch's checkpoint. */
class FaultRecoveryTest {

    private static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = SparkTests.local(2);
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @AfterEach
    void removeHook() {
        ShardTrainer.hook = null;
    }

    @Test
    void aTaskKilledMidEpochEndsWithTheModelOfAnUninterruptedRun(@TempDir Path dir) throws IOException {
        Dataset<Row> data = Blobs.assembled(spark, 240, 2, 6).cache();
        LanesClassifier lanes = SparkTests.small().setMaxIter(3).setNumShards(4).setNumTasks(2);
        byte[] uninterrupted = lanes.copy(new org.apache.spark.ml.param.ParamMap()).fit(data).modelFileBytes();

        // Task 1 dies in the middle of the second epoch (epoch 1, step 5 of 15), on the stage's first attempt only.
        List<String> firstSteps = new CopyOnWriteArrayList<>();
        ShardTrainer.hook = (attempt, task, epoch, step) -> {
            if (step == 0 && task == 0) {
                firstSteps.add("attempt " + attempt + " epoch " + epoch);
            }
            if (attempt == 0 && task == 1 && epoch == 1 && step == 5) {
                throw new IllegalStateException("killed by the test");
            }
        };
        Path checkpoints = dir.resolve("checkpoints");
        byte[] recovered = lanes.setCheckpointDir(checkpoints.toUri().toString()).fit(data).modelFileBytes();

        assertArrayEquals(uninterrupted, recovered, "the model after a retry from the checkpoint");
        assertEquals(List.of("attempt 0 epoch 0", "attempt 0 epoch 1", "attempt 1 epoch 1", "attempt 1 epoch 2"), firstSteps,
                "the retry started from the checkpoint of epoch 1, not from scratch");
        try (Stream<Path> files = Files.list(checkpoints)) {
            assertEquals(List.of("epoch-000003.safetensors"),
                    files.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList(),
                    "only the last epoch's checkpoint is kept");
        }
    }
}

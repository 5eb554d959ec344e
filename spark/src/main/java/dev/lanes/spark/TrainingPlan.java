package dev.lanes.spark;

import dev.lanes.nn.Nets;
import dev.lanes.nn.init.Initializers;
import dev.lanes.nn.layers.Sequential;
import dev.lanes.nn.optim.Adam;
import dev.lanes.nn.optim.Optimizer;
import dev.lanes.nn.optim.Sgd;

import java.io.Serializable;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Everything a barrier task needs to train its replica, fixed on the driver before the stage starts. The
 * {@link #configuration()} entries are what a checkpoint must match to be resumed.
 *
 * @param layers [features, hidden…, classes]
 * @param optimizer "adam" or "sgd"
 * @param stepSize the learning rate
 * @param momentum SGD's momentum
 * @param weightDecay the weight decay
 * @param batchSize rows per global batch
 * @param epochs epochs to train
 * @param seed initial weights and shuffles
 * @param numShards logical shards
 * @param numTasks barrier tasks
 * @param numRows rows of the data set
 * @param checkpointDir where checkpoints go, empty for none
 */
record TrainingPlan(int[] layers, String optimizer, double stepSize, double momentum, double weightDecay, int batchSize,
                    int epochs, long seed, int numShards, int numTasks, long numRows, String checkpointDir)
        implements Serializable {

    int features() {
        return layers[0];
    }

    int classes() {
        return layers[layers.length - 1];
    }

    /** The untrained model: every replica starts from these bits. */
    Sequential initialModel() {
        List<Integer> hidden = Arrays.stream(layers, 1, layers.length - 1).boxed().toList();
        return Nets.mlp(features(), hidden, classes(), Initializers.pytorchDefault(), seed);
    }

    Optimizer newOptimizer(Sequential model) {
        return switch (optimizer) {
            case "adam" -> new Adam(model, stepSize, 0.9, 0.999, 1e-8, weightDecay);
            case "sgd" -> new Sgd(model, stepSize, momentum, weightDecay);
            default -> throw new IllegalArgumentException("LanesClassifier: optimizer must be adam or sgd, got " + optimizer);
        };
    }

    /** The shards task {@code task} holds, ascending: shard s lives on task s mod numTasks. */
    int[] shardsOf(int task) {
        return IntStream.range(0, numShards).filter(s -> s % numTasks == task).toArray();
    }

    /** Rows in shard s: the global indices i &lt; numRows with i mod numShards = s. */
    int rowsInShard(int shard) {
        return (int) ((numRows - shard + numShards - 1) / numShards);
    }

    /** The settings that shape the trajectory: a checkpoint written under others cannot be resumed. */
    Map<String, String> configuration() {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("lanes.spark.layers", Arrays.toString(layers));
        c.put("lanes.spark.optimizer", optimizer);
        c.put("lanes.spark.stepSize", Double.toString(stepSize));
        c.put("lanes.spark.momentum", Double.toString(momentum));
        c.put("lanes.spark.weightDecay", Double.toString(weightDecay));
        c.put("lanes.spark.batchSize", Integer.toString(batchSize));
        c.put("lanes.spark.seed", Long.toString(seed));
        c.put("lanes.spark.numShards", Integer.toString(numShards));
        c.put("lanes.spark.numRows", Long.toString(numRows));
        return c;
    }
}

package dev.lanes.spark;

import org.apache.spark.Partitioner;

/**
 * Sends global row i to the task holding its shard: shard i mod numShards, task shard mod numTasks
 * ({@link TrainingPlan#shardsOf}).
 */
final class ShardPartitioner extends Partitioner {

    private final int numShards;
    private final int numTasks;

    ShardPartitioner(int numShards, int numTasks) {
        this.numShards = numShards;
        this.numTasks = numTasks;
    }

    @Override
    public int numPartitions() {
        return numTasks;
    }

    @Override
    public int getPartition(Object key) {
        return (int) ((Long) key % numShards) % numTasks;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ShardPartitioner p && p.numShards == numShards && p.numTasks == numTasks;
    }

    @Override
    public int hashCode() {
        return 31 * numShards + numTasks;
    }
}

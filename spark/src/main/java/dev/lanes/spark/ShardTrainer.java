package dev.lanes.spark;

import dev.lanes.kernels.Kernels;
import dev.lanes.nn.Tensor;
import dev.lanes.nn.layers.Parameter;
import dev.lanes.nn.layers.Sequential;
import dev.lanes.nn.optim.Optimizer;
import org.apache.spark.BarrierTaskContext;
import org.apache.spark.SparkEnv;
import org.apache.spark.util.SerializableConfiguration;
import scala.Tuple2;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.Iterator;
import java.util.List;

/**
 * One barrier task's share of synchronous data-parallel training. The task holds a replica of the model and the
 * logical shards {@code s} with {@code s mod numTasks = task}; shard s holds the rows whose global index i has
 * {@code i mod numShards = s}. For every global batch (see {@link GlobalBatches}) it computes, shard by shard,
 * the gradient of that shard's rows of the batch, weighted by their share of the batch (so that the sum over
 * shards is the gradient of the batch's mean loss); {@link GradientExchange} adds the shards' gradients in shard
 * order; every replica sets that sum as its gradient and takes the same optimiser step. Task 0 writes a
 * checkpoint after every epoch when a directory is set, and every task resumes from the newest one.
 */
final class ShardTrainer {

    /** Called after every step (tests inject faults here); null in production. */
    interface StepHook {
        /**
         * @param stageAttempt the barrier stage's attempt, 0 first
         * @param task this task
         * @param epoch the epoch, 0-based
         * @param step the step within the epoch, 0-based
         */
        void afterStep(int stageAttempt, int task, int epoch, int step);
    }

    static volatile StepHook hook;

    private final TrainingPlan plan;
    private final int task;
    private final int[] shards;
    private final float[][] features;   // by local shard: rows × features, row r of shard s is global row r·S + s
    private final float[][] labels;     // by local shard: class indices or target values
    private final Sequential model;
    private final Optimizer optimizer;
    private final TrainingPlan.OutputGradient loss;
    private final List<Parameter> parameters;
    private final int parameterCount;
    private final float[] batchFeatures;   // one shard's rows of a batch, reused every step
    private final float[] batchLabels;

    private ShardTrainer(TrainingPlan plan, int task, Kernels kernels) {
        this.plan = plan;
        this.task = task;
        this.shards = plan.shardsOf(task);
        this.features = new float[shards.length][];
        this.labels = new float[shards.length][];
        for (int i = 0; i < shards.length; i++) {
            int rows = plan.rowsInShard(shards[i]);
            features[i] = new float[rows * plan.features()];
            labels[i] = new float[rows];
        }
        this.model = plan.initialModel();
        model.setKernels(kernels);
        this.optimizer = plan.newOptimizer(model);
        this.loss = plan.newLoss(model);
        this.parameters = model.parameters();
        int count = 0;
        for (Parameter p : parameters) {
            count += p.value().size();
        }
        this.parameterCount = count;
        this.batchFeatures = new float[plan.batchSize() * plan.features()];
        this.batchLabels = new float[plan.batchSize()];
    }

    /**
     * The barrier task: trains, and returns the trained model's safetensors bytes from task 0 (nothing from the
     * others).
     */
    static Iterator<byte[]> run(TrainingPlan plan, SerializableConfiguration hadoop, Iterator<Tuple2<Long, Sample>> rows)
            throws IOException {
        BarrierTaskContext context = BarrierTaskContext.get();
        int task = context.partitionId();
        String executor = SparkEnv.get().executorId();
        ShardTrainer trainer = new ShardTrainer(plan, task, ExecutorKernels.forTask(context.cpus(), "executor " + executor));
        trainer.load(rows);

        int startEpoch = 0;
        CheckpointStore checkpoints = plan.checkpointDir().isEmpty() ? null : new CheckpointStore(plan.checkpointDir(), hadoop.value());
        if (checkpoints != null) {
            startEpoch = Math.min(checkpoints.latestEpoch(), plan.epochs());
            if (startEpoch > 0) {
                checkpoints.restore(startEpoch, trainer.model, trainer.optimizer, plan.configuration());
            }
        }
        // Every task must agree on where training resumes: a checkpoint written between two tasks' reads would
        // otherwise split them.
        String host = SparkEnv.get().blockManager().blockManagerId().host();
        ServerSocket server = GradientExchange.listen(task, host);
        String[] published = context.allGather(GradientExchange.endpoint(server, host) + "|" + startEpoch);
        int agreed = Integer.parseInt(published[0].substring(published[0].indexOf('|') + 1));
        String[] endpoints = new String[published.length];
        for (int t = 0; t < published.length; t++) {
            endpoints[t] = published[t].substring(0, published[t].indexOf('|'));
            if (Integer.parseInt(published[t].substring(published[t].indexOf('|') + 1)) != agreed) {
                throw new IllegalStateException("Lanes: tasks found different checkpoints in " + plan.checkpointDir()
                        + " (task 0 resumes after epoch " + agreed + ", task " + t + " after " + published[t] + ")");
            }
        }
        int[][] shardsOfTask = new int[plan.numTasks()][];
        for (int t = 0; t < shardsOfTask.length; t++) {
            shardsOfTask[t] = plan.shardsOf(t);
        }
        try (GradientExchange exchange = GradientExchange.connect(task, server, endpoints, shardsOfTask, plan.numShards(),
                trainer.parameterCount, context::isInterrupted)) {
            for (int epoch = startEpoch; epoch < plan.epochs(); epoch++) {
                trainer.epoch(epoch, exchange, context.stageAttemptNumber());
                if (checkpoints != null && task == 0) {
                    checkpoints.save(epoch + 1, trainer.model, trainer.optimizer, plan.configuration(),
                            trainer.optimizer.learningRate());
                }
            }
        }
        return task == 0 ? List.of(ModelBytes.of(trainer.model)).iterator() : java.util.Collections.emptyIterator();
    }

    private void load(Iterator<Tuple2<Long, Sample>> rows) {
        int width = plan.features();
        int s = plan.numShards();
        int[] localIndex = new int[plan.numShards()];
        for (int i = 0; i < shards.length; i++) {
            localIndex[shards[i]] = i;
        }
        long seen = 0;
        while (rows.hasNext()) {
            Tuple2<Long, Sample> row = rows.next();
            long global = row._1();
            int shard = (int) (global % s);
            if (shard % plan.numTasks() != task) {
                throw new IllegalStateException("Lanes: task " + task + " received row " + global + " of shard " + shard);
            }
            int i = localIndex[shard];
            int r = (int) (global / s);
            System.arraycopy(row._2().features(), 0, features[i], r * width, width);
            labels[i][r] = row._2().label();
            seen++;
        }
        long expected = 0;
        for (int shard : shards) {
            expected += plan.rowsInShard(shard);
        }
        if (seen != expected) {
            throw new IllegalStateException("Lanes: task " + task + " received " + seen + " rows, expected " + expected);
        }
    }

    private void epoch(int epoch, GradientExchange exchange, int stageAttempt) throws IOException {
        int rows = (int) plan.numRows();
        int[] order = GlobalBatches.order(rows, plan.seed(), epoch);
        int batches = GlobalBatches.count(rows, plan.batchSize());
        float[][] local = new float[shards.length][parameterCount];
        float[] sum = new float[parameterCount];
        int[] shardSlot = new int[plan.numShards()];
        java.util.Arrays.fill(shardSlot, -1);
        for (int i = 0; i < shards.length; i++) {
            shardSlot[shards[i]] = i;
        }
        int[][] members = new int[shards.length][plan.batchSize()];
        int[] counts = new int[shards.length];
        model.train();
        // The rate is set at every epoch's start (a resumed run's too), never carried over from a checkpoint.
        optimizer.setLearningRate(plan.rate(epoch));
        for (int b = 0; b < batches; b++) {
            int from = b * plan.batchSize();
            int to = Math.min(rows, from + plan.batchSize());
            java.util.Arrays.fill(counts, 0);
            for (int k = from; k < to; k++) {
                int slot = shardSlot[order[k] % plan.numShards()];
                if (slot >= 0) {
                    members[slot][counts[slot]++] = order[k] / plan.numShards();
                }
            }
            for (int i = 0; i < shards.length; i++) {
                if (plan.dropout() > 0) {
                    model.random().restart(plan.dropoutSeed(epoch, b, shards[i]));
                }
                shardGradient(i, members[i], counts[i], to - from, local[i]);
            }
            exchange.allReduce(local, sum);
            int offset = 0;
            for (Parameter p : parameters) {
                int size = p.value().size();
                System.arraycopy(sum, offset, p.grad().floats(), 0, size);
                offset += size;
            }
            optimizer.step();
            StepHook h = hook;
            if (h != null) {
                h.afterStep(stageAttempt, task, epoch, b);
            }
        }
    }

    /** The gradient of shard {@code i}'s {@code n} rows of a batch of {@code batch} rows, times n / batch, flattened. */
    private void shardGradient(int i, int[] rows, int n, int batch, float[] out) {
        if (n == 0) {
            java.util.Arrays.fill(out, 0f);
            return;
        }
        int width = plan.features();
        float[] x = batchFeatures;
        float[] y = batchLabels;
        for (int r = 0; r < n; r++) {
            System.arraycopy(features[i], rows[r] * width, x, r * width, width);
            y[r] = labels[i][rows[r]];
        }
        optimizer.zeroGrad();
        Tensor output = model.forward(Tensor.of(x, plan.batchSize(), width).firstRows(n));
        Tensor dOutput = loss.of(output, y, n);
        // The loss is the mean over this shard's n rows; the batch's is the mean over all its rows.
        float share = (float) n / batch;
        float[] g = dOutput.floats();
        for (int k = 0, size = dOutput.size(); k < size; k++) {
            g[k] *= share;
        }
        model.backward(dOutput, false);
        int offset = 0;
        for (Parameter p : parameters) {
            int size = p.value().size();
            System.arraycopy(p.grad().floats(), 0, out, offset, size);
            offset += size;
        }
    }
}

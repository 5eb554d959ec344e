package dev.lanes.spark;

import dev.lanes.nn.DType;
import dev.lanes.nn.SeededRandom;
import dev.lanes.nn.Tensor;
import dev.lanes.nn.init.Initializers;
import dev.lanes.nn.layers.Dropout;
import dev.lanes.nn.layers.ELU;
import dev.lanes.nn.layers.GELU;
import dev.lanes.nn.layers.Layer;
import dev.lanes.nn.layers.LeakyReLU;
import dev.lanes.nn.layers.Linear;
import dev.lanes.nn.layers.ReLU;
import dev.lanes.nn.layers.Sequential;
import dev.lanes.nn.layers.SiLU;
import dev.lanes.nn.layers.Sigmoid;
import dev.lanes.nn.layers.Softplus;
import dev.lanes.nn.layers.Tanh;
import dev.lanes.nn.loss.HuberLoss;
import dev.lanes.nn.loss.Loss;
import dev.lanes.nn.loss.MeanAbsoluteError;
import dev.lanes.nn.loss.MeanSquaredError;
import dev.lanes.nn.loss.SmoothL1Loss;
import dev.lanes.nn.loss.SoftmaxCrossEntropy;
import dev.lanes.nn.optim.Adam;
import dev.lanes.nn.optim.LearningRateSchedule;
import dev.lanes.nn.optim.Optimizer;
import dev.lanes.nn.optim.Sgd;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Everything a barrier task needs to train its replica, fixed on the driver before the stage starts, for a
 * classifier and a regressor alike (they differ in {@code loss} only). The {@link #configuration()} entries are
 * what a checkpoint must match to be resumed.
 *
 * @param layers [features, hidden…, outputs]
 * @param activation the activation after every hidden layer, one of {@link #ACTIVATIONS}
 * @param loss {@link #CLASSIFICATION_LOSS} or one of {@link #REGRESSION_LOSSES}
 * @param optimizer "adam" or "sgd"
 * @param stepSize the learning rate
 * @param momentum SGD's momentum
 * @param weightDecay the weight decay
 * @param dropout the dropout probability after every hidden activation, 0 for no dropout layers
 * @param schedule the learning-rate schedule over epochs, one of {@link #SCHEDULES}
 * @param scheduleGamma the step and exponential schedules' factor
 * @param scheduleStep the epochs each rate of the step schedule lasts
 * @param batchSize rows per global batch
 * @param epochs epochs to train
 * @param seed initial weights and shuffles
 * @param numShards logical shards
 * @param numTasks barrier tasks
 * @param numRows rows of the data set
 * @param checkpointDir where checkpoints go, empty for none
 */
record TrainingPlan(int[] layers, String activation, String loss, String optimizer, double stepSize, double momentum,
                    double weightDecay, double dropout, String schedule, double scheduleGamma, int scheduleStep,
                    int batchSize, int epochs, long seed, int numShards, int numTasks, long numRows,
                    String checkpointDir) implements Serializable {

    /** The hidden layers' activations, by their param value. */
    static final List<String> ACTIVATIONS = List.of("relu", "tanh", "sigmoid", "gelu", "silu", "elu", "leaky_relu", "softplus");
    /** A classifier's loss: softmax cross-entropy on the logits against class indices. */
    static final String CLASSIFICATION_LOSS = "softmax_cross_entropy";
    /** A regressor's losses, by their param value. */
    static final List<String> REGRESSION_LOSSES = List.of("mse", "l1", "huber", "smooth_l1");
    /** The learning-rate schedules, by their param value. */
    static final List<String> SCHEDULES = List.of("constant", "step", "exponential", "cosine");

    int features() {
        return layers[0];
    }

    int outputs() {
        return layers[layers.length - 1];
    }

    /** Whether the labels are class indices (else target values). */
    boolean classifies() {
        return loss.equals(CLASSIFICATION_LOSS);
    }

    /**
     * The untrained model: every replica starts from these bits. Linear layers are initialised in order from one
     * generator with the seed, as {@code Nets.mlp} does (with ReLU, the same model).
     */
    Sequential initialModel() {
        SeededRandom random = new SeededRandom(seed);
        List<Layer> stack = new ArrayList<>();
        for (int i = 1; i < layers.length; i++) {
            stack.add(new Linear(layers[i - 1], layers[i], DType.F32).initialize(Initializers.pytorchDefault(), random));
            if (i < layers.length - 1) {
                stack.add(activationLayer());
                if (dropout > 0) {
                    stack.add(new Dropout(dropout));
                }
            }
        }
        return new Sequential(stack, true);
    }

    private Layer activationLayer() {
        return switch (activation) {
            case "relu" -> new ReLU();
            case "tanh" -> new Tanh();
            case "sigmoid" -> new Sigmoid();
            case "gelu" -> new GELU();
            case "silu" -> new SiLU();
            case "elu" -> new ELU();
            case "leaky_relu" -> new LeakyReLU();
            case "softplus" -> new Softplus();
            default -> throw new IllegalArgumentException("Lanes: activation must be one of " + ACTIVATIONS + ", got " + activation);
        };
    }

    /**
     * The learning rate of an epoch: a pure function of the epoch, so a run resumed from a checkpoint takes the same
     * rates as one that never stopped.
     */
    double rate(int epoch) {
        LearningRateSchedule s = switch (schedule) {
            case "constant" -> LearningRateSchedule.constant(stepSize);
            case "step" -> LearningRateSchedule.step(stepSize, scheduleStep, scheduleGamma);
            case "exponential" -> LearningRateSchedule.exponential(stepSize, scheduleGamma);
            case "cosine" -> LearningRateSchedule.cosine(stepSize, epochs, 0);
            default -> throw new IllegalArgumentException("Lanes: schedule must be one of " + SCHEDULES + ", got " + schedule);
        };
        return s.rate(epoch);
    }

    /**
     * The seed of the dropout masks of one shard's part of one global batch. Each shard's forward pass draws its
     * masks from a generator restarted at this seed, so the masks depend on (seed, epoch, batch, shard) only, not
     * on which task holds the shard or what it computed before; the streams of different triples are independent
     * ({@link SeededRandom#streamSeed}), and apart from the shuffles' streams ({@link GlobalBatches#order}), which
     * draw from the run's seed itself rather than from stream −1 of it.
     */
    long dropoutSeed(int epoch, int batch, int shard) {
        long batches = GlobalBatches.count((int) numRows, batchSize);
        return SeededRandom.streamSeed(SeededRandom.streamSeed(seed, -1), ((long) epoch * batches + batch) * numShards + shard);
    }

    Optimizer newOptimizer(Sequential model) {
        return switch (optimizer) {
            case "adam" -> new Adam(model, stepSize, 0.9, 0.999, 1e-8, weightDecay);
            case "sgd" -> new Sgd(model, stepSize, momentum, weightDecay);
            default -> throw new IllegalArgumentException("Lanes: optimizer must be adam or sgd, got " + optimizer);
        };
    }

    /** ∂loss/∂output for one batch: the model's output for n rows and their n labels (class indices or values). */
    interface OutputGradient {
        Tensor of(Tensor output, float[] labels, int n);
    }

    /** This plan's loss on {@code model}'s output (mean over the rows), reusing its buffers batch after batch. */
    OutputGradient newLoss(Sequential model) {
        if (classifies()) {
            SoftmaxCrossEntropy crossEntropy = new SoftmaxCrossEntropy(model);
            return (output, labels, n) -> {
                int[] classes = new int[n];
                for (int r = 0; r < n; r++) {
                    classes[r] = (int) labels[r];
                }
                crossEntropy.forward(output, classes);
                return crossEntropy.backward();
            };
        }
        Loss<Tensor> regression = switch (loss) {
            case "mse" -> new MeanSquaredError(model);
            case "l1" -> new MeanAbsoluteError(model);
            case "huber" -> new HuberLoss(model);
            case "smooth_l1" -> new SmoothL1Loss(model);
            default -> throw new IllegalArgumentException("Lanes: loss must be one of " + REGRESSION_LOSSES + ", got " + loss);
        };
        float[] targets = new float[batchSize];
        return (output, labels, n) -> {
            System.arraycopy(labels, 0, targets, 0, n);
            regression.forward(output, Tensor.of(targets, batchSize, 1).firstRows(n));
            return regression.backward();
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
        c.put("lanes.spark.activation", activation);
        c.put("lanes.spark.loss", loss);
        c.put("lanes.spark.optimizer", optimizer);
        c.put("lanes.spark.stepSize", Double.toString(stepSize));
        c.put("lanes.spark.momentum", Double.toString(momentum));
        c.put("lanes.spark.weightDecay", Double.toString(weightDecay));
        c.put("lanes.spark.dropout", Double.toString(dropout));
        c.put("lanes.spark.schedule", schedule);
        c.put("lanes.spark.scheduleGamma", Double.toString(scheduleGamma));
        c.put("lanes.spark.scheduleStep", Integer.toString(scheduleStep));
        c.put("lanes.spark.batchSize", Integer.toString(batchSize));
        c.put("lanes.spark.seed", Long.toString(seed));
        c.put("lanes.spark.numShards", Integer.toString(numShards));
        c.put("lanes.spark.numRows", Long.toString(numRows));
        return c;
    }
}

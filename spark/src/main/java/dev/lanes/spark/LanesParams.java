package dev.lanes.spark;

import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.Params;
import scala.Function1;

import java.io.Serializable;

/**
 * The parameters every Lanes estimator and model has ({@link LanesClassifier}, {@link LanesRegressor} and their
 * models), owned here for all, as MLlib's {@code MultilayerPerceptronParams} are. MLlib's names where MLlib has
 * one ({@code layers}, {@code maxIter}, {@code blockSize}, {@code stepSize}, {@code seed} and the column names);
 * Lanes's own for the rest. {@link LanesClassifierParams} and {@link LanesRegressorParams} add what only one kind
 * has.
 *
 * <p>Each accessor builds its {@link Param}: a Spark param is identified by its owner's uid and its name (that is
 * what {@code equals} and {@code hashCode} compare), so a fresh instance is the same param, and an interface can
 * own the definitions without fields.
 */
public interface LanesParams extends Params {

    /**
     * The features column: ML {@code Vector}s of length {@code layers[0]}.
     *
     * @return the param, default {@code "features"}
     */
    default Param<String> featuresCol() {
        return new Param<>(this, "featuresCol", "features column name");
    }

    /**
     * The label column: class indices 0 … {@code layers[last] − 1} for a classifier, target values for a
     * regressor, as numbers.
     *
     * @return the param, default {@code "label"}
     */
    default Param<String> labelCol() {
        return new Param<>(this, "labelCol", "label column name");
    }

    /**
     * The prediction column: the predicted class index, or the predicted value (a double, as MLlib writes both).
     *
     * @return the param, default {@code "prediction"}
     */
    default Param<String> predictionCol() {
        return new Param<>(this, "predictionCol", "prediction column name");
    }

    /**
     * Layer sizes from input to output, as MLlib's: {@code [features, hidden…, outputs]}, where outputs are the
     * classes of a classifier and 1 for a regressor; each hidden layer is followed by {@link #activation()}.
     *
     * @return the param, required
     */
    default IntArrayParam layers() {
        return new IntArrayParam(this, "layers", "sizes of layers from input layer to output layer, e.g. [784, 256, 10]: "
                + "at least two, each >= 1", (Function1<int[], Object> & Serializable) LanesParams::validLayers);
    }

    /**
     * The activation after every hidden layer: {@code "relu"}, {@code "tanh"}, {@code "sigmoid"}, {@code "gelu"},
     * {@code "silu"}, {@code "elu"}, {@code "leaky_relu"} or {@code "softplus"}, with PyTorch's default settings.
     *
     * @return the param, default {@code "relu"}
     */
    default Param<String> activation() {
        return new Param<>(this, "activation", "activation after every hidden layer: "
                + String.join(", ", TrainingPlan.ACTIVATIONS), ParamValidators.inArray(TrainingPlan.ACTIVATIONS.toArray(new String[0])));
    }

    /**
     * Epochs of training (passes over the data).
     *
     * @return the param, default 10
     */
    default IntParam maxIter() {
        return new IntParam(this, "maxIter", "epochs of training (>= 1)", ParamValidators.gtEq(1));
    }

    /**
     * Rows per forward pass in {@code transform}.
     *
     * @return the param, default 1024
     */
    default IntParam blockSize() {
        return new IntParam(this, "blockSize", "rows per forward pass when predicting (>= 1)", ParamValidators.gtEq(1));
    }

    /**
     * The learning rate.
     *
     * @return the param, default 0.001
     */
    default DoubleParam stepSize() {
        return new DoubleParam(this, "stepSize", "learning rate (> 0)", ParamValidators.gt(0));
    }

    /**
     * The seed of the initial weights and of every epoch's shuffle.
     *
     * @return the param, default 42
     */
    default LongParam seed() {
        return new LongParam(this, "seed", "random seed");
    }

    /**
     * The optimiser: {@code "adam"} or {@code "sgd"}.
     *
     * @return the param, default {@code "adam"}
     */
    default Param<String> optimizer() {
        return new Param<>(this, "optimizer", "optimizer: adam or sgd",
                ParamValidators.inArray(new String[] {"adam", "sgd"}));
    }

    /**
     * SGD's momentum (ignored by Adam).
     *
     * @return the param, default 0
     */
    default DoubleParam momentum() {
        return new DoubleParam(this, "momentum", "SGD momentum in [0, 1)", ParamValidators.inRange(0, 1, true, false));
    }

    /**
     * Weight decay: the factor of W added to each weight's gradient (biases excluded).
     *
     * @return the param, default 0
     */
    default DoubleParam weightDecay() {
        return new DoubleParam(this, "weightDecay", "weight decay (>= 0)", ParamValidators.gtEq(0));
    }

    /**
     * Dropout after every hidden layer's activation, as PyTorch's {@code nn.Dropout(p)} there: in training each
     * element is zeroed with probability p and the rest scaled by 1/(1 − p); predictions use no dropout. The masks
     * are a pure function of the seed, the epoch, the batch and the shard, so the model's bits still depend on
     * {@code numShards} only, not on {@code numTasks}, and a resumed run draws the same masks.
     *
     * @return the param, default 0 (no dropout layers)
     */
    default DoubleParam dropout() {
        return new DoubleParam(this, "dropout", "dropout probability after every hidden activation, in [0, 1)",
                ParamValidators.inRange(0, 1, true, false));
    }

    /**
     * The learning-rate schedule over epochs, each PyTorch's scheduler of the same meaning stepped once per epoch:
     * {@code "constant"} (stepSize throughout), {@code "step"} ({@code StepLR}: stepSize·gamma^⌊epoch / step⌋ with
     * {@link #scheduleGamma()} and {@link #scheduleStep()}), {@code "exponential"} ({@code ExponentialLR}:
     * stepSize·gamma^epoch) and {@code "cosine"} ({@code CosineAnnealingLR} with T_max = maxIter and eta_min 0).
     *
     * @return the param, default {@code "constant"}
     */
    default Param<String> schedule() {
        return new Param<>(this, "schedule", "learning-rate schedule over epochs: " + String.join(", ", TrainingPlan.SCHEDULES),
                ParamValidators.inArray(TrainingPlan.SCHEDULES.toArray(new String[0])));
    }

    /**
     * The factor of the {@code "step"} and {@code "exponential"} schedules (PyTorch's {@code gamma}).
     *
     * @return the param, default 0.1
     */
    default DoubleParam scheduleGamma() {
        return new DoubleParam(this, "scheduleGamma", "factor of the step and exponential schedules (> 0)", ParamValidators.gt(0));
    }

    /**
     * The epochs each rate of the {@code "step"} schedule lasts (PyTorch's {@code step_size}).
     *
     * @return the param, default 1
     */
    default IntParam scheduleStep() {
        return new IntParam(this, "scheduleStep", "epochs each rate of the step schedule lasts (>= 1)", ParamValidators.gtEq(1));
    }

    /**
     * Rows per global batch: one synchronous update of every replica per batch.
     *
     * @return the param, default 128
     */
    default IntParam batchSize() {
        return new IntParam(this, "batchSize", "rows per global batch (>= 1)", ParamValidators.gtEq(1));
    }

    /**
     * Logical shards of the data: the trained model's bits depend on this number, never on how many tasks or
     * executors hold the shards.
     *
     * @return the param, default 4
     */
    default IntParam numShards() {
        return new IntParam(this, "numShards", "logical data shards, summed in a fixed order (>= 1)", ParamValidators.gtEq(1));
    }

    /**
     * Barrier tasks (model replicas) that train together; 0 means as many as the cluster has slots, at most
     * {@code numShards}.
     *
     * @return the param, default 0
     */
    default IntParam numTasks() {
        return new IntParam(this, "numTasks", "barrier tasks training together, <= numShards (0: one per free slot)",
                ParamValidators.gtEq(0));
    }

    /**
     * Where a checkpoint is written after every epoch (any Hadoop file system URI); empty for none. A
     * restarted stage, or a new fit with the same settings, continues from the last one there.
     *
     * @return the param, default empty
     */
    default Param<String> checkpointDir() {
        return new Param<>(this, "checkpointDir", "directory for per-epoch checkpoints (empty: none)");
    }

    /**
     * Sets every default; called once by each constructor.
     */
    default void setLanesDefaults() {
        setDefault(featuresCol(), "features");
        setDefault(labelCol(), "label");
        setDefault(predictionCol(), "prediction");
        setDefault(activation(), "relu");
        setDefault(maxIter(), 10);
        setDefault(blockSize(), 1024);
        setDefault(stepSize(), 0.001);
        setDefault(seed(), 42L);
        setDefault(optimizer(), "adam");
        setDefault(momentum(), 0.0);
        setDefault(weightDecay(), 0.0);
        setDefault(dropout(), 0.0);
        setDefault(schedule(), "constant");
        setDefault(scheduleGamma(), 0.1);
        setDefault(scheduleStep(), 1);
        setDefault(batchSize(), 128);
        setDefault(numShards(), 4);
        setDefault(numTasks(), 0);
        setDefault(checkpointDir(), "");
    }

    /**
     * The features column name.
     *
     * @return its value
     */
    default String getFeaturesCol() {
        return getOrDefault(featuresCol());
    }

    /**
     * The label column name.
     *
     * @return its value
     */
    default String getLabelCol() {
        return getOrDefault(labelCol());
    }

    /**
     * The prediction column name.
     *
     * @return its value
     */
    default String getPredictionCol() {
        return getOrDefault(predictionCol());
    }

    /**
     * The layer sizes.
     *
     * @return a copy of them
     * @throws java.util.NoSuchElementException if they were never set
     */
    default int[] getLayers() {
        return getOrDefault(layers()).clone();
    }

    /**
     * The activation of the hidden layers.
     *
     * @return its value
     */
    default String getActivation() {
        return getOrDefault(activation());
    }

    /**
     * The number of epochs.
     *
     * @return its value
     */
    default int getMaxIter() {
        return (Integer) getOrDefault(maxIter());
    }

    /**
     * The rows per forward pass when predicting.
     *
     * @return its value
     */
    default int getBlockSize() {
        return (Integer) getOrDefault(blockSize());
    }

    /**
     * The learning rate.
     *
     * @return its value
     */
    default double getStepSize() {
        return (Double) getOrDefault(stepSize());
    }

    /**
     * The seed.
     *
     * @return its value
     */
    default long getSeed() {
        return (Long) getOrDefault(seed());
    }

    /**
     * The optimiser's name.
     *
     * @return its value
     */
    default String getOptimizer() {
        return getOrDefault(optimizer());
    }

    /**
     * SGD's momentum.
     *
     * @return its value
     */
    default double getMomentum() {
        return (Double) getOrDefault(momentum());
    }

    /**
     * The weight decay.
     *
     * @return its value
     */
    default double getWeightDecay() {
        return (Double) getOrDefault(weightDecay());
    }

    /**
     * The dropout probability.
     *
     * @return its value
     */
    default double getDropout() {
        return (Double) getOrDefault(dropout());
    }

    /**
     * The learning-rate schedule's name.
     *
     * @return its value
     */
    default String getSchedule() {
        return getOrDefault(schedule());
    }

    /**
     * The factor of the step and exponential schedules.
     *
     * @return its value
     */
    default double getScheduleGamma() {
        return (Double) getOrDefault(scheduleGamma());
    }

    /**
     * The epochs each rate of the step schedule lasts.
     *
     * @return its value
     */
    default int getScheduleStep() {
        return (Integer) getOrDefault(scheduleStep());
    }

    /**
     * The rows per global batch.
     *
     * @return its value
     */
    default int getBatchSize() {
        return (Integer) getOrDefault(batchSize());
    }

    /**
     * The number of logical shards.
     *
     * @return its value
     */
    default int getNumShards() {
        return (Integer) getOrDefault(numShards());
    }

    /**
     * The number of barrier tasks (0: one per free slot).
     *
     * @return its value
     */
    default int getNumTasks() {
        return (Integer) getOrDefault(numTasks());
    }

    /**
     * The checkpoint directory (empty: none).
     *
     * @return its value
     */
    default String getCheckpointDir() {
        return getOrDefault(checkpointDir());
    }

    private static boolean validLayers(int[] layers) {
        if (layers == null || layers.length < 2) {
            return false;
        }
        for (int width : layers) {
            if (width < 1) {
                return false;
            }
        }
        return true;
    }
}

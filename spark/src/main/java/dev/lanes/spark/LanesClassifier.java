package dev.lanes.spark;

import org.apache.spark.HashPartitioner;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWriter;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.SerializableConfiguration;
import scala.Function1;
import scala.Tuple2;
import scala.jdk.javaapi.CollectionConverters;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.List;

import static org.apache.spark.sql.functions.col;

/**
 * A Spark ML estimator that trains a Lanes fully-connected classifier (ReLU hidden layers, softmax cross-entropy)
 * with synchronous data-parallel SGD or Adam in barrier execution mode.
 *
 * <p>The rows are numbered in the data set's order and dealt to {@code numShards} logical shards (row i to shard
 * i mod numShards); {@code numTasks} barrier tasks hold the shards, one model replica each. Each global batch of
 * {@code batchSize} rows (a seeded permutation per epoch) is split by shard; every task computes its shards'
 * gradients with the Lanes kernels, the tasks add them in shard order over sockets between themselves (not
 * through the driver), and every replica takes the same step. The model's bits depend on the data, the seed,
 * the settings and {@code numShards}, not on {@code numTasks} or the number of executors.
 *
 * <pre>{@code
 * LanesClassifier lanes = new LanesClassifier().setLayers(new int[] {784, 256, 10}).setMaxIter(10);
 * Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {assembler, scaler, lanes});
 * PipelineModel model = pipeline.fit(train);
 * }</pre>
 */
public final class LanesClassifier extends Estimator<LanesClassificationModel> implements LanesClassifierParams, MLWritable {

    private static final long serialVersionUID = 1L;

    /** This estimator's uid, which its params are bound to. */
    private final String uid;

    /** A classifier with a new uid and the default params ({@code layers} must still be set). */
    public LanesClassifier() {
        this(Identifiable.randomUID("lanesClassifier"));
    }

    /**
     * A classifier with this uid (what Spark's readers and {@code copy} use).
     *
     * @param uid the uid
     */
    public LanesClassifier(String uid) {
        this.uid = uid;
        setLanesDefaults();
    }

    @Override
    public String uid() {
        return uid;
    }

    /**
     * Sets the layer sizes, [features, hidden…, classes].
     *
     * @param value the sizes
     * @return this
     */
    public LanesClassifier setLayers(int[] value) {
        set(layers(), value);
        return this;
    }

    /**
     * Sets the number of epochs.
     *
     * @param value epochs, ≥ 1
     * @return this
     */
    public LanesClassifier setMaxIter(int value) {
        set(maxIter(), value);
        return this;
    }

    /**
     * Sets the rows per forward pass of the fitted model's {@code transform}.
     *
     * @param value rows, ≥ 1
     * @return this
     */
    public LanesClassifier setBlockSize(int value) {
        set(blockSize(), value);
        return this;
    }

    /**
     * Sets the learning rate.
     *
     * @param value the rate, &gt; 0
     * @return this
     */
    public LanesClassifier setStepSize(double value) {
        set(stepSize(), value);
        return this;
    }

    /**
     * Sets the seed.
     *
     * @param value the seed
     * @return this
     */
    public LanesClassifier setSeed(long value) {
        set(seed(), value);
        return this;
    }

    /**
     * Sets the optimiser.
     *
     * @param value {@code "adam"} or {@code "sgd"}
     * @return this
     */
    public LanesClassifier setOptimizer(String value) {
        set(optimizer(), value);
        return this;
    }

    /**
     * Sets SGD's momentum.
     *
     * @param value in [0, 1)
     * @return this
     */
    public LanesClassifier setMomentum(double value) {
        set(momentum(), value);
        return this;
    }

    /**
     * Sets the weight decay.
     *
     * @param value ≥ 0
     * @return this
     */
    public LanesClassifier setWeightDecay(double value) {
        set(weightDecay(), value);
        return this;
    }

    /**
     * Sets the rows per global batch.
     *
     * @param value rows, ≥ 1
     * @return this
     */
    public LanesClassifier setBatchSize(int value) {
        set(batchSize(), value);
        return this;
    }

    /**
     * Sets the number of logical shards.
     *
     * @param value shards, ≥ 1
     * @return this
     */
    public LanesClassifier setNumShards(int value) {
        set(numShards(), value);
        return this;
    }

    /**
     * Sets the number of barrier tasks.
     *
     * @param value tasks, ≤ numShards, or 0 for one per free slot
     * @return this
     */
    public LanesClassifier setNumTasks(int value) {
        set(numTasks(), value);
        return this;
    }

    /**
     * Sets the checkpoint directory.
     *
     * @param value a Hadoop file system path or URI, or empty for none
     * @return this
     */
    public LanesClassifier setCheckpointDir(String value) {
        set(checkpointDir(), value);
        return this;
    }

    /**
     * Sets the features column.
     *
     * @param value the column name
     * @return this
     */
    public LanesClassifier setFeaturesCol(String value) {
        set(featuresCol(), value);
        return this;
    }

    /**
     * Sets the label column.
     *
     * @param value the column name
     * @return this
     */
    public LanesClassifier setLabelCol(String value) {
        set(labelCol(), value);
        return this;
    }

    /**
     * Sets the prediction column.
     *
     * @param value the column name
     * @return this
     */
    public LanesClassifier setPredictionCol(String value) {
        set(predictionCol(), value);
        return this;
    }

    /**
     * Sets the probability column.
     *
     * @param value the column name
     * @return this
     */
    public LanesClassifier setProbabilityCol(String value) {
        set(probabilityCol(), value);
        return this;
    }

    /**
     * Sets the raw prediction column.
     *
     * @param value the column name
     * @return this
     */
    public LanesClassifier setRawPredictionCol(String value) {
        set(rawPredictionCol(), value);
        return this;
    }

    @Override
    public StructType transformSchema(StructType schema) {
        return ClassifierSchema.transform(this, schema, true);
    }

    @Override
    public LanesClassifier copy(ParamMap extra) {
        return defaultCopy(extra);
    }

    /**
     * Trains on {@code dataset}: one barrier stage of {@code numTasks} tasks that run every epoch.
     * A problem found on the executors (a features vector of the wrong length, a label out of range, an executor
     * without the Vector API module) fails the Spark job; the exception's cause names the column, the row and
     * what to do.
     *
     * @param dataset rows with the features and label columns
     * @return the trained model, with this estimator's params
     * @throws IllegalArgumentException if a column is missing or of the wrong type, {@code layers} is not set, the
     *         data set is empty, or {@code numTasks} exceeds {@code numShards}
     * @throws IllegalStateException if the cluster has fewer free slots than barrier tasks (the message says how
     *         many are needed and how to get them)
     */
    @Override
    public LanesClassificationModel fit(Dataset<?> dataset) {
        transformSchema(dataset.schema(), true);
        if (!isDefined(layers())) {
            throw new IllegalArgumentException("LanesClassifier: set layers, e.g. setLayers(new int[] {784, 256, 10}) for "
                    + "784 features, one hidden layer of 256 and 10 classes");
        }
        int[] sizes = getLayers();
        Dataset<Row> frame = dataset.select(col(getFeaturesCol()), col(getLabelCol()).cast("double"));
        long rows = frame.count();
        if (rows == 0) {
            throw new IllegalArgumentException("LanesClassifier: the data set is empty");
        }
        if (rows > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("LanesClassifier: " + rows + " rows; at most " + Integer.MAX_VALUE + " are supported");
        }
        SparkContext sc = dataset.sparkSession().sparkContext();
        int tasks = barrierTasks(sc, getNumTasks(), getNumShards());
        TrainingPlan plan = new TrainingPlan(sizes, getOptimizer(), getStepSize(), getMomentum(), getWeightDecay(),
                getBatchSize(), getMaxIter(), getSeed(), getNumShards(), tasks, rows, getCheckpointDir());
        byte[] trained = train(frame, plan, getFeaturesCol(), getLabelCol(), SerializableConfiguration.broadcast(sc));
        LanesClassificationModel model = new LanesClassificationModel(uid, trained);
        copyValues(model, extractParamMap());
        model.setParent(this);
        return model;
    }

    /** The barrier tasks to run: as asked, or one per free slot; checked against the cluster's slots. */
    static int barrierTasks(SparkContext sc, int asked, int shards) {
        int slots = sc.maxNumConcurrentTasks(sc.resourceProfileManager().defaultResourceProfile());
        int tasks = asked == 0 ? Math.max(1, Math.min(shards, slots)) : asked;
        if (tasks > shards) {
            throw new IllegalArgumentException("LanesClassifier: numTasks (" + tasks + ") must be at most numShards (" + shards
                    + "): each task holds whole shards");
        }
        checkSlots(tasks, slots);
        return tasks;
    }

    /** Spark would wait for slots that never come (then fail after minutes), so say it now. */
    static void checkSlots(int tasks, int slots) {
        if (tasks > slots) {
            throw new IllegalStateException("LanesClassifier: training runs " + tasks + " barrier tasks at once (numTasks = "
                    + tasks + "), but the cluster has " + slots + " task slots (executor cores / spark.task.cpus). Either set "
                    + "numTasks to " + Math.max(1, slots) + " or fewer (the model depends on numShards, not numTasks), or give "
                    + "the application " + tasks + " slots: --master local[" + tasks + "] in local mode, "
                    + "--total-executor-cores " + tasks + " (spark.cores.max) on a standalone cluster, or "
                    + "spark.executor.instances x spark.executor.cores >= " + tasks + " (with dynamic allocation, "
                    + "spark.dynamicAllocation.minExecutors). Executors that are still starting have no slots yet: "
                    + "wait until they have registered (SparkContext.statusTracker().getExecutorInfos()) before fit");
        }
    }

    private static byte[] train(Dataset<Row> frame, TrainingPlan plan, String featuresCol, String labelCol,
                                Broadcast<SerializableConfiguration> hadoop) {
        int features = plan.features();
        int classes = plan.classes();
        JavaPairRDD<Long, Sample> samples = frame.javaRDD().zipWithIndex()
                .mapToPair(t -> new Tuple2<>(t._2(), Sample.of(t._1(), t._2(), features, classes, featuresCol, labelCol)))
                .partitionBy(new ShardPartitioner(plan.numShards(), plan.numTasks()));
        Function1<scala.collection.Iterator<Tuple2<Long, Sample>>, scala.collection.Iterator<byte[]>> task =
                (Function1<scala.collection.Iterator<Tuple2<Long, Sample>>, scala.collection.Iterator<byte[]>> & Serializable)
                        rows -> {
                            try {
                                return CollectionConverters.asScala(ShardTrainer.run(plan, hadoop.value(), CollectionConverters.asJava(rows)));
                            } catch (IOException e) {
                                throw new UncheckedIOException(e);
                            }
                        };
        ClassTag<byte[]> bytes = ClassTag$.MODULE$.apply(byte[].class);
        RDD<byte[]> barrier = samples.rdd().barrier().mapPartitions(task, false, bytes);
        // A shuffle after the barrier stage makes it a shuffle-map stage, which Spark retries as a whole when a
        // task fails (a failed barrier result stage is not retried).
        List<byte[]> result = JavaRDD.fromRDD(barrier, bytes).mapToPair(b -> new Tuple2<>(0, b))
                .partitionBy(new HashPartitioner(1)).values().collect();
        if (result.size() != 1) {
            throw new IllegalStateException("LanesClassifier: expected the model from task 0, got " + result.size() + " results");
        }
        return result.get(0);
    }

    @Override
    public MLWriter write() {
        return new DefaultParamsWriter(this);
    }

    /**
     * A reader of saved classifiers (Spark's {@code MLReadable} contract, static in Java).
     *
     * @return the reader
     */
    public static MLReader<LanesClassifier> read() {
        return new DefaultParamsReader<>();
    }

    /**
     * Loads a classifier saved with {@code write().save(path)}.
     *
     * @param path the directory
     * @return the classifier with its params
     */
    public static LanesClassifier load(String path) {
        return read().load(path);
    }
}

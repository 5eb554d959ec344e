package dev.lanes.spark;

import org.apache.spark.HashPartitioner;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
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
 * The training every Lanes estimator runs, owned here once: the data set numbered and dealt to shards, one
 * barrier stage of {@code numTasks} {@link ShardTrainer}s, and the trained model's file back from task 0. The
 * estimators differ only in their loss and in how they check their columns.
 */
final class BarrierTraining {

    private BarrierTraining() {
    }

    /**
     * Trains on {@code dataset} with the settings in {@code params} and this loss.
     *
     * @param estimator the estimator's class name, for messages
     * @return the trained model's safetensors bytes
     * @throws IllegalArgumentException if {@code layers} is not set, the data set is empty or too large, or
     *         {@code numTasks} exceeds {@code numShards}
     * @throws IllegalStateException if the cluster has fewer free slots than barrier tasks
     */
    static byte[] fit(Dataset<?> dataset, LanesParams params, String loss, String estimator) {
        if (!params.isDefined(params.layers())) {
            throw new IllegalArgumentException(estimator + ": set layers, e.g. setLayers(new int[] {784, 256, 10}) for "
                    + "784 features, one hidden layer of 256 and 10 outputs");
        }
        Dataset<Row> frame = dataset.select(col(params.getFeaturesCol()), col(params.getLabelCol()).cast("double"));
        long rows = frame.count();
        if (rows == 0) {
            throw new IllegalArgumentException(estimator + ": the data set is empty");
        }
        if (rows > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(estimator + ": " + rows + " rows; at most " + Integer.MAX_VALUE + " are supported");
        }
        SparkContext sc = dataset.sparkSession().sparkContext();
        int tasks = barrierTasks(sc, params.getNumTasks(), params.getNumShards());
        TrainingPlan plan = new TrainingPlan(params.getLayers(), params.getActivation(), loss, params.getOptimizer(),
                params.getStepSize(), params.getMomentum(), params.getWeightDecay(), params.getDropout(), params.getSchedule(),
                params.getScheduleGamma(), params.getScheduleStep(), params.getBatchSize(), params.getMaxIter(),
                params.getSeed(), params.getNumShards(), tasks, rows, params.getCheckpointDir());
        return train(frame, plan, params.getFeaturesCol(), params.getLabelCol(), SerializableConfiguration.broadcast(sc));
    }

    /** The barrier tasks to run: as asked, or one per free slot; checked against the cluster's slots. */
    static int barrierTasks(SparkContext sc, int asked, int shards) {
        int slots = sc.maxNumConcurrentTasks(sc.resourceProfileManager().defaultResourceProfile());
        int tasks = asked == 0 ? Math.max(1, Math.min(shards, slots)) : asked;
        if (tasks > shards) {
            throw new IllegalArgumentException("Lanes: numTasks (" + tasks + ") must be at most numShards (" + shards
                    + "): each task holds whole shards");
        }
        checkSlots(tasks, slots);
        return tasks;
    }

    /** Spark would wait for slots that never come (then fail after minutes), so say it now. */
    static void checkSlots(int tasks, int slots) {
        if (tasks > slots) {
            throw new IllegalStateException("Lanes: training runs " + tasks + " barrier tasks at once (numTasks = "
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
        JavaPairRDD<Long, Sample> samples = frame.javaRDD().zipWithIndex()
                .mapToPair(t -> new Tuple2<>(t._2(), Sample.of(t._1(), t._2(), plan, featuresCol, labelCol)))
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
            throw new IllegalStateException("Lanes: expected the model from task 0, got " + result.size() + " results");
        }
        return result.get(0);
    }
}

package dev.lanes.spark.benchmark;

import dev.lanes.kernels.Kernels;
import dev.lanes.nn.Tensor;
import dev.lanes.nn.datasets.DataSetSpec;
import dev.lanes.nn.datasets.ImageDataSet;
import dev.lanes.nn.layers.Sequential;
import dev.lanes.nn.train.Predictor;
import dev.lanes.spark.LanesClassificationModel;
import dev.lanes.spark.LanesClassifier;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.classification.MultilayerPerceptronClassifier;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * Fashion-MNIST as a DataFrame: {@link LanesClassifier} against MLlib's {@code MultilayerPerceptronClassifier} on the
 * same cluster and split, each at settings a user would choose: time to fit and test accuracy, Lanes on 1 and 2
 * barrier tasks (scaling), and {@code transform} throughput per core against single-process {@link Predictor} on
 * the same batches. A standalone program, not a test (the suite only compiles it); each run is short, so a
 * sitting can be split. Run it on the reactor's classes and Maven's class path of the module's test scope (no
 * {@code install}; the full-qualified dependency goal, as the {@code dependency:} prefix would resolve every
 * build plugin of the parent):
 * <pre>{@code
 * ./mvnw -B -ntp -q -pl spark -am test-compile org.apache.maven.plugins:maven-dependency-plugin:3.9.0:build-classpath \
 *   -DexcludeGroupIds=dev.lanes -Dmdep.includeScope=test -Dmdep.outputFile=/tmp/spark-cp.txt
 * java -Xmx8g <spark.jvm.args from spark/pom.xml> \
 *   -cp spark/target/test-classes:spark/target/classes:nn/target/classes:kernels/target/classes:$(cat /tmp/spark-cp.txt) \
 *   dev.lanes.spark.benchmark.FashionMnistSparkBenchmark local[2] benchmarks/results/spark-runs.md lanes:1 lanes:2 mllib:20
 * }</pre>
 * Arguments: the master ({@code local[2]}; a {@code spark://} URL for a standalone cluster), the Markdown file the
 * result rows are appended to, then the runs: {@code lanes:T} (Lanes on T barrier tasks), {@code mllib:N} (MLlib
 * with maxIter N), {@code transform} (throughput on the training rows; run it with master {@code local[1]}, one core). The data is
 * found (or downloaded) as {@link ImageDataSet#load} finds it.
 */
public final class FashionMnistSparkBenchmark {

    private static final int WARMUP = 3;
    private static final int MEASURED = 7;

    private FashionMnistSparkBenchmark() {
    }

    /**
     * Runs the comparison.
     *
     * @param args the master, the Markdown file for the results, the runs
     * @throws IOException if the data set cannot be read or the results written
     */
    public static void main(String[] args) throws IOException {
        if (args.length < 3) {
            throw new IllegalArgumentException("usage: MASTER RESULTS.md RUN… (RUN: lanes:TASKS, mllib:MAXITER, transform)");
        }
        String master = args[0];
        Path results = Path.of(args[1]);
        ImageDataSet splits = ImageDataSet.load(DataSetSpec.FASHION_MNIST);
        SparkSession spark = SparkSession.builder().master(master).appName("lanes-fashion-mnist-benchmark")
                .config("spark.ui.enabled", "false").getOrCreate();
        try {
            int slots = spark.sparkContext().defaultParallelism();
            Dataset<Row> train = frame(spark, splits.train(), slots).cache();
            Dataset<Row> test = frame(spark, splits.test(), slots).cache();
            train.count();
            test.count();
            for (String run : Arrays.copyOfRange(args, 2, args.length)) {
                String row;
                if (run.startsWith("lanes:")) {
                    int tasks = Integer.parseInt(run.substring(6));
                    row = fitAndScore(master, "Lanes 784-256-128-10 ReLU, Adam 1e-3, batch 128, 10 epochs, 2 shards, " + tasks + " task(s)",
                            () -> new LanesClassifier().setLayers(new int[] {784, 256, 128, 10}).setMaxIter(10).setBatchSize(128)
                                    .setStepSize(1e-3).setNumShards(2).setNumTasks(tasks).fit(train), test);
                } else if (run.startsWith("mllib:")) {
                    int iterations = Integer.parseInt(run.substring(6));
                    row = fitAndScore(master, "MLlib MLP 784-128-10 sigmoid, L-BFGS, blockSize 128, maxIter " + iterations,
                            () -> new MultilayerPerceptronClassifier().setLayers(new int[] {784, 128, 10}).setMaxIter(iterations)
                                    .setBlockSize(128).setSeed(42).fit(train), test);
                } else if (run.equals("transform")) {
                    row = transformThroughput(master, train, splits.train());
                } else {
                    throw new IllegalArgumentException("unknown run " + run);
                }
                System.out.print(row);
                Files.writeString(results, row, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            }
        } finally {
            spark.stop();
        }
    }

    /** One fit: a row of master, model, fit seconds, test accuracy. */
    private static String fitAndScore(String master, String what, Supplier<? extends Model<?>> fit, Dataset<Row> test) {
        long start = System.nanoTime();
        Model<?> model = fit.get();
        double fitSeconds = (System.nanoTime() - start) / 1e9;
        double accuracy = new MulticlassClassificationEvaluator().setMetricName("accuracy").evaluate(model.transform(test));
        return String.format("| fit | %s | %s | %.1f s | test accuracy %.4f |%n", master, what, fitSeconds, accuracy);
    }

    /**
     * Rows per second of {@code transform} on the 60 000 training rows (every output column written to Spark's
     * no-op sink) and of {@link Predictor} on the same rows in the same 1024-row batches, on one thread, both after
     * warm-up: medians and ranges. Two Spark floors beside it: the same job without the model (the cached frame
     * scanned into the no-op sink) and with an identity {@code mapPartitions} over {@code Row}s (the conversions
     * any row-level Java function pays), so the gap can be placed. 60 000 rows rather than the 10 000 test rows:
     * a Spark job's fixed cost (scheduling, planning) is then a small part of each pass, as on real data.
     */
    private static String transformThroughput(String master, Dataset<Row> train, dev.lanes.nn.data.Dataset<int[]> examples) {
        LanesClassificationModel model = new LanesClassifier().setLayers(new int[] {784, 256, 128, 10}).setMaxIter(1)
                .setBatchSize(128).setNumShards(1).setNumTasks(1).fit(train).setBlockSize(1024);
        long rows = train.count();
        double[] spark = rate(rows, () -> model.transform(train).write().format("noop").mode("overwrite").save());
        double[] scan = rate(rows, () -> train.write().format("noop").mode("overwrite").save());
        StructType schema = train.schema();
        double[] identity = rate(rows, () -> train.mapPartitions((org.apache.spark.api.java.function.MapPartitionsFunction<Row, Row>) it -> it,
                org.apache.spark.sql.Encoders.row(schema)).write().format("noop").mode("overwrite").save());
        Sequential net = model.toLanesModel();
        net.setKernels(Kernels.get().withThreads(1));
        net.eval();
        Tensor x = examples.inputs().flatten();
        Predictor predictor = new Predictor(net, 1024);
        double[] single = rate(x.rows(), () -> predictor.probabilities(x));
        return String.format("| transform | %s | 784-256-128-10, blockSize 1024, %d rows, %d warm-up + %d measured passes | "
                        + "transform %s | Predictor %s; ratio %.3f | floors: scan %s, identity mapPartitions %s |%n",
                master, rows, WARMUP, MEASURED, median(spark), median(single), spark[MEASURED / 2] / single[MEASURED / 2],
                median(scan), median(identity));
    }

    /** Rows per second of {@code pass} over {@code rows} rows: WARMUP passes, then MEASURED, sorted. */
    private static double[] rate(long rows, Runnable pass) {
        double[] rates = new double[MEASURED];
        for (int i = -WARMUP; i < MEASURED; i++) {
            long start = System.nanoTime();
            pass.run();
            if (i >= 0) {
                rates[i] = rows / ((System.nanoTime() - start) / 1e9);
            }
        }
        Arrays.sort(rates);
        return rates;
    }

    private static String median(double[] sorted) {
        return String.format("%.0f rows/s (range %.0f–%.0f)", sorted[sorted.length / 2], sorted[0], sorted[sorted.length - 1]);
    }

    private static Dataset<Row> frame(SparkSession spark, dev.lanes.nn.data.Dataset<int[]> examples, int partitions) {
        Tensor inputs = examples.inputs().flatten();
        int width = inputs.cols();
        java.util.List<Row> rows = new java.util.ArrayList<>(examples.size());
        for (int i = 0; i < examples.size(); i++) {
            double[] x = new double[width];
            for (int f = 0; f < width; f++) {
                x[f] = inputs.getFlat(i * width + f);
            }
            rows.add(RowFactory.create(Vectors.dense(x), (double) examples.targets()[i]));
        }
        StructType schema = new StructType().add("features", SQLDataTypes.VectorType()).add("label", DataTypes.DoubleType);
        // A parallelized collection's partitions carry their rows, and every RDD derived from it (the cached frame,
        // MLlib's stacked blocks, Lanes's shards) ships them inside each task, hundreds of MB per task per pass: no
        // user's data behaves so. A shuffle cuts that lineage, as reading files would; the frame is cached after it.
        return spark.createDataFrame(JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(rows, partitions), schema)
                .repartition(partitions);
    }
}

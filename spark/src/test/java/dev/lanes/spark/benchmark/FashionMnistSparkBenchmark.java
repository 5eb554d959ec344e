package dev.lanes.spark.benchmark;

import dev.lanes.cli.data.DataLocator;
import dev.lanes.cli.data.DataSetSpec;
import dev.lanes.cli.data.DataSplits;
import dev.lanes.cli.data.Examples;
import dev.lanes.spark.LanesClassifier;
import dev.lanes.spark.LanesClassificationModel;
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
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Fashion-MNIST as a DataFrame: {@link LanesClassifier} against MLlib's {@code MultilayerPerceptronClassifier} on the
 * same cluster and split, each at settings a user would choose: time to fit, test accuracy, Lanes on 1 and 2 barrier
 * tasks (scaling), and {@code transform} throughput. A standalone program, not a test (the suite only compiles it):
 * <pre>{@code
 * ./mvnw -pl spark test-compile
 * ./mvnw -pl spark exec:exec -Dexec.executable=java -Dexec.classpathScope=test \
 *   -Dexec.args="<Spark's JVM options> -cp %classpath dev.lanes.spark.benchmark.FashionMnistSparkBenchmark local[2] benchmarks/results/spark.md"
 * }</pre>
 * Arguments: the master ({@code local[2]} by default; a {@code spark://} URL for a standalone cluster) and
 * optionally a Markdown file to write the table to. The data is found as {@code ./lanes train} finds it.
 */
public final class FashionMnistSparkBenchmark {

    private FashionMnistSparkBenchmark() {
    }

    /** One measured fit. */
    private record Result(String what, double fitSeconds, double testAccuracy, double transformRowsPerSecond) {
    }

    /**
     * Runs the comparison.
     *
     * @param args the master, then optionally the Markdown file for the results
     * @throws IOException if the data set cannot be read or the results written
     */
    public static void main(String[] args) throws IOException {
        String master = args.length > 0 ? args[0] : "local[2]";
        DataSetSpec spec = DataSetSpec.FASHION_MNIST;
        DataSplits splits = DataSplits.load(spec, DataLocator.forThisMachine(null).locate(spec, null), 0,
                Integer.MAX_VALUE, Integer.MAX_VALUE, false);
        SparkSession spark = SparkSession.builder().master(master).appName("lanes-fashion-mnist-benchmark").getOrCreate();
        try {
            int slots = spark.sparkContext().defaultParallelism();
            Dataset<Row> train = frame(spark, splits.train(), slots).cache();
            Dataset<Row> test = frame(spark, splits.test(), slots).cache();
            train.count();
            test.count();
            List<Result> results = new ArrayList<>();
            for (int tasks : new int[] {1, 2}) {
                results.add(measure("Lanes 784-256-128-10 ReLU, Adam 1e-3, batch 128, 10 epochs, " + tasks + " task(s)",
                        () -> new LanesClassifier().setLayers(new int[] {784, 256, 128, 10}).setMaxIter(10).setBatchSize(128)
                                .setStepSize(1e-3).setNumShards(2).setNumTasks(tasks).fit(train), test));
            }
            for (int iterations : new int[] {100, 400}) {
                results.add(measure("MLlib MLP 784-128-10 sigmoid, L-BFGS, blockSize 128, maxIter " + iterations,
                        () -> new MultilayerPerceptronClassifier().setLayers(new int[] {784, 128, 10}).setMaxIter(iterations)
                                .setBlockSize(128).setSeed(42).fit(train), test));
            }
            StringBuilder table = new StringBuilder("# Fashion-MNIST on Spark (" + master + ", " + LocalDate.now() + ")\n\n"
                    + "| model | fit s | test accuracy | transform rows/s |\n| --- | --- | --- | --- |\n");
            for (Result r : results) {
                table.append(String.format("| %s | %.1f | %.4f | %.0f |%n", r.what(), r.fitSeconds(), r.testAccuracy(),
                        r.transformRowsPerSecond()));
            }
            System.out.print(table);
            if (args.length > 1) {
                Files.writeString(Path.of(args[1]), table);
            }
        } finally {
            spark.stop();
        }
    }

    private static Result measure(String what, Supplier<? extends Model<?>> fit, Dataset<Row> test) {
        long start = System.nanoTime();
        Model<?> model = fit.get();
        double fitSeconds = (System.nanoTime() - start) / 1e9;
        start = System.nanoTime();
        Dataset<Row> predicted = model.transform(test).cache();
        long rows = predicted.count();
        double rowsPerSecond = rows / ((System.nanoTime() - start) / 1e9);
        double accuracy = new MulticlassClassificationEvaluator().setMetricName("accuracy").evaluate(predicted);
        predicted.unpersist();
        if (model instanceof LanesClassificationModel) {
            System.out.println(what + ": fitted in " + fitSeconds + " s");
        }
        return new Result(what, fitSeconds, accuracy, rowsPerSecond);
    }

    private static Dataset<Row> frame(SparkSession spark, Examples examples, int partitions) {
        List<Row> rows = new ArrayList<>(examples.count());
        for (int i = 0; i < examples.count(); i++) {
            double[] x = new double[examples.width()];
            for (int f = 0; f < x.length; f++) {
                x[f] = examples.features()[i * examples.width() + f];
            }
            rows.add(RowFactory.create(Vectors.dense(x), (double) examples.labels()[i]));
        }
        StructType schema = new StructType().add("features", SQLDataTypes.VectorType()).add("label", DataTypes.DoubleType);
        return spark.createDataFrame(JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(rows, partitions), schema);
    }
}

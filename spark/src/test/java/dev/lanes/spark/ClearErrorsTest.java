package dev.lanes.spark;

import org.apache.spark.SparkException;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What Spark users get wrong, and what they are told. */
class ClearErrorsTest {

    private static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = SparkTests.local(2, 1);    // a bad row fails the same way every time: report it at once
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    private record Case(String name, Supplier<Dataset<Row>> data, LanesClassifier classifier,
                        Class<? extends Throwable> thrown, String... fragments) {
    }

    private static Dataset<Row> rows(StructType schema, Object[]... values) {
        return spark.createDataFrame(java.util.Arrays.stream(values).map(RowFactory::create).toList(), schema);
    }

    private static final StructType VECTOR_AND_LABEL = new StructType()
            .add("features", SQLDataTypes.VectorType()).add("label", DataTypes.DoubleType);

    @Test
    void everyMistakeIsNamedWithWhatToDo() {
        List<Case> cases = List.of(
                new Case("features of the wrong type",
                        () -> rows(new StructType().add("features", DataTypes.StringType).add("label", DataTypes.DoubleType),
                                new Object[] {"1,2,3,4", 0.0}),
                        SparkTests.small(), IllegalArgumentException.class, "features column 'features' is string", "VectorAssembler"),
                new Case("a missing column",
                        () -> Blobs.assembled(spark, 12, 1, 1).withColumnRenamed("label", "y"),
                        SparkTests.small(), IllegalArgumentException.class, "label column 'label' is not in the data"),
                new Case("string labels",
                        () -> rows(new StructType().add("features", SQLDataTypes.VectorType()).add("label", DataTypes.StringType),
                                new Object[] {Vectors.dense(1, 2, 3, 4), "cat"}),
                        SparkTests.small(), IllegalArgumentException.class, "label column 'label' is string", "StringIndexer"),
                new Case("no layers",
                        () -> Blobs.assembled(spark, 12, 1, 1),
                        new LanesClassifier(), IllegalArgumentException.class, "set layers"),
                new Case("features of another length",
                        () -> rows(VECTOR_AND_LABEL, new Object[] {Vectors.dense(1, 2, 3, 4), 0.0},
                                new Object[] {Vectors.dense(1, 2, 3), 1.0}),
                        SparkTests.small(), SparkException.class,
                        "features column 'features' holds a vector of length 3 in row 1, but the model takes 4 features"),
                new Case("a label out of range",
                        () -> rows(VECTOR_AND_LABEL, new Object[] {Vectors.dense(1, 2, 3, 4), 0.0},
                                new Object[] {Vectors.dense(1, 2, 3, 4), 3.0}),
                        SparkTests.small(), SparkException.class,
                        "label column 'label' holds 3.0 in row 1, but labels must be class indices 0 to 2"),
                new Case("a fractional label",
                        () -> rows(VECTOR_AND_LABEL, new Object[] {Vectors.dense(1, 2, 3, 4), 0.5}),
                        SparkTests.small(), SparkException.class, "label column 'label' holds 0.5 in row 0"),
                new Case("more barrier tasks than slots",
                        () -> Blobs.assembled(spark, 12, 1, 1),
                        SparkTests.small().setNumShards(4).setNumTasks(4), IllegalStateException.class,
                        "runs 4 barrier tasks at once", "the cluster has 2 task slots", "set numTasks to 2 or fewer",
                        "--master local[4]", "--total-executor-cores 4"),
                new Case("more tasks than shards",
                        () -> Blobs.assembled(spark, 12, 1, 1),
                        SparkTests.small().setNumShards(1).setNumTasks(2), IllegalArgumentException.class,
                        "numTasks (2) must be at most numShards (1)"));
        for (Case c : cases) {
            Throwable t = assertThrows(c.thrown(), () -> c.classifier().fit(c.data().get()), c.name());
            String messages = messages(t);
            for (String fragment : c.fragments()) {
                assertTrue(messages.contains(fragment), c.name() + ": \"" + fragment + "\" not in " + messages);
            }
        }
    }

    @Test
    void aModelRejectsFeaturesOfAnotherLengthWhenPredicting() {
        LanesClassificationModel model = SparkTests.small().fit(Blobs.assembled(spark, 30, 1, 1));
        Dataset<Row> wrong = rows(VECTOR_AND_LABEL, new Object[] {Vectors.dense(1, 2, 3, 4, 5), 0.0});
        Throwable t = assertThrows(SparkException.class, () -> model.transform(wrong).collectAsList());
        assertTrue(messages(t).contains("holds a vector of length 5 in row 0, but the model takes 4 features"), messages(t));
    }

    /** The executor-side check: the message names the option to set, unless the user chose a provider. */
    @Test
    void aJvmWithoutTheVectorModuleIsToldWhatToSet() {
        record Jvm(boolean module, String provider, boolean refused) {
        }
        for (Jvm jvm : List.of(new Jvm(true, null, false), new Jvm(true, "vector", false), new Jvm(false, "scalar", false),
                new Jvm(false, null, true))) {
            Optional<String> problem = ExecutorKernels.missingVectorModule(jvm.module(), jvm.provider(), "executor 7");
            assertEquals(jvm.refused(), problem.isPresent(), jvm.toString());
            problem.ifPresent(message -> {
                assertTrue(message.contains("executor 7"), message);
                assertTrue(message.contains("spark.executor.extraJavaOptions=--add-modules=jdk.incubator.vector"), message);
                assertTrue(message.contains("-Dlanes.kernels=scalar"), message);
            });
        }
    }

    static String messages(Throwable t) {
        StringBuilder all = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            all.append(c.getMessage()).append(" | ");
        }
        return all.toString();
    }
}

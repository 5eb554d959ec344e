package dev.lanes.spark;

import dev.lanes.kernels.Kernels;

import java.util.Optional;

/**
 * The kernels a Spark task computes with, after checking, on the executor itself, that its JVM can run the SIMD
 * kernels: without {@code --add-modules jdk.incubator.vector} Lanes would fall back to its scalar kernels, 5 to
 * 100 times slower, and a cluster job would only look slow. Choosing a provider explicitly
 * ({@code -Dlanes.kernels=scalar}) accepts the fallback.
 */
final class ExecutorKernels {

    static final String VECTOR_MODULE = "jdk.incubator.vector";
    static final String PROVIDER_PROPERTY = "lanes.kernels";

    private ExecutorKernels() {
    }

    /**
     * The default kernels limited to the task's cores.
     *
     * @param cpus the task's {@code spark.task.cpus}
     * @param where the executor, for the message
     */
    static Kernels forTask(int cpus, String where) {
        Optional<String> problem = missingVectorModule(ModuleLayer.boot().findModule(VECTOR_MODULE).isPresent(),
                System.getProperty(PROVIDER_PROPERTY), where);
        if (problem.isPresent()) {
            throw new IllegalStateException(problem.get());
        }
        return Kernels.get().withThreads(Math.max(1, cpus));
    }

    /** What is wrong with a JVM that has (or lacks) the Vector API module, or nothing. */
    static Optional<String> missingVectorModule(boolean modulePresent, String chosenProvider, String where) {
        if (modulePresent || chosenProvider != null) {
            return Optional.empty();
        }
        return Optional.of("Lanes on " + where + ": this JVM was started without the Vector API module, so Lanes would run "
                + "its scalar kernels, 5-100x slower. Start the executors with it: "
                + "--conf spark.executor.extraJavaOptions=--add-modules=" + VECTOR_MODULE
                + " (in local mode the driver is the executor: --driver-java-options --add-modules=" + VECTOR_MODULE
                + ", or spark.driver.extraJavaOptions). To run on the scalar kernels on purpose, set -D"
                + PROVIDER_PROPERTY + "=scalar in the same options.");
    }
}

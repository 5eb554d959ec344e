package dev.lanes.consumer;

import java.io.File;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * What Maven built for the consumer, handed over by the failsafe configuration in this module's POM: the
 * application's jar and its runtime path (lanes-nn, lanes-kernels and their dependencies, as jars).
 */
final class ConsumerBuild {
    private ConsumerBuild() {
    }

    static Path applicationJar() {
        return Path.of(property("consumer.jar"));
    }

    /** The library jars and their dependencies, without the application. */
    static List<Path> runtimePath() {
        return Arrays.stream(property("consumer.runtime.path").split(File.pathSeparator))
                .filter(entry -> !entry.isBlank())
                .map(Path::of)
                .toList();
    }

    /** The application followed by its runtime path: a module path or a class path, as the caller uses it. */
    static String applicationPath() {
        return String.join(File.pathSeparator,
                Stream.concat(Stream.of(applicationJar()), runtimePath().stream()).map(Path::toString).toList());
    }

    /** A scratch directory for this module's tests (under target/). */
    static Path workDirectory() {
        return Path.of(property("consumer.work"));
    }

    /** The JDK running the tests, whose {@code java} launches the consumer. */
    static Path java() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    private static String property(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("System property '" + name + "' is not set: run these tests through "
                    + "Maven (./mvnw -pl consumer-tests verify), whose failsafe configuration sets it");
        }
        return value;
    }
}

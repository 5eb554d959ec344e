package dev.lanes.consumer;

import dev.lanes.kernels.Kernels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The consumer application ({@link TrainSaveReload}) trains, saves and reloads a model however a user deploys it.
 * Each launch is a fresh JVM from the library jars, so a missing {@code requires}, an unexported package or a
 * service not provided fails here even when the in-reactor tests, which run on the class path, pass.
 */
class ConsumerLaunchIT {

    private static final String MAIN_MODULE = "dev.lanes.consumer";
    private static final String MAIN_CLASS = TrainSaveReload.class.getName();
    private static final String VECTOR_MODULE = "jdk.incubator.vector";
    /** The start of the warning logged for a provider that cannot run, and the advice it gives for the vector one. */
    private static final String CANNOT_RUN = "cannot run here";
    private static final String ADD_VECTOR_MODULE = "--add-modules " + VECTOR_MODULE;

    /** The ways a user runs the application, each with the Vector API module resolved. */
    enum Launch {
        MODULE_PATH {
            @Override
            List<String> command() {
                return List.of(ConsumerBuild.java().toString(), "--add-modules", VECTOR_MODULE,
                        "--module-path", ConsumerBuild.applicationPath(), "--module", MAIN_MODULE + "/" + MAIN_CLASS);
            }
        },
        CLASS_PATH {
            @Override
            List<String> command() {
                return List.of(ConsumerBuild.java().toString(), "--add-modules", VECTOR_MODULE,
                        "--class-path", ConsumerBuild.applicationPath(), MAIN_CLASS);
            }
        },
        /** A runtime image of the application, the Lanes modules, Jackson and the Vector API, and nothing else. */
        JLINK_IMAGE {
            @Override
            List<String> command() throws IOException {
                Path image = linkImage();
                return List.of(image.resolve("bin").resolve("lanes-consumer").toString());
            }
        };

        abstract List<String> command() throws IOException;
    }

    @ParameterizedTest
    @EnumSource(Launch.class)
    void trainsSavesAndReloadsWithTheProviderThisMachineSelects(Launch launch) throws Exception {
        ProcessRun run = ProcessRun.of(launch.command(), ConsumerBuild.workDirectory());

        assertEquals(0, run.exitCode(), run.report());
        assertTrue(run.stdout().contains(TrainSaveReload.SUCCESS), run.report());
        // This test's JVM has the same flags and hardware, so it selects the provider the consumer must select.
        assertTrue(run.stdout().contains("provider=" + Kernels.get().providerName()), run.report());
        // The Vector API module reached the application: no provider asks for it. (Hardware without wide enough
        // vectors may still turn the vector provider down, for another reason.)
        assertEquals(0, run.countLinesContaining(ADD_VECTOR_MODULE), run.report());
    }

    @Test
    void modulePathWithoutTheVectorModuleFallsBackToScalarWithOneWarning() throws Exception {
        List<String> command = List.of(ConsumerBuild.java().toString(),
                "--module-path", ConsumerBuild.applicationPath(), "--module", MAIN_MODULE + "/" + MAIN_CLASS);

        ProcessRun run = ProcessRun.of(command, ConsumerBuild.workDirectory());

        assertEquals(0, run.exitCode(), run.report());
        assertTrue(run.stdout().contains(TrainSaveReload.SUCCESS), run.report());
        assertTrue(run.stdout().contains("provider=scalar"), run.report());
        assertEquals(1, run.countLinesContaining(CANNOT_RUN), run.report());
        assertEquals(1, run.countLinesContaining(ADD_VECTOR_MODULE), run.report());
    }

    /**
     * Links the image with the JDK's own jlink. The incubator module is never resolved by default, so the image
     * is told to add it, as {@code java --add-modules} would.
     */
    private static Path linkImage() throws IOException {
        Path image = ConsumerBuild.workDirectory().resolve("image");
        deleteRecursively(image);
        Files.createDirectories(image.getParent());
        ToolProvider jlink = ToolProvider.findFirst("jlink")
                .orElseThrow(() -> new AssertionError("this JDK has no jlink tool: " + System.getProperty("java.home")));
        List<String> args = new ArrayList<>(List.of(
                "--module-path", ConsumerBuild.applicationPath(),
                "--add-modules", MAIN_MODULE + "," + VECTOR_MODULE,
                "--add-options=--add-modules=" + VECTOR_MODULE,
                "--launcher", "lanes-consumer=" + MAIN_MODULE + "/" + MAIN_CLASS,
                "--no-header-files", "--no-man-pages", "--strip-debug",
                "--output", image.toString()));
        StringWriter out = new StringWriter();
        int status = jlink.run(new PrintWriter(out, true), new PrintWriter(out, true), args.toArray(String[]::new));
        assertEquals(0, status, "jlink " + String.join(" ", args) + "\n" + out);
        return image;
    }

    private static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}

package dev.lanes.kernels;

import dev.lanes.kernels.spi.KernelsProvider;
import dev.lanes.kernels.thirdparty.GemmOnlyThirdPartyProvider;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How a provider is found and chosen: a third party's provider from this module's test resources, an unknown
 * name, and - in JVMs started for the purpose - the default without the Vector API module (scalar, and one
 * warning saying how to get SIMD), {@code -Dlanes.kernels} and {@code -Dlanes.threads}.
 */
class ProviderSelectionTest {

    private static final String FLAG = "--add-modules jdk.incubator.vector";

    // ============================================== in this JVM ==============================================

    @Test
    void aThirdPartyProviderOnTheClassPathIsListedAndSelectableByName() {
        List<String> names = Kernels.providers().stream().map(KernelsProvider::name).toList();
        assertTrue(names.contains(GemmOnlyThirdPartyProvider.NAME), "providers() = " + names);
        assertTrue(names.contains("scalar"), "providers() = " + names);
        // Highest rank first: the third party's negative rank puts it last, and leaves the default alone.
        List<Integer> ranks = Kernels.providers().stream().map(KernelsProvider::rank).toList();
        List<Integer> sorted = new ArrayList<>(ranks);
        sorted.sort((x, y) -> Integer.compare(y, x));
        assertEquals(sorted, ranks, "providers() not highest rank first: " + names);
        assertNotEquals(GemmOnlyThirdPartyProvider.NAME, Kernels.get().providerName());

        Kernels third = Kernels.withProvider(GemmOnlyThirdPartyProvider.NAME);
        assertEquals(GemmOnlyThirdPartyProvider.NAME, third.providerName());
        long before = GemmOnlyThirdPartyProvider.CALLS.get();
        float[] out = new float[2];
        // [1 2] · [[3 4] [5 6]] = [13 16]: the third party's own GEMM.
        third.gemm(Transpose.NONE, Transpose.NONE, 1, 2, 2, 1f, new float[] {1f, 2f}, 0, 2, new float[] {3f, 4f, 5f, 6f}, 0, 2, 0f, out, 0, 2);
        assertEquals(before + 1, GemmOnlyThirdPartyProvider.CALLS.get(), "the call did not reach the third party's backend");
        assertArrayEquals(new float[] {13f, 16f}, out);
        // What it does not override is the reference's, through the SPI's defaults.
        float[] relu = new float[3];
        third.relu(3, new float[] {-1f, 2f, Float.NaN}, relu);
        assertArrayEquals(new float[] {0f, 2f, Float.NaN}, relu);
        // Lanes still validates arguments before a third party's backend sees them.
        assertThrows(IllegalArgumentException.class, () -> third.gemm(Transpose.NONE, Transpose.NONE, 1, 2, 2, 1f,
                new float[] {1f, 2f}, 0, 1, new float[4], 0, 2, 0f, new float[2], 0, 2));
        assertEquals(before + 1, GemmOnlyThirdPartyProvider.CALLS.get(), "a bad call reached the backend");
        assertEquals(GemmOnlyThirdPartyProvider.NAME, third.withThreads(2).providerName());
    }

    private static void assertArrayEquals(float[] expected, float[] actual) {
        assertTrue(Arrays.equals(expected, actual), Arrays.toString(expected) + " vs " + Arrays.toString(actual));
    }

    @Test
    void anUnknownNameIsAnErrorListingTheProvidersFound() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Kernels.withProvider("nosuch"));
        assertTrue(e.getMessage().contains("'nosuch'"), e.getMessage());
        for (KernelsProvider provider : Kernels.providers()) {
            assertTrue(e.getMessage().contains(provider.name()), "message does not list " + provider.name() + ": " + e.getMessage());
        }
    }

    @Test
    void withTheModuleTheDefaultIsTheBestAvailableProvider() {
        KernelsProvider best = Kernels.providers().stream().filter(p -> p.unavailableReason().isEmpty()).findFirst().orElseThrow();
        if (System.getProperty("lanes.kernels") == null) {
            assertEquals(best.name(), Kernels.get().providerName());
        }
    }

    // ============================================ in fresh JVMs ============================================

    record Run(int exitCode, String stdout, String stderr) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout ---\n" + stdout + "--- stderr ---\n" + stderr;
        }
    }

    /**
     * Runs {@link SelectionProbe} in a new JVM of the same JDK. The class path is the real test class path:
     * Surefire runs tests from a manifest-only jar, so {@code java.class.path} may hold just that jar, while
     * {@code surefire.test.class.path} holds the directories and jars it points to.
     */
    static Run probe(boolean vectorModule, String... jvmOptionsThenArgs) throws IOException, InterruptedException {
        return probe(SelectionProbe.class, vectorModule, jvmOptionsThenArgs);
    }

    /** Runs {@code mainClass} (of the test class path) in a new JVM: options start with '-', the rest are arguments. */
    static Run probe(Class<?> mainClass, boolean vectorModule, String... jvmOptionsThenArgs) throws IOException, InterruptedException {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (vectorModule) {
            command.addAll(List.of("--add-modules", "jdk.incubator.vector"));
        }
        command.addAll(List.of("-Xshare:auto", "-cp", classPath));
        List<String> args = new ArrayList<>();
        for (String option : jvmOptionsThenArgs) {
            (option.startsWith("-") ? command : args).add(option);
        }
        command.add(mainClass.getName());
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command);
        File out = File.createTempFile("probe", ".out"), err = File.createTempFile("probe", ".err");
        builder.redirectOutput(out).redirectError(err);
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        builder.environment().remove("JDK_JAVA_OPTIONS");
        Process process = builder.start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("probe JVM did not finish in 2 minutes: " + command);
        }
        Run run = new Run(process.exitValue(), java.nio.file.Files.readString(out.toPath(), StandardCharsets.UTF_8),
                java.nio.file.Files.readString(err.toPath(), StandardCharsets.UTF_8));
        out.delete();
        err.delete();
        return run;
    }

    static long linesMentioning(String text, String needle) {
        return text.lines().filter(line -> line.contains(needle)).count();
    }

    @Test
    void withoutTheModuleTheDefaultIsScalarWithOneWarningSayingHowToGetSimd() throws Exception {
        Run run = probe(false);
        assertEquals(0, run.exitCode, run.toString());
        assertTrue(run.stdout.startsWith("provider=scalar "), run.toString());
        assertEquals(1, linesMentioning(run.stderr, FLAG), "exactly one line should say '" + FLAG + "':\n" + run);
        assertFalse(run.stderr.contains("Exception"), run.toString());
    }

    @Test
    void withoutTheModuleAskingForVectorFailsClearly() throws Exception {
        Run run = probe(false, "-Dlanes.kernels=vector");
        assertNotEquals(0, run.exitCode, run.toString());
        assertFalse(run.stdout.contains("provider="), run.toString());
        assertTrue(run.stderr.contains("vector") && run.stderr.contains(FLAG), "the error should name the provider and the fix:\n" + run);
        assertKernelsGetThrowsTheErrorItself(false, "-Dlanes.kernels=vector");
    }

    /**
     * Kernels.get() must throw the selection error itself, and the same again on a second call: not an
     * ExceptionInInitializerError wrapping it the first time and a NoClassDefFoundError ("Could not initialize
     * class") the next.
     */
    static void assertKernelsGetThrowsTheErrorItself(boolean vectorModule, String property) throws Exception {
        Run twice = probe(vectorModule, property, "-Dprobe.twice=true");
        List<String> attempts = twice.stdout.lines().filter(l -> l.startsWith("attempt ")).toList();
        assertEquals(2, attempts.size(), twice.toString());
        for (String attempt : attempts) {
            assertTrue(attempt.contains(": java.lang.IllegalArgumentException: "),
                    "with " + property + ", Kernels.get() should throw IllegalArgumentException each time, got " + attempt + "\n" + twice);
        }
    }

    @Test
    void withoutTheModuleTheVectorProviderByNameFailsClearly() throws Exception {
        Run run = probe(false, "vector");
        assertNotEquals(0, run.exitCode, run.toString());
        assertTrue(run.stderr.contains("IllegalArgumentException") && run.stderr.contains(FLAG), run.toString());
    }

    @Test
    void withTheModuleLanesKernelsScalarSelectsScalar() throws Exception {
        Run run = probe(true, "-Dlanes.kernels=scalar");
        assertEquals(0, run.exitCode, run.toString());
        assertTrue(run.stdout.startsWith("provider=scalar "), run.toString());
        Run byDefault = probe(true);
        assertEquals(0, byDefault.exitCode, byDefault.toString());
        assertTrue(byDefault.stdout.startsWith("provider=vector "), byDefault.toString());
        assertEquals(0, linesMentioning(byDefault.stderr, FLAG), "no warning is due when the module is there:\n" + byDefault);
    }

    @Test
    void lanesThreadsIsHonoured() throws Exception {
        Run run = probe(true, "-Dlanes.threads=3");
        assertEquals(0, run.exitCode, run.toString());
        assertTrue(run.stdout.contains("threads=3"), run.toString());
        Run thirdParty = probe(false, "-Dlanes.threads=5", GemmOnlyThirdPartyProvider.NAME);
        assertEquals(0, thirdParty.exitCode, thirdParty.toString());
        assertTrue(thirdParty.stdout.contains("provider=" + GemmOnlyThirdPartyProvider.NAME + " threads=5"), thirdParty.toString());
    }

    @Test
    void anInvalidLanesThreadsIsRejectedClearly() throws Exception {
        for (String bad : new String[] {"0", "abc", "-2"}) {
            Run run = probe(true, "-Dlanes.threads=" + bad);
            assertNotEquals(0, run.exitCode, run.toString());
            assertTrue(run.stderr.contains("lanes.threads") && run.stderr.contains("'" + bad + "'"), run.toString());
            assertKernelsGetThrowsTheErrorItself(true, "-Dlanes.threads=" + bad);
        }
    }
}

package dev.lanes.cli.launcher;

import dev.lanes.kernels.spi.KernelsProvider;
import dev.lanes.nn.datasets.IdxFiles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code ./lanes} script as a user runs it, on this build's class path ({@code LANES_CLI_JAR}, so nothing
 * is built): a failure is the only line on standard error (the JVM's incubator warning and the kernels' log line
 * filtered out), a jar in {@code LANES_CLASSPATH} adds a kernel provider, and under a real pseudo-terminal
 * (util-linux {@code script}) the progress bar redraws in place within the terminal's width.
 */
class LauncherTest {

    private static final Path LAUNCHER = Path.of("..", "lanes").toAbsolutePath().normalize();
    private static final long TIMEOUT_SECONDS = 120;

    @TempDir
    static Path tmp;

    static Path data;

    record Run(int status, String out, String err) {
    }

    @BeforeAll
    static void generateDataSet() throws IOException {
        data = tmp.resolve("data");
        IdxFiles.writeSyntheticDataSet(data, 500, 50, 10, 3);
    }

    /** Runs a command with the launcher's variables set, COLUMNS unset, and standard input from /dev/null. */
    private static Run run(Map<String, String> env, List<String> command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().remove("COLUMNS");
        builder.environment().remove("LANES_CLASSPATH");
        builder.environment().put("LANES_CLI_JAR", System.getProperty("java.class.path"));
        builder.environment().putAll(env);
        Path out = Files.createTempFile(tmp, "out", ".txt");
        Path err = Files.createTempFile(tmp, "err", ".txt");
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS), () -> command + " did not end in " + TIMEOUT_SECONDS + " s");
        return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    private static Run lanes(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(LAUNCHER.toString()));
        command.addAll(Arrays.asList(args));
        return run(env, command);
    }

    private static void assertOnlyLine(Run run, int status, String line) {
        assertEquals(status, run.status(), run::toString);
        assertEquals(line + "\n", run.err(), "standard error is exactly one line");
    }

    @Test
    void aUsageErrorIsTheOnlyLineOnStandardError() throws Exception {
        assertOnlyLine(lanes(Map.of(), "trian"), 2, "lanes: Unmatched argument at index 0: 'trian'; did you mean 'train'? (see 'lanes --help')");
        // Picking the kernels logs a line at INFO: it is kept off standard error.
        assertOnlyLine(lanes(Map.of(), "train", "--threads", "0"), 2, "lanes train: --threads must be at least 1, got 0");
    }

    @Test
    void aFailureIsTheOnlyLineOnStandardError() throws Exception {
        Path missing = tmp.resolve("missing.safetensors");
        assertOnlyLine(lanes(Map.of(), "evaluate", missing.toString(), "--threads", "1"), 1, "lanes evaluate: " + missing + ": no such file");
    }

    @Test
    void aProviderJarInLanesClasspathIsFoundAndUsed() throws Exception {
        Path jar = providerJar(tmp.resolve("provider.jar"));
        Run without = lanes(Map.of(), "info", "--provider", LauncherTestProvider.NAME);
        assertEquals(2, without.status(), without::toString);
        assertTrue(without.err().contains("No Lanes kernel provider is named '" + LauncherTestProvider.NAME + "'"), without.err());

        Run info = lanes(Map.of("LANES_CLASSPATH", jar.toString()), "info", "--provider", LauncherTestProvider.NAME, "--threads", "1");
        assertEquals(0, info.status(), info::toString);
        assertTrue(info.out().contains("Selected:  kernels: " + LauncherTestProvider.NAME + " (test-only provider from LANES_CLASSPATH)"), info.out());
        assertEquals("", info.err());
    }

    @Test
    void withoutATerminalTheProgressBarIsLeftOut() throws Exception {
        Run train = lanes(Map.of(), "train", "--data", data.toString(), "--validation", "100", "--hidden", "16",
                "--epochs", "2", "--threads", "1", "-o", tmp.resolve("piped").toString());
        assertEquals(0, train.status(), train::toString);
        assertFalse(train.out().contains("\r"), "no carriage returns in a log");
        assertTrue(train.out().contains("\nepoch 1/2  loss "), train.out());
        assertEquals("", train.err());
    }

    /** The widths of an 80-column terminal and of a narrow one. */
    @ParameterizedTest(name = "{0} columns")
    @ValueSource(ints = {80, 50})
    void underAPseudoTerminalTheBarRedrawsInPlaceWithinTheWidth(int columns) throws Exception {
        Path script = Path.of("/usr/bin/script");
        assertTrue(Files.isExecutable(script), "util-linux 'script' is needed to run the CLI under a pseudo-terminal (apt-get install util-linux)");
        String train = String.join(" ", LAUNCHER.toString(), "train", "--data", data.toString(), "--validation", "100",
                "--hidden", "16", "--batch-size", "16", "--epochs", "2", "--threads", "1", "-o", tmp.resolve("tty" + columns).toString());
        Run run = run(Map.of(), List.of(script.toString(), "-qfec", "stty cols " + columns + "; " + train, "/dev/null"));
        assertEquals(0, run.status(), run::toString);
        String screen = run.out();
        assertTrue(screen.contains("\repoch 1/2 ") || screen.contains("\repoch 2/2 "), () -> "the bar is drawn after a carriage return:\n" + screen);
        List<String> bars = Arrays.stream(screen.split("[\r\n]")).filter(line -> line.matches("epoch \\d/2 \\[.*")).toList();
        assertFalse(bars.isEmpty(), screen);
        for (String bar : bars) {
            // One column is left free: a line that reaches the last one wraps on some terminals.
            assertTrue(bar.length() <= columns - 1, () -> "\"" + bar + "\" is " + bar.length() + " characters in a "
                    + columns + "-column terminal");
        }
        // Each epoch's bar is cleared and its summary line printed in its place.
        assertTrue(screen.contains("\repoch 2/2  loss "), screen);
    }

    /** A jar holding {@link LauncherTestProvider} and its service registration, as a third party ships one. */
    private static Path providerJar(Path jar) throws IOException {
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
            for (Class<?> type : List.of(LauncherTestProvider.class, LauncherTestProvider.Backend.class)) {
                String name = type.getName().replace('.', '/') + ".class";
                out.putNextEntry(new JarEntry(name));
                try (InputStream in = type.getClassLoader().getResourceAsStream(name)) {
                    in.transferTo(out);
                }
            }
            out.putNextEntry(new JarEntry("META-INF/services/" + KernelsProvider.class.getName()));
            out.write((LauncherTestProvider.class.getName() + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return jar;
    }
}

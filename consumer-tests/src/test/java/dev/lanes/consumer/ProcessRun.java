package dev.lanes.consumer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** One finished child process: its command, exit status and both output streams. */
record ProcessRun(List<String> command, int exitCode, String stdout, String stderr) {

    private static final long TIMEOUT_MINUTES = 3;

    static ProcessRun of(List<String> command, Path workDirectory) throws IOException, InterruptedException {
        Files.createDirectories(workDirectory);
        // Output goes to files, not pipes: a child that fills one pipe while we wait on the other cannot hang.
        Path out = Files.createTempFile(workDirectory, "stdout", ".txt");
        Path err = Files.createTempFile(workDirectory, "stderr", ".txt");
        Process process = new ProcessBuilder(command).directory(workDirectory.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("Timed out after " + TIMEOUT_MINUTES + " min: " + String.join(" ", command));
        }
        return new ProcessRun(command, process.exitValue(),
                Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    /** Everything a failure message needs to be understood without rerunning. */
    String report() {
        return "command: " + String.join(" ", command) + "\nexit status: " + exitCode
                + "\n--- stdout ---\n" + stdout + "--- stderr ---\n" + stderr;
    }

    long countLinesContaining(String text) {
        return stderr.lines().filter(line -> line.contains(text)).count()
                + stdout.lines().filter(line -> line.contains(text)).count();
    }
}

package dev.lanes.cli.report;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The width of the terminal standard output is on, in columns: {@code $COLUMNS} if set (shells set it, and a
 * user can), else what {@code stty size} reports for the controlling terminal, else {@link #DEFAULT}. No
 * terminal library: the JDK cannot ask the terminal itself, and one process run once per training run is cheap.
 */
public final class TerminalWidth {

    /** The width assumed when it cannot be found out. */
    public static final int DEFAULT = 80;
    /** A width below this is taken as a mistake (an empty or odd $COLUMNS) and the default used. */
    static final int MIN = 20;

    private TerminalWidth() {
    }

    /** The width of the terminal, found as the class comment says. */
    public static int detect() {
        Integer columns = parse(System.getenv("COLUMNS"));
        if (columns == null) {
            columns = fromStty();
        }
        return columns == null ? DEFAULT : columns;
    }

    /** A width from text such as {@code "80"}, or null if it is not a plausible width. */
    static Integer parse(String text) {
        if (text == null) {
            return null;
        }
        try {
            int value = Integer.parseInt(text.strip());
            return value >= MIN && value <= 10_000 ? value : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The columns of {@code stty size} ("ROWS COLUMNS") run on the controlling terminal, or null. */
    private static Integer fromStty() {
        File tty = new File("/dev/tty");
        if (!tty.exists()) {
            return null;
        }
        try {
            Process stty = new ProcessBuilder("stty", "size").redirectInput(tty)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String output = new String(stty.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
            if (!stty.waitFor(2, TimeUnit.SECONDS) || stty.exitValue() != 0) {
                stty.destroy();
                return null;
            }
            String[] parts = output.split("\\s+");
            return parts.length == 2 ? parse(parts[1]) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}

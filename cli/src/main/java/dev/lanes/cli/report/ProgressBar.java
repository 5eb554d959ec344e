package dev.lanes.cli.report;

import java.io.PrintStream;
import java.util.Locale;

/**
 * One epoch's progress on one terminal line, redrawn in place: how far, samples per second, running loss and
 * time left. On something that is not a terminal (a log file, CI) it draws nothing, so logs hold only the
 * per-epoch summary lines.
 */
public final class ProgressBar {

    private static final int WIDTH = 30;
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintStream out;
    private final boolean enabled;
    private final String label;
    private final long total;
    private final long startNanos;
    private long lastDrawNanos;
    private int lastLength;

    public ProgressBar(PrintStream out, boolean enabled, String label, long total) {
        this.out = out;
        this.enabled = enabled;
        this.label = label;
        this.total = Math.max(total, 1);
        this.startNanos = System.nanoTime();
    }

    /** Whether standard output is an interactive terminal (JDK 22+: {@code Console.isTerminal}). */
    public static boolean stdoutIsTerminal() {
        return System.console() != null && System.console().isTerminal();
    }

    /** Reports {@code done} samples so far with the running loss; redraws at most ten times a second. */
    public void update(long done, double runningLoss) {
        if (!enabled) {
            return;
        }
        long now = System.nanoTime();
        if (done < total && now - lastDrawNanos < REDRAW_NANOS) {
            return;
        }
        lastDrawNanos = now;
        draw(render(done, runningLoss, now - startNanos));
    }

    /** Clears the line, so the epoch's summary can take its place. */
    public void finish() {
        if (enabled && lastLength > 0) {
            out.print("\r" + " ".repeat(lastLength) + "\r");
            out.flush();
        }
    }

    String render(long done, double runningLoss, long elapsedNanos) {
        double fraction = Math.min(1.0, done / (double) total);
        int filled = (int) Math.round(fraction * WIDTH);
        double seconds = elapsedNanos / 1e9;
        double rate = seconds > 0 ? done / seconds : 0;
        double left = rate > 0 ? (total - done) / rate : 0;
        return String.format(Locale.ROOT, "%s [%s%s] %3.0f%% %d/%d  %,.0f samples/s  loss %.4f  ETA %.0fs",
                label, "=".repeat(filled), " ".repeat(WIDTH - filled), fraction * 100, done, total, rate, runningLoss, left);
    }

    private void draw(String line) {
        out.print("\r" + line + (line.length() < lastLength ? " ".repeat(lastLength - line.length()) : ""));
        out.flush();
        lastLength = line.length();
    }
}

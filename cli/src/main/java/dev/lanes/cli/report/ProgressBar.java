package dev.lanes.cli.report;

import dev.lanes.nn.train.HumanUnits;

import java.io.PrintStream;
import java.util.Locale;

/**
 * One epoch's progress on one terminal line, redrawn in place with a carriage return: how far, samples per
 * second, running loss and time left. The line is kept one column narrower than the terminal (a line that
 * reaches the last column makes some terminals wrap, and every redraw would then leave a line behind): the
 * bar shrinks first, then the least useful figures go. On something that is not a terminal (a log file, CI) it
 * draws nothing, so logs hold only the per-epoch summary lines.
 */
public final class ProgressBar {

    /** The widest bar, between its brackets. */
    static final int MAX_BAR = 30;
    /** The narrowest bar worth drawing; below it the figures are shortened instead. */
    static final int MIN_BAR = 10;
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintStream out;
    private final boolean enabled;
    private final String label;
    private final long total;
    private final int columns;
    private final long startNanos;
    private long lastDrawNanos;
    private int lastLength;

    /**
     * @param columns the terminal's width ({@link TerminalWidth#detect()})
     */
    public ProgressBar(PrintStream out, boolean enabled, String label, long total, int columns) {
        this.out = out;
        this.enabled = enabled;
        this.label = label;
        this.total = Math.max(total, 1);
        this.columns = columns;
        this.startNanos = System.nanoTime();
        this.lastDrawNanos = startNanos - REDRAW_NANOS;
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

    /**
     * The line for this much progress, at most {@code columns - 1} characters long. Each figure is padded to
     * the widest it can get, so the bar keeps its width from one redraw to the next.
     */
    String render(long done, double runningLoss, long elapsedNanos) {
        double fraction = Math.min(1.0, done / (double) total);
        double seconds = elapsedNanos / 1e9;
        double rate = seconds > 0 ? done / seconds : 0;
        String percent = String.format(Locale.ROOT, "%3.0f%%", fraction * 100);
        String count = pad(done + "/" + total, 2 * String.valueOf(total).length() + 1);
        String speed = pad(HumanUnits.rate(rate, "samples"), "1.25M samples/s".length());
        String loss = pad(String.format(Locale.ROOT, "loss %.4f", runningLoss), "loss 10.0000".length());
        String eta = pad("ETA " + (rate > 0 ? HumanUnits.seconds((total - done) / rate) : "?"), "ETA 59 min 59 s".length());
        int room = columns - 1;
        // Figures in order of how much they are missed when dropped: the last goes first.
        String[][] tries = {
            {percent, count, speed, loss, eta},
            {percent, speed, loss, eta},
            {percent, loss, eta},
            {percent, eta},
            {percent},
        };
        for (String[] figures : tries) {
            String tail = String.join("  ", figures);
            int bar = Math.min(MAX_BAR, room - label.length() - tail.length() - 4); // " [" + "] "
            if (bar >= MIN_BAR) {
                int filled = (int) Math.round(fraction * bar);
                return (label + " [" + "=".repeat(filled) + " ".repeat(bar - filled) + "] " + tail).stripTrailing();
            }
        }
        String bare = label + " " + percent;
        return bare.length() <= room ? bare : percent;
    }

    private static String pad(String text, int width) {
        return text.length() >= width ? text : text + " ".repeat(width - text.length());
    }

    private void draw(String line) {
        out.print("\r" + line + (line.length() < lastLength ? " ".repeat(lastLength - line.length()) : ""));
        out.flush();
        lastLength = line.length();
    }
}

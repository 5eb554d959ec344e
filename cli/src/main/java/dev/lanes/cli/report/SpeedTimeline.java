package dev.lanes.cli.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;

/**
 * Training speed over time: samples per second in consecutive windows of about {@code every} samples, so that a
 * run shows how long it takes to reach steady state (the JIT compiling the kernels) rather than only its average.
 * Windows close at the first batch end at or past {@code every} samples and never span an epoch end, so the
 * time spent on validation between epochs is not counted as training time.
 */
public final class SpeedTimeline {

    /** One window: its samples and the nanoseconds they took. */
    public record Window(int samples, long nanos) {
        public double samplesPerSecond() {
            return nanos == 0 ? Double.NaN : samples * 1e9 / nanos;
        }
    }

    private final int every;
    private final List<Window> windows = new ArrayList<>();
    private long windowStart;
    private long lastBatchEnd;
    private int windowSamples;

    /**
     * @param every samples per window, at least 1
     * @throws IllegalArgumentException if {@code every} is less than 1
     */
    public SpeedTimeline(int every) {
        if (every < 1) {
            throw new IllegalArgumentException("SpeedTimeline: every must be at least 1 sample, got " + every);
        }
        this.every = every;
    }

    /** At the start of an epoch's first batch, {@code nanoTime} from {@link System#nanoTime()}. */
    public void epochStart(long nanoTime) {
        windowStart = nanoTime;
        windowSamples = 0;
    }

    /** After a batch of {@code rows} samples ended at {@code nanoTime}. */
    public void batchEnd(int rows, long nanoTime) {
        lastBatchEnd = nanoTime;
        windowSamples += rows;
        if (windowSamples >= every) {
            closeWindow(nanoTime);
        }
    }

    /** After an epoch (its validation included): a part-filled window is kept, ending at the last batch's end. */
    public void epochEnd() {
        if (windowSamples > 0) {
            closeWindow(lastBatchEnd);
        }
    }

    private void closeWindow(long nanoTime) {
        windows.add(new Window(windowSamples, nanoTime - windowStart));
        windowStart = nanoTime;
        windowSamples = 0;
    }

    public List<Window> windows() {
        return List.copyOf(windows);
    }

    /**
     * The samples per second from the start of the run until {@code samples} were trained (whole windows: at
     * least {@code samples}), or over the whole run if it trained fewer.
     */
    public double samplesPerSecondOverFirst(int samples) {
        long done = 0, nanos = 0;
        for (Window w : windows) {
            if (done >= samples) {
                break;
            }
            done += w.samples();
            nanos += w.nanos();
        }
        return nanos == 0 ? Double.NaN : done * 1e9 / nanos;
    }

    /**
     * One line: the rate of each window from window {@code from} on, in thousands of samples per second, e.g.
     * {@code speed per 1,000 samples (samples/s): 3.1k 48.0k 97.2k}.
     */
    public String describe(int from) {
        StringJoiner line = new StringJoiner(" ", String.format(Locale.ROOT, "speed per %,d samples (samples/s): ", every), "");
        for (Window w : windows.subList(from, windows.size())) {
            line.add(String.format(Locale.ROOT, "%.1fk", w.samplesPerSecond() / 1000));
        }
        return line.toString();
    }
}

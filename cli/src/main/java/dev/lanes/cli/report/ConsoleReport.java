package dev.lanes.cli.report;

import dev.lanes.nn.train.EpochResult;
import dev.lanes.nn.train.HumanUnits;
import dev.lanes.nn.train.TrainingListener;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a training run shows and records as it goes: a progress bar during each epoch (on a terminal), one
 * summary line after it, and the metrics file rewritten after it (so a crash keeps every finished epoch).
 */
public final class ConsoleReport implements TrainingListener {

    private final PrintWriter out;
    private final PrintStream terminal;
    private final boolean progressBar;
    private final int trainCount;
    private final int batchSize;
    private final Path metricsFile;
    private final List<EpochMetrics> history;
    private final int columns;

    private ProgressBar bar;
    private String label;
    private double lossSum;
    private SpeedTimeline timeline;
    private int samplesBefore;
    private int printedWindows;

    /**
     * @param history the epochs so far (those before a resumed checkpoint); finished epochs are added to it
     */
    public ConsoleReport(PrintWriter out, PrintStream terminal, boolean progressBar, int trainCount, int batchSize,
                         Path metricsFile, List<EpochMetrics> history) {
        this.out = out;
        this.terminal = terminal;
        this.progressBar = progressBar;
        this.trainCount = trainCount;
        this.batchSize = batchSize;
        this.metricsFile = metricsFile;
        this.history = history;
        this.columns = progressBar ? TerminalWidth.detect() : TerminalWidth.DEFAULT;
    }

    /** Also measures the speed over time, and prints each epoch's windows after it. */
    public ConsoleReport showSpeed(SpeedTimeline speed) {
        this.timeline = speed;
        return this;
    }

    @Override
    public void onEpochStart(int epoch, int epochs, int batches, double learningRate) {
        label = String.format(Locale.ROOT, "epoch %" + String.valueOf(epochs).length() + "d/%d", epoch, epochs);
        bar = new ProgressBar(terminal, progressBar, label, trainCount, columns);
        lossSum = 0;
        samplesBefore = 0;
        if (timeline != null) {
            timeline.epochStart(System.nanoTime());
        }
    }

    @Override
    public void onBatchEnd(int epoch, int batch, int batches, int samples, double loss) {
        if (timeline != null) {
            timeline.batchEnd(samples - samplesBefore, System.nanoTime());
            samplesBefore = samples;
        }
        lossSum += loss * (samples - (batch - 1) * (long) batchSize);
        bar.update(samples, lossSum / samples);
    }

    @Override
    public void onEpochEnd(EpochResult r) {
        bar.finish();
        EpochMetrics m = new EpochMetrics(r.epoch(), r.learningRate(), r.trainLoss(), r.trainAccuracy(),
                r.validationLoss(), r.validationAccuracy(), r.nanos() / 1e9, r.samplesPerSecond());
        history.add(m);
        // A regression loss has no accuracy (NaN): its columns are left out rather than printed as NaN%.
        List<String> fields = new ArrayList<>(List.of(label, String.format(Locale.ROOT, "loss %.4f", m.trainLoss())));
        addPercent(fields, "train acc", m.trainAccuracy());
        if (!Double.isNaN(m.validationLoss())) {
            fields.add(String.format(Locale.ROOT, "val loss %.4f", m.validationLoss()));
            addPercent(fields, "val acc", m.validationAccuracy());
        }
        fields.add(String.format(Locale.ROOT, "lr %.3g", m.learningRate()));
        fields.add(HumanUnits.seconds(m.seconds()));
        fields.add(HumanUnits.rate(m.samplesPerSecond(), "samples"));
        InfoLines.printFields(out, "  ", fields);
        if (timeline != null) {
            timeline.epochEnd();
            out.println(timeline.describe(printedWindows));
            printedWindows = timeline.windows().size();
        }
    }

    /**
     * metrics.csv is rewritten with each checkpoint, not each epoch: it then always holds the epochs a resumed
     * run continues, and a run whose checkpoints are spaced out (a small table's, whose epochs take a millisecond)
     * does not spend most of its time replacing the file (a rename each epoch took 1 s of iris's 1.2 s).
     */
    @Override
    public void onCheckpoint(int epoch) {
        try {
            MetricsCsv.write(metricsFile, history);
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + metricsFile + ": " + e.getMessage(), e);
        }
    }

    private static void addPercent(List<String> fields, String label, double fraction) {
        if (!Double.isNaN(fraction)) {
            fields.add(String.format(Locale.ROOT, "%s %.2f%%", label, 100 * fraction));
        }
    }
}

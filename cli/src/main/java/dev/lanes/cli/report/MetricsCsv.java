package dev.lanes.cli.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The per-epoch metrics file: CSV with a header row, rewritten after every epoch so a crash keeps it. */
public final class MetricsCsv {

    public static final String HEADER =
            "epoch,learning_rate,train_loss,train_accuracy,validation_loss,validation_accuracy,seconds,samples_per_second";

    private MetricsCsv() {
    }

    public static void write(Path file, List<EpochMetrics> epochs) throws IOException {
        StringBuilder csv = new StringBuilder(HEADER).append('\n');
        for (EpochMetrics m : epochs) {
            csv.append(String.format(Locale.ROOT, "%d,%.6g,%.6f,%.6f,%.6f,%.6f,%.3f,%.1f%n", m.epoch(), m.learningRate(),
                    m.trainLoss(), m.trainAccuracy(), m.validationLoss(), m.validationAccuracy(), m.seconds(), m.samplesPerSecond()));
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, csv, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Reads a file {@link #write} wrote (to resume a run with its history). */
    public static List<EpochMetrics> read(Path file) throws IOException {
        List<EpochMetrics> epochs = new ArrayList<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty() || !lines.getFirst().equals(HEADER)) {
            throw new IOException(file + ": not a Lanes metrics file (expected the header " + HEADER + ")");
        }
        for (int i = 1; i < lines.size(); i++) {
            String[] f = lines.get(i).split(",");
            if (f.length != 8) {
                throw new IOException(file + ": line " + (i + 1) + " has " + f.length + " fields, expected 8");
            }
            try {
                epochs.add(new EpochMetrics(Integer.parseInt(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2]),
                        Double.parseDouble(f[3]), Double.parseDouble(f[4]), Double.parseDouble(f[5]),
                        Double.parseDouble(f[6]), Double.parseDouble(f[7])));
            } catch (NumberFormatException e) {
                throw new IOException(file + ": line " + (i + 1) + ": " + e.getMessage());
            }
        }
        return epochs;
    }
}

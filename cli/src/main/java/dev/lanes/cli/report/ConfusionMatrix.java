package dev.lanes.cli.report;

import java.util.List;
import java.util.Locale;

/** Counts of (true class, predicted class) pairs, with overall and per-class accuracy and a printable table. */
public final class ConfusionMatrix {

    private final long[][] counts;

    public ConfusionMatrix(int classes) {
        this.counts = new long[classes][classes];
    }

    public void add(int actual, int predicted) {
        counts[actual][predicted]++;
    }

    public long count(int actual, int predicted) {
        return counts[actual][predicted];
    }

    public long total() {
        long total = 0;
        for (long[] row : counts) {
            for (long c : row) {
                total += c;
            }
        }
        return total;
    }

    public double accuracy() {
        long correct = 0;
        for (int i = 0; i < counts.length; i++) {
            correct += counts[i][i];
        }
        long total = total();
        return total == 0 ? 0 : correct / (double) total;
    }

    /** Recall of class {@code c}: the share of its examples predicted as {@code c} (NaN if it has none). */
    public double classAccuracy(int c) {
        long row = 0;
        for (long v : counts[c]) {
            row += v;
        }
        return row == 0 ? Double.NaN : counts[c][c] / (double) row;
    }

    /** Per-class accuracy, then the matrix (rows: true class, columns: predicted class). */
    public String format(List<String> classNames) {
        int n = counts.length;
        int nameWidth = Math.max(5, classNames.stream().mapToInt(String::length).max().orElse(5));
        StringBuilder s = new StringBuilder();
        s.append("Per-class accuracy:\n");
        for (int c = 0; c < n; c++) {
            s.append(String.format(Locale.ROOT, "  %d %-" + nameWidth + "s %6.2f%%%n", c, classNames.get(c), 100 * classAccuracy(c)));
        }
        s.append("Confusion matrix (rows: true class, columns: predicted class):\n");
        int cell = Math.max(5, Long.toString(total()).length() + 1);
        s.append(" ".repeat(nameWidth + 4));
        for (int c = 0; c < n; c++) {
            s.append(String.format(Locale.ROOT, "%" + cell + "d", c));
        }
        s.append('\n');
        for (int r = 0; r < n; r++) {
            s.append(String.format(Locale.ROOT, "  %d %-" + nameWidth + "s ", r, classNames.get(r)));
            for (int c = 0; c < n; c++) {
                s.append(String.format(Locale.ROOT, "%" + cell + "d", counts[r][c]));
            }
            s.append('\n');
        }
        return s.toString();
    }
}

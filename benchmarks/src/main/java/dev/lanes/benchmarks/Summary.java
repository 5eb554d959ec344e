package dev.lanes.benchmarks;

import java.util.List;
import java.util.Locale;

/** Median and spread (minimum, maximum) of repeated measurements, e.g. every JMH iteration of every fork. */
public record Summary(double median, double min, double max, int count, String unit) {

    public static Summary of(List<Double> values, String unit) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("no values to summarise (" + unit + ")");
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = sorted.length;
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        return new Summary(median, sorted[0], sorted[n - 1], n, unit);
    }

    /** This summary with every value multiplied by {@code factor} (a unit change). */
    public Summary scaled(double factor, String newUnit) {
        double a = min * factor, b = max * factor;
        return new Summary(median * factor, Math.min(a, b), Math.max(a, b), count, newUnit);
    }

    /** E.g. {@code 41.2 [39.8–43.0]}. */
    public String format() {
        return number(median) + " [" + number(min) + "–" + number(max) + "]";
    }

    /** Three significant figures, no exponent for everyday magnitudes. */
    public static String number(double v) {
        double a = Math.abs(v);
        if (a == 0) {
            return "0";
        }
        if (a >= 1e7 || a < 1e-3) {
            return String.format(Locale.ROOT, "%.3g", v);
        }
        if (a >= 100) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        return String.format(Locale.ROOT, a >= 10 ? "%.1f" : a >= 1 ? "%.2f" : "%.3f", v);
    }

    @Override
    public String toString() {
        return format() + " " + unit + " (n=" + count + ")";
    }

}

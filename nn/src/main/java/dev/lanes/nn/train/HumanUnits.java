package dev.lanes.nn.train;

import java.util.Locale;

/**
 * Durations and rates as people read them: {@code 0.84 s}, {@code 2 min 05 s}; {@code 950 samples/s},
 * {@code 41.3k samples/s}, {@code 1.25M samples/s}. Used wherever training progress is printed, so every line
 * says the same thing the same way.
 */
public final class HumanUnits {

    private HumanUnits() {
    }

    /**
     * A duration.
     *
     * @param seconds the duration in seconds, finite and ≥ 0 (anything else is printed as "? s")
     * @return e.g. "0.84 s", "12.3 s", "2 min 05 s", "1 h 02 min"
     */
    public static String seconds(double seconds) {
        if (!(seconds >= 0) || Double.isInfinite(seconds)) {
            return "? s";
        }
        if (seconds < 9.995) { // the thresholds are where rounding would add a digit
            return String.format(Locale.ROOT, "%.2f s", seconds);
        }
        if (seconds < 59.95) {
            return String.format(Locale.ROOT, "%.1f s", seconds);
        }
        long whole = Math.round(seconds);
        if (whole < 3600) {
            return String.format(Locale.ROOT, "%d min %02d s", whole / 60, whole % 60);
        }
        return String.format(Locale.ROOT, "%d h %02d min", whole / 3600, whole % 3600 / 60);
    }

    /**
     * A rate with three significant digits and a k (thousand) or M (million) prefix.
     *
     * @param perSecond the rate; NaN or negative is printed as "?"
     * @param unit what is counted, e.g. "samples"
     * @return e.g. "950 samples/s", "41.3k samples/s", "1.25M samples/s"
     */
    public static String rate(double perSecond, String unit) {
        if (!(perSecond >= 0) || Double.isInfinite(perSecond)) {
            return "? " + unit + "/s";
        }
        String number;
        if (perSecond < 999.5) {
            number = String.format(Locale.ROOT, "%.0f", perSecond);
        } else if (perSecond < 999_500) {
            number = significant(perSecond / 1e3) + "k";
        } else {
            number = significant(perSecond / 1e6) + "M";
        }
        return number + " " + unit + "/s";
    }

    /** Three significant digits of a value in [1, 1000). */
    private static String significant(double value) {
        return String.format(Locale.ROOT, value < 9.995 ? "%.2f" : value < 99.95 ? "%.1f" : "%.0f", value);
    }
}

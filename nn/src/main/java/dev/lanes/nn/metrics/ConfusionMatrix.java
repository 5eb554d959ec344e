package dev.lanes.nn.metrics;

/**
 * Counts of (true class, predicted class) pairs over classes 0..classes−1, and what derives from them: accuracy,
 * each class's precision, recall and F1 and their macro and weighted averages, as scikit-learn's
 * {@code precision_recall_fscore_support(labels=range(classes), zero_division=0)}: an undefined ratio (a class
 * never predicted has no precision, one never true no recall) counts as 0, and every class takes part in the
 * macro average, even one absent from both.
 */
public final class ConfusionMatrix {

    /** How per-class figures are averaged. */
    public enum Average {
        /** The plain mean over classes: each class counts the same, however rare. */
        MACRO,
        /** The mean weighted by each class's support (its number of true samples). */
        WEIGHTED
    }

    private final long[][] counts;
    private long total;

    /**
     * An empty matrix.
     *
     * @param classes the number of classes, ≥ 1
     * @throws IllegalArgumentException if classes &lt; 1
     */
    public ConfusionMatrix(int classes) {
        if (classes < 1) {
            throw new IllegalArgumentException("ConfusionMatrix: classes must be >= 1, got " + classes);
        }
        counts = new long[classes][classes];
    }

    /**
     * The matrix of these predictions.
     *
     * @param truth each sample's true class
     * @param predicted each sample's predicted class, as many
     * @param classes the number of classes
     * @return a new matrix
     * @throws IllegalArgumentException if the lengths differ or a class is not in [0, classes)
     */
    public static ConfusionMatrix of(int[] truth, int[] predicted, int classes) {
        if (truth.length != predicted.length) {
            throw new IllegalArgumentException("ConfusionMatrix: " + truth.length + " true classes but "
                    + predicted.length + " predicted ones");
        }
        ConfusionMatrix m = new ConfusionMatrix(classes);
        for (int i = 0; i < truth.length; i++) {
            m.add(truth[i], predicted[i]);
        }
        return m;
    }

    /**
     * Counts one sample.
     *
     * @param actual its true class
     * @param predicted its predicted class
     * @throws IllegalArgumentException if either is not in [0, classes)
     */
    public void add(int actual, int predicted) {
        if (actual < 0 || actual >= counts.length || predicted < 0 || predicted >= counts.length) {
            throw new IllegalArgumentException("ConfusionMatrix: true class " + actual + " or predicted class "
                    + predicted + " is not in [0, " + counts.length + ")");
        }
        counts[actual][predicted]++;
        total++;
    }

    /**
     * The number of classes.
     *
     * @return the classes given to the constructor
     */
    public int classes() {
        return counts.length;
    }

    /**
     * Samples of class {@code actual} predicted as {@code predicted}.
     *
     * @param actual the true class (the row)
     * @param predicted the predicted class (the column)
     * @return the count
     */
    public long count(int actual, int predicted) {
        return counts[actual][predicted];
    }

    /**
     * Samples counted.
     *
     * @return the sum of every cell
     */
    public long total() {
        return total;
    }

    /**
     * Samples whose true class is {@code c}.
     *
     * @param c the class
     * @return the row's sum
     */
    public long support(int c) {
        long sum = 0;
        for (long n : counts[c]) {
            sum += n;
        }
        return sum;
    }

    private long predictedAs(int c) {
        long sum = 0;
        for (long[] row : counts) {
            sum += row[c];
        }
        return sum;
    }

    /**
     * The share of samples predicted right.
     *
     * @return the diagonal over the total, NaN if nothing was counted
     */
    public double accuracy() {
        long right = 0;
        for (int c = 0; c < counts.length; c++) {
            right += counts[c][c];
        }
        return total == 0 ? Double.NaN : (double) right / total;
    }

    /**
     * Of the samples predicted as {@code c}, the share that are.
     *
     * @param c the class
     * @return precision, 0 if no sample was predicted as c
     */
    public double precision(int c) {
        return ratio(counts[c][c], predictedAs(c));
    }

    /**
     * Of the samples of class {@code c}, the share predicted as c.
     *
     * @param c the class
     * @return recall, 0 if no sample is of class c
     */
    public double recall(int c) {
        return ratio(counts[c][c], support(c));
    }

    /**
     * The harmonic mean of precision and recall: 2·TP / (2·TP + FP + FN).
     *
     * @param c the class
     * @return F1, 0 if the class is neither true nor predicted anywhere
     */
    public double f1(int c) {
        long tp = counts[c][c];
        return ratio(2 * tp, support(c) + predictedAs(c));
    }

    /**
     * Precision averaged over the classes.
     *
     * @param average macro or weighted
     * @return the average
     */
    public double precision(Average average) {
        return average(average, this::precision);
    }

    /**
     * Recall averaged over the classes.
     *
     * @param average macro or weighted
     * @return the average
     */
    public double recall(Average average) {
        return average(average, this::recall);
    }

    /**
     * F1 averaged over the classes (the average of each class's F1, as scikit-learn, not the F1 of averages).
     *
     * @param average macro or weighted
     * @return the average
     */
    public double f1(Average average) {
        return average(average, this::f1);
    }

    private double average(Average average, java.util.function.IntToDoubleFunction perClass) {
        double sum = 0;
        for (int c = 0; c < counts.length; c++) {
            sum += perClass.applyAsDouble(c) * (average == Average.MACRO ? 1 : support(c));
        }
        return average == Average.MACRO ? sum / counts.length : ratio(sum, total);
    }

    private static double ratio(double numerator, double denominator) {
        return denominator == 0 ? 0 : numerator / denominator;
    }
}

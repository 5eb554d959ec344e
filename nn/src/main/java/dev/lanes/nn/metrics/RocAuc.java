package dev.lanes.nn.metrics;

import java.util.Arrays;

/**
 * The area under the ROC curve of a two-class problem, as scikit-learn's {@code roc_auc_score}: the chance that a
 * random positive sample scores above a random negative one, ties counting half (the trapezoidal area under the
 * curve through every threshold, which is the Mann–Whitney statistic with mid-ranks).
 */
public final class RocAuc {

    private RocAuc() {
    }

    /**
     * The area under the ROC curve.
     *
     * @param truth each sample's class: 1 positive, 0 negative
     * @param scores each sample's score for the positive class (a probability, or any monotone score), finite
     * @return the area, in [0, 1]
     * @throws IllegalArgumentException if the lengths differ, a class is not 0 or 1, a score is not finite, or only
     *         one class is present (the curve is then undefined, as scikit-learn says)
     */
    public static double of(int[] truth, double[] scores) {
        if (truth.length != scores.length) {
            throw new IllegalArgumentException("RocAuc: " + truth.length + " classes but " + scores.length + " scores");
        }
        long positives = 0;
        for (int i = 0; i < truth.length; i++) {
            if (truth[i] != 0 && truth[i] != 1) {
                throw new IllegalArgumentException("RocAuc: class " + truth[i] + " of sample " + i + " is not 0 or 1");
            }
            if (!Double.isFinite(scores[i])) {
                throw new IllegalArgumentException("RocAuc: score " + scores[i] + " of sample " + i + " is not finite");
            }
            positives += truth[i];
        }
        long negatives = truth.length - positives;
        if (positives == 0 || negatives == 0) {
            throw new IllegalArgumentException("RocAuc: only one class (" + (positives == 0 ? 0 : 1)
                    + ") among the " + truth.length + " samples; ROC AUC needs both");
        }
        Integer[] order = new Integer[truth.length];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, (a, b) -> Double.compare(scores[a], scores[b]));
        double positiveRankSum = 0;
        for (int start = 0; start < order.length; ) {
            int end = start;
            while (end + 1 < order.length && scores[order[end + 1]] == scores[order[start]]) {
                end++;
            }
            double midRank = (start + end) / 2.0 + 1; // ranks from 1; tied scores share their mean rank
            for (int k = start; k <= end; k++) {
                positiveRankSum += truth[order[k]] * midRank;
            }
            start = end + 1;
        }
        double u = positiveRankSum - positives * (positives + 1) / 2.0;
        return u / ((double) positives * negatives);
    }
}

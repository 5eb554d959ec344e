package dev.lanes.cli.report;

import dev.lanes.nn.Tensor;
import dev.lanes.nn.layers.Sequential;
import dev.lanes.nn.metrics.ConfusionMatrix;
import dev.lanes.nn.metrics.LogLoss;
import dev.lanes.nn.metrics.RegressionMetrics;
import dev.lanes.nn.metrics.RocAuc;
import dev.lanes.nn.tabular.Table;
import dev.lanes.nn.tabular.TabularPreprocessor;
import dev.lanes.nn.train.Predictor;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/**
 * A tabular model's metrics on rows with targets, printed: for a classifier accuracy, log-loss, ROC AUC (two
 * classes), macro and weighted precision, recall and F1, each class's figures and the confusion matrix; for
 * regression MSE, RMSE, MAE and R², in the target's units. The figures come from nn's metrics.
 */
public final class TabularReport {

    private TabularReport() {
    }

    /** The headline figure of a report: accuracy for a classifier, R² for regression. */
    public record Headline(String name, double value) {
    }

    /**
     * Prints the metrics of {@code net} on {@code rows}.
     *
     * @return the headline figure
     */
    public static Headline print(PrintWriter out, Sequential net, TabularPreprocessor pre, Table rows) throws java.io.IOException {
        Predictor predictor = new Predictor(net);
        Tensor x = pre.features(rows);
        if (pre.task() == TabularPreprocessor.Task.REGRESSION) {
            Tensor truth = Tensor.zeros(x.dtype(), rows.size(), 1), predicted = predictor.values(x);
            Tensor standardised = pre.values(rows);
            for (int i = 0; i < rows.size(); i++) {
                truth.setFlat(i, pre.unscale(standardised.getFlat(i)));
                predicted.setFlat(i, pre.unscale(predicted.getFlat(i)));
            }
            RegressionMetrics m = RegressionMetrics.of(truth.to(dev.lanes.nn.DType.F64), predicted.to(dev.lanes.nn.DType.F64));
            InfoLines.println(out, String.format(Locale.ROOT, "R² %.4f  MSE %.6g  RMSE %.6g  MAE %.6g  (%d rows, target '%s')",
                    m.r2(), m.mse(), m.rmse(), m.mae(), rows.size(), pre.target()));
            return new Headline("R²", m.r2());
        }
        int[] truth = pre.classes(rows), predicted = predictor.classes(x);
        Tensor probabilities = predictor.probabilities(x);
        List<String> names = pre.classNames();
        ConfusionMatrix m = ConfusionMatrix.of(truth, predicted, names.size());
        String auc = "";
        if (names.size() == 2 && m.support(0) > 0 && m.support(1) > 0) {
            double[] positive = new double[rows.size()];
            for (int i = 0; i < positive.length; i++) {
                positive[i] = probabilities.get(i, 1);
            }
            auc = String.format(Locale.ROOT, "  ROC AUC %.4f ('%s' positive)", RocAuc.of(truth, positive), names.get(1));
        }
        InfoLines.println(out, String.format(Locale.ROOT, "Accuracy %.2f%% (%d of %d)  log-loss %.4f%s", 100 * m.accuracy(),
                Math.round(m.accuracy() * rows.size()), rows.size(), LogLoss.of(truth, probabilities), auc));
        for (ConfusionMatrix.Average a : ConfusionMatrix.Average.values()) {
            out.printf(Locale.ROOT, "%-8s precision %.4f  recall %.4f  F1 %.4f%n", a.name().toLowerCase(Locale.ROOT),
                    m.precision(a), m.recall(a), m.f1(a));
        }
        int width = Math.min(24, Math.max(5, names.stream().mapToInt(String::length).max().orElse(5)));
        out.printf(Locale.ROOT, "%-" + width + "s %9s %9s %9s %8s%n", "class", "precision", "recall", "F1", "support");
        for (int c = 0; c < names.size(); c++) {
            out.printf(Locale.ROOT, "%-" + width + "s %9.4f %9.4f %9.4f %8d%n", clip(names.get(c), width), m.precision(c),
                    m.recall(c), m.f1(c), m.support(c));
        }
        out.println("Confusion matrix (rows: true class, columns: predicted, in the order above):");
        for (int a = 0; a < names.size(); a++) {
            StringBuilder line = new StringBuilder();
            for (int p = 0; p < names.size(); p++) {
                line.append(String.format(Locale.ROOT, "%6d", m.count(a, p)));
            }
            out.println(line);
        }
        return new Headline("accuracy", m.accuracy());
    }

    private static String clip(String name, int width) {
        return name.length() <= width ? name : name.substring(0, width - 1) + "…";
    }
}

/**
 * Evaluation metrics, defined as scikit-learn defines them (and tested against its values): for classifiers a
 * {@link dev.lanes.nn.metrics.ConfusionMatrix} (accuracy, per-class precision, recall and F1, macro and weighted
 * averages), {@link dev.lanes.nn.metrics.LogLoss} and the two-class {@link dev.lanes.nn.metrics.RocAuc}; for
 * regression {@link dev.lanes.nn.metrics.RegressionMetrics} (MSE, RMSE, MAE, R²).
 */
package dev.lanes.nn.metrics;

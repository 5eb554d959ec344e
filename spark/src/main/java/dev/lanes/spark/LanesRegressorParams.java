package dev.lanes.spark;

import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;

/**
 * The parameters only {@link LanesRegressor} and {@link LanesRegressionModel} have, beside {@link LanesParams}: the
 * regression loss.
 */
public interface LanesRegressorParams extends LanesParams {

    /**
     * The loss minimised: one of the regression losses, as PyTorch's losses of the same meaning
     * with {@code reduction="mean"} and their default settings: {@code "mse"} ({@code MSELoss}), {@code "l1"}
     * ({@code L1Loss}), {@code "huber"} ({@code HuberLoss}, delta 1) and {@code "smooth_l1"}
     * ({@code SmoothL1Loss}, beta 1).
     *
     * @return the param, default {@code "mse"}
     */
    default Param<String> loss() {
        return new Param<>(this, "loss", "regression loss: " + String.join(", ", TrainingPlan.REGRESSION_LOSSES),
                ParamValidators.inArray(TrainingPlan.REGRESSION_LOSSES.toArray(new String[0])));
    }

    @Override
    default void setLanesDefaults() {
        LanesParams.super.setLanesDefaults();
        setDefault(loss(), "mse");
    }

    /**
     * The regression loss's name.
     *
     * @return its value
     */
    default String getLoss() {
        return getOrDefault(loss());
    }
}

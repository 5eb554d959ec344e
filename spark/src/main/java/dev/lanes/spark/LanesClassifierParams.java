package dev.lanes.spark;

import org.apache.spark.ml.param.Param;

/**
 * The parameters only {@link LanesClassifier} and {@link LanesClassificationModel} have, beside {@link LanesParams}:
 * the columns of the raw scores and the probabilities.
 */
public interface LanesClassifierParams extends LanesParams {

    /**
     * The class probabilities column (softmax of the raw scores).
     *
     * @return the param, default {@code "probability"}
     */
    default Param<String> probabilityCol() {
        return new Param<>(this, "probabilityCol", "column name for predicted class conditional probabilities");
    }

    /**
     * The raw scores column (the network's logits).
     *
     * @return the param, default {@code "rawPrediction"}
     */
    default Param<String> rawPredictionCol() {
        return new Param<>(this, "rawPredictionCol", "raw prediction (a.k.a. confidence) column name");
    }

    @Override
    default void setLanesDefaults() {
        LanesParams.super.setLanesDefaults();
        setDefault(probabilityCol(), "probability");
        setDefault(rawPredictionCol(), "rawPrediction");
    }

    /**
     * The probability column name.
     *
     * @return its value
     */
    default String getProbabilityCol() {
        return getOrDefault(probabilityCol());
    }

    /**
     * The raw prediction column name.
     *
     * @return its value
     */
    default String getRawPredictionCol() {
        return getOrDefault(rawPredictionCol());
    }
}

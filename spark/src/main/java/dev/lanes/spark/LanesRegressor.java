package dev.lanes.spark;

import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.types.StructType;

import java.util.Arrays;

/**
 * A Spark ML estimator that trains a Lanes fully-connected regressor of one target (layers {@code [features,
 * hidden…, 1]}, a regression {@code loss}: MSE by default) with the same synchronous data-parallel training as
 * {@link LanesClassifier}: the same shards, global batches and fixed summation order, so
 * the model's bits depend on the data, the seed, the settings and {@code numShards}, not on the number of tasks or
 * executors.
 *
 * <pre>{@code
 * LanesRegressor lanes = new LanesRegressor().setLayers(new int[] {8, 64, 1}).setLoss("huber").setMaxIter(20);
 * Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {assembler, scaler, lanes});
 * PipelineModel model = pipeline.fit(train);
 * }</pre>
 */
public final class LanesRegressor extends LanesEstimator<LanesRegressor, LanesRegressionModel>
        implements LanesRegressorParams {

    private static final long serialVersionUID = 1L;

    /** A regressor with a new uid and the default params ({@code layers} must still be set). */
    public LanesRegressor() {
        this(Identifiable.randomUID("lanesRegressor"));
    }

    /**
     * A regressor with this uid (what Spark's readers and {@code copy} use).
     *
     * @param uid the uid
     */
    public LanesRegressor(String uid) {
        super(uid);
    }

    /**
     * Sets the regression loss.
     *
     * @param value one of mse, l1, huber, smooth_l1
     * @return this
     */
    public LanesRegressor setLoss(String value) {
        set(loss(), value);
        return this;
    }

    @Override
    public StructType transformSchema(StructType schema) {
        return LanesSchema.regressor(this, schema, true);
    }

    @Override
    String trainingLoss() {
        return getLoss();
    }

    @Override
    void checkSettings() {
        if (isDefined(layers()) && getLayers()[getLayers().length - 1] != 1) {
            throw new IllegalArgumentException("LanesRegressor: layers " + Arrays.toString(getLayers())
                    + " end in " + getLayers()[getLayers().length - 1] + " outputs, but a regressor predicts one value: end layers in 1");
        }
    }

    @Override
    LanesRegressionModel newModel(String uid, byte[] modelFile) {
        return new LanesRegressionModel(uid, modelFile);
    }

    /**
     * A reader of saved regressors (Spark's {@code MLReadable} contract, static in Java).
     *
     * @return the reader
     */
    public static MLReader<LanesRegressor> read() {
        return new DefaultParamsReader<>();
    }

    /**
     * Loads a regressor saved with {@code write().save(path)}.
     *
     * @param path the directory
     * @return the regressor with its params
     */
    public static LanesRegressor load(String path) {
        return read().load(path);
    }
}

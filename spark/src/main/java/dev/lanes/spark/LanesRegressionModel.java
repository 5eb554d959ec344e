package dev.lanes.spark;

import dev.lanes.kernels.Kernels;
import dev.lanes.nn.layers.Sequential;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWriter;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import scala.Option;


/**
 * A trained Lanes regressor. {@code transform} appends the predicted value, predicting {@code blockSize} rows per
 * forward pass on the executors; the model is broadcast once per model and built once per executor JVM, as a
 * {@link LanesClassificationModel}'s. Saved, a model is a directory: Spark's params metadata and
 * {@code data/model.safetensors}, the same file {@code lanes-nn}'s {@code ModelFile.load} and PyTorch open.
 */
public final class LanesRegressionModel extends Model<LanesRegressionModel>
        implements LanesRegressorParams, MLWritable {

    private static final long serialVersionUID = 1L;
    /** Where the weights are inside a saved model's directory. */
    public static final String WEIGHTS_FILE = ModelBytes.WEIGHTS_FILE;

    /** This model's uid, which its params are bound to (its estimator's). */
    private final String uid;
    /** The trained network as the bytes of a safetensors model file. */
    private final byte[] modelFile;
    private transient Broadcast<byte[]> broadcast;

    LanesRegressionModel(String uid, byte[] modelFile) {
        this.uid = uid;
        this.modelFile = modelFile;
        setLanesDefaults();
    }

    @Override
    public String uid() {
        return uid;
    }

    /**
     * The number of input features.
     *
     * @return {@code layers[0]}
     */
    public int numFeatures() {
        return getLayers()[0];
    }


    /**
     * The trained network as a {@code lanes-nn} model, for use outside Spark.
     *
     * @return a new model with the trained weights, on the default kernels
     */
    public Sequential toLanesModel() {
        return ModelBytes.load(modelFile, Kernels.get());
    }

    /**
     * The weights as the bytes of a safetensors model file.
     *
     * @return a copy of the bytes
     */
    public byte[] modelFileBytes() {
        return modelFile.clone();
    }

    /**
     * Sets the features column.
     *
     * @param value the column name
     * @return this
     */
    public LanesRegressionModel setFeaturesCol(String value) {
        set(featuresCol(), value);
        return this;
    }

    /**
     * Sets the prediction column.
     *
     * @param value the column name
     * @return this
     */
    public LanesRegressionModel setPredictionCol(String value) {
        set(predictionCol(), value);
        return this;
    }



    /**
     * Sets the rows per forward pass.
     *
     * @param value rows, ≥ 1
     * @return this
     */
    public LanesRegressionModel setBlockSize(int value) {
        set(blockSize(), value);
        return this;
    }

    @Override
    public StructType transformSchema(StructType schema) {
        return LanesSchema.regressor(this, schema, false);
    }

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        StructType out = transformSchema(dataset.schema(), true);
        Dataset<Row> frame = dataset.toDF();
        return BatchPredictor.transform(frame, broadcast(frame.sparkSession()), this, false, out);
    }

    private synchronized Broadcast<byte[]> broadcast(SparkSession spark) {
        if (broadcast == null) {
            broadcast = JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(modelFile);
        }
        return broadcast;
    }

    @Override
    public LanesRegressionModel copy(ParamMap extra) {
        LanesRegressionModel copy = new LanesRegressionModel(uid, modelFile);
        copyValues(copy, extra);
        return copy.setParent(parent());
    }

    @Override
    public MLWriter write() {
        return new Writer(this);
    }

    /**
     * A reader of saved models (Spark's {@code MLReadable} contract, static in Java).
     *
     * @return the reader
     */
    public static MLReader<LanesRegressionModel> read() {
        return new Reader();
    }

    /**
     * Loads a model saved with {@code write().save(path)}.
     *
     * @param path the directory
     * @return the model with its params
     */
    public static LanesRegressionModel load(String path) {
        return read().load(path);
    }

    private static final class Writer extends MLWriter {
        private final LanesRegressionModel model;

        Writer(LanesRegressionModel model) {
            this.model = model;
        }

        @Override
        public void saveImpl(String path) {
            DefaultParamsWriter.saveMetadata(model, path, sparkSession());
            ModelBytes.save(model.modelFile, path, sparkSession(), "LanesRegressionModel");
        }
    }

    private static final class Reader extends MLReader<LanesRegressionModel> {
        @Override
        public LanesRegressionModel load(String path) {
            DefaultParamsReader.Metadata metadata = DefaultParamsReader.loadMetadata(path, sparkSession(),
                    LanesRegressionModel.class.getName());
            LanesRegressionModel model = new LanesRegressionModel(metadata.uid(),
                    ModelBytes.read(path, sparkSession(), "LanesRegressionModel"));
            metadata.getAndSetParams(model, Option.empty());
            return model;
        }
    }
}

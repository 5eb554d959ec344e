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
 * A trained Lanes classifier. {@code transform} appends the raw scores (logits), the softmax probabilities and the
 * predicted class index, predicting {@code blockSize} rows per forward pass on the executors; the model is
 * broadcast once per model and built once per executor JVM. Saved, a model is a directory: Spark's params
 * metadata and {@code data/model.safetensors}, the same file {@code lanes-nn}'s {@code ModelFile.load} and
 * PyTorch open.
 */
public final class LanesClassificationModel extends Model<LanesClassificationModel>
        implements LanesClassifierParams, MLWritable {

    private static final long serialVersionUID = 1L;
    /** Where the weights are inside a saved model's directory. */
    public static final String WEIGHTS_FILE = ModelBytes.WEIGHTS_FILE;

    /** This model's uid, which its params are bound to (its estimator's). */
    private final String uid;
    /** The trained network as the bytes of a safetensors model file. */
    private final byte[] modelFile;
    private transient Broadcast<byte[]> broadcast;

    LanesClassificationModel(String uid, byte[] modelFile) {
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
     * The number of classes.
     *
     * @return the last of {@code layers}
     */
    public int numClasses() {
        int[] sizes = getLayers();
        return sizes[sizes.length - 1];
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
    public LanesClassificationModel setFeaturesCol(String value) {
        set(featuresCol(), value);
        return this;
    }

    /**
     * Sets the prediction column.
     *
     * @param value the column name
     * @return this
     */
    public LanesClassificationModel setPredictionCol(String value) {
        set(predictionCol(), value);
        return this;
    }

    /**
     * Sets the probability column.
     *
     * @param value the column name
     * @return this
     */
    public LanesClassificationModel setProbabilityCol(String value) {
        set(probabilityCol(), value);
        return this;
    }

    /**
     * Sets the raw prediction column.
     *
     * @param value the column name
     * @return this
     */
    public LanesClassificationModel setRawPredictionCol(String value) {
        set(rawPredictionCol(), value);
        return this;
    }

    /**
     * Sets the rows per forward pass.
     *
     * @param value rows, ≥ 1
     * @return this
     */
    public LanesClassificationModel setBlockSize(int value) {
        set(blockSize(), value);
        return this;
    }

    @Override
    public StructType transformSchema(StructType schema) {
        return LanesSchema.classifier(this, schema, false);
    }

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        StructType out = transformSchema(dataset.schema(), true);
        Dataset<Row> frame = dataset.toDF();
        return BatchPredictor.transform(frame, broadcast(frame.sparkSession()), this, true, out);
    }

    private synchronized Broadcast<byte[]> broadcast(SparkSession spark) {
        if (broadcast == null) {
            broadcast = JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(modelFile);
        }
        return broadcast;
    }

    @Override
    public LanesClassificationModel copy(ParamMap extra) {
        LanesClassificationModel copy = new LanesClassificationModel(uid, modelFile);
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
    public static MLReader<LanesClassificationModel> read() {
        return new Reader();
    }

    /**
     * Loads a model saved with {@code write().save(path)}.
     *
     * @param path the directory
     * @return the model with its params
     */
    public static LanesClassificationModel load(String path) {
        return read().load(path);
    }

    private static final class Writer extends MLWriter {
        private final LanesClassificationModel model;

        Writer(LanesClassificationModel model) {
            this.model = model;
        }

        @Override
        public void saveImpl(String path) {
            DefaultParamsWriter.saveMetadata(model, path, sparkSession());
            ModelBytes.save(model.modelFile, path, sparkSession(), "LanesClassificationModel");
        }
    }

    private static final class Reader extends MLReader<LanesClassificationModel> {
        @Override
        public LanesClassificationModel load(String path) {
            DefaultParamsReader.Metadata metadata = DefaultParamsReader.loadMetadata(path, sparkSession(),
                    LanesClassificationModel.class.getName());
            LanesClassificationModel model = new LanesClassificationModel(metadata.uid(),
                    ModelBytes.read(path, sparkSession(), "LanesClassificationModel"));
            metadata.getAndSetParams(model, Option.empty());
            return model;
        }
    }
}

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

import java.util.function.BiFunction;

/**
 * What {@link LanesClassificationModel} and {@link LanesRegressionModel} share, owned here once: the trained
 * weights, {@code transform} (batched on the executors by {@code BatchPredictor}, the model broadcast once per model
 * and built once per executor JVM), copying, and saving and loading. Saved, a model is a directory: Spark's params
 * metadata and {@code data/model.safetensors}, the same file {@code lanes-nn}'s {@code ModelFile.load} and PyTorch
 * open.
 *
 * @param <M> the model itself, which every setter returns
 */
public abstract class LanesModel<M extends LanesModel<M>> extends Model<M> implements LanesParams, MLWritable {

    private static final long serialVersionUID = 1L;
    /** Where the weights are inside a saved model's directory. */
    public static final String WEIGHTS_FILE = ModelBytes.WEIGHTS_FILE;

    /** This model's uid, which its params are bound to (its estimator's). */
    private final String uid;
    /** The trained network as the bytes of a safetensors model file. */
    private final byte[] modelFile;
    private transient Broadcast<byte[]> broadcast;

    LanesModel(String uid, byte[] modelFile) {
        this.uid = uid;
        this.modelFile = modelFile;
        setLanesDefaults();
    }

    /** A model of the same kind with these weights (what {@code copy} and the reader build). */
    abstract M newModel(String uid, byte[] modelFile);

    /** Whether the outputs are class scores (raw scores, probabilities and class appended) or one value. */
    abstract boolean classifier();

    @SuppressWarnings("unchecked")
    private M self() {
        return (M) this;
    }

    @Override
    public final String uid() {
        return uid;
    }

    /**
     * The number of input features.
     *
     * @return {@code layers[0]}
     */
    public final int numFeatures() {
        return getLayers()[0];
    }

    /**
     * The trained network as a {@code lanes-nn} model, for use outside Spark.
     *
     * @return a new model with the trained weights, on the default kernels
     */
    public final Sequential toLanesModel() {
        return ModelBytes.load(modelFile, Kernels.get());
    }

    /**
     * The weights as the bytes of a safetensors model file.
     *
     * @return a copy of the bytes
     */
    public final byte[] modelFileBytes() {
        return modelFile.clone();
    }

    /**
     * Sets the features column.
     *
     * @param value the column name
     * @return this
     */
    public final M setFeaturesCol(String value) {
        set(featuresCol(), value);
        return self();
    }

    /**
     * Sets the prediction column.
     *
     * @param value the column name
     * @return this
     */
    public final M setPredictionCol(String value) {
        set(predictionCol(), value);
        return self();
    }

    /**
     * Sets the rows per forward pass.
     *
     * @param value rows, ≥ 1
     * @return this
     */
    public final M setBlockSize(int value) {
        set(blockSize(), value);
        return self();
    }

    @Override
    public final Dataset<Row> transform(Dataset<?> dataset) {
        StructType out = transformSchema(dataset.schema(), true);
        Dataset<Row> frame = dataset.toDF();
        return BatchPredictor.transform(frame, broadcast(frame.sparkSession()), this, classifier(), out);
    }

    private synchronized Broadcast<byte[]> broadcast(SparkSession spark) {
        if (broadcast == null) {
            broadcast = JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(modelFile);
        }
        return broadcast;
    }

    @Override
    public final M copy(ParamMap extra) {
        M copy = newModel(uid, modelFile);
        copyValues(copy, extra);
        return copy.setParent(parent());
    }

    @Override
    public final MLWriter write() {
        return new Writer(this);
    }

    /** The reader of one kind of model: its params from Spark's metadata, its weights from the safetensors file. */
    static <M extends LanesModel<M>> MLReader<M> reader(Class<M> kind, BiFunction<String, byte[], M> create) {
        return new MLReader<>() {
            @Override
            public M load(String path) {
                DefaultParamsReader.Metadata metadata = DefaultParamsReader.loadMetadata(path, sparkSession(), kind.getName());
                M model = create.apply(metadata.uid(), ModelBytes.read(path, sparkSession(), kind.getSimpleName()));
                metadata.getAndSetParams(model, Option.empty());
                return model;
            }
        };
    }

    private static final class Writer extends MLWriter {
        private final LanesModel<?> model;

        Writer(LanesModel<?> model) {
            this.model = model;
        }

        @Override
        public void saveImpl(String path) {
            DefaultParamsWriter.saveMetadata(model, path, sparkSession());
            ModelBytes.save(model.modelFile, path, sparkSession(), model.getClass().getSimpleName());
        }
    }
}

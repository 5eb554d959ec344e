package dev.lanes.nn.io;

import dev.lanes.nn.Tensor;
import dev.lanes.nn.layers.Sequential;
import dev.lanes.nn.optim.Optimizer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A training checkpoint: a model file (loadable with {@link ModelFile#load}) that also holds the optimiser's
 * state (tensors named {@code optimizer.<parameter>.<slot>}) and where training stands — epochs completed,
 * the shuffling seed, the batch size, the learning rate and the optimiser's step count — so that resuming
 * gives the same result as never stopping. Written atomically, like every safetensors file here.
 */
public final class Checkpoint {

    static final String OPTIMIZER_PREFIX = "optimizer.";
    static final String EPOCH_KEY = "lanes.checkpoint.completed_epochs";
    private static final String SEED_KEY = "lanes.checkpoint.shuffle_seed";
    private static final String BATCH_KEY = "lanes.checkpoint.batch_size";
    private static final String RATE_KEY = "lanes.checkpoint.learning_rate";
    private static final String OPTIMIZER_KEY = "lanes.checkpoint.optimizer";
    private static final String STEPS_KEY = "lanes.checkpoint.optimizer_steps";

    private Checkpoint() {
    }

    /** Where training stands. */
    public record State(int completedEpochs, long shuffleSeed, int batchSize, double learningRate) {
    }

    public static void save(Path path, Sequential model, Optimizer optimizer, State state) throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>(ModelFile.tensors(model));
        for (Map.Entry<String, Tensor> e : optimizer.state().entrySet()) {
            tensors.put(OPTIMIZER_PREFIX + e.getKey(), e.getValue());
        }
        Map<String, String> metadata = new LinkedHashMap<>(ModelFile.metadata(model));
        metadata.put(EPOCH_KEY, Integer.toString(state.completedEpochs()));
        metadata.put(SEED_KEY, Long.toString(state.shuffleSeed()));
        metadata.put(BATCH_KEY, Integer.toString(state.batchSize()));
        metadata.put(RATE_KEY, Double.toString(state.learningRate()));
        metadata.put(OPTIMIZER_KEY, optimizer.describe());
        metadata.put(STEPS_KEY, Long.toString(optimizer.steps()));
        SafeTensors.write(path, tensors, metadata);
    }

    /**
     * Loads a checkpoint into {@code model} and {@code optimizer} (which must be the same architecture and the
     * same kind of optimiser with the same hyperparameters) and returns where training stood.
     */
    public static State restore(Path path, Sequential model, Optimizer optimizer) throws IOException {
        SafeTensors.Contents contents = SafeTensors.read(path);
        Map<String, String> metadata = contents.metadata();
        if (!metadata.containsKey(EPOCH_KEY)) {
            throw new InvalidModelFileException(path, "not a checkpoint (no " + EPOCH_KEY + " in __metadata__)");
        }
        String expectedArchitecture = Architecture.describe(model);
        if (!expectedArchitecture.equals(metadata.get(ModelFile.ARCHITECTURE_KEY))) {
            throw new InvalidModelFileException(path, "the checkpoint's architecture " + metadata.get(ModelFile.ARCHITECTURE_KEY)
                    + " is not the model's " + expectedArchitecture);
        }
        if (!optimizer.describe().equals(metadata.get(OPTIMIZER_KEY))) {
            throw new InvalidModelFileException(path, "the checkpoint was written by optimiser " + metadata.get(OPTIMIZER_KEY)
                    + ", not " + optimizer.describe());
        }
        State state;
        long steps;
        try {
            state = new State(Integer.parseInt(metadata.get(EPOCH_KEY)), Long.parseLong(metadata.get(SEED_KEY)),
                    Integer.parseInt(metadata.get(BATCH_KEY)), Double.parseDouble(metadata.get(RATE_KEY)));
            steps = Long.parseLong(metadata.get(STEPS_KEY));
        } catch (NumberFormatException | NullPointerException e) {
            throw new InvalidModelFileException(path, "checkpoint metadata is missing or malformed: " + e.getMessage(), e);
        }
        Map<String, Tensor> modelTensors = new LinkedHashMap<>();
        Map<String, Tensor> optimizerTensors = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : contents.tensors().entrySet()) {
            if (e.getKey().startsWith(OPTIMIZER_PREFIX)) {
                optimizerTensors.put(e.getKey().substring(OPTIMIZER_PREFIX.length()), e.getValue());
            } else {
                modelTensors.put(e.getKey(), e.getValue());
            }
        }
        // Check everything before changing anything: a checkpoint that does not fit leaves model and optimiser as they were.
        ModelFile.checkParameters(path, modelTensors, model, true);
        try {
            optimizer.loadState(optimizerTensors, steps); // checks all of its state before copying any
        } catch (IllegalArgumentException e) {
            throw new InvalidModelFileException(path, e.getMessage(), e);
        }
        ModelFile.copyParameters(modelTensors, model);
        optimizer.setLearningRate(state.learningRate());
        return state;
    }
}

package dev.lanes.nn.io;

import dev.lanes.nn.SeededRandom;
import dev.lanes.nn.Tensor;
import dev.lanes.nn.layers.Sequential;
import dev.lanes.nn.optim.Optimizer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A training checkpoint: a model file (loadable with {@link ModelFile#load}) that also holds the optimiser's
 * state (tensors named {@code optimizer.<parameter>.<slot>}), where training stands (epochs completed, the
 * learning rate, the optimiser's step count, the state of the model's {@link dev.lanes.nn.layers.Layer#random()
 * generator}, from which dropout draws its masks) and the run's configuration as metadata entries the trainer
 * gives, so that resuming gives the same result as never stopping. Written atomically, like every
 * safetensors file here.
 *
 * <p>Restoring is two steps, so that a refused resume changes nothing: {@link #read} parses the file alone;
 * {@link Loaded#restoreInto} checks every tensor against the model and the optimiser before it copies any.
 */
public final class Checkpoint {

    static final String OPTIMIZER_PREFIX = "optimizer.";
    static final String EPOCH_KEY = "lanes.checkpoint.completed_epochs";
    private static final String RATE_KEY = "lanes.checkpoint.learning_rate";
    private static final String STEPS_KEY = "lanes.checkpoint.optimizer_steps";
    private static final String RANDOM_KEY = "lanes.checkpoint.model_random";

    private Checkpoint() {
    }

    /**
     * Writes model, optimiser state and progress to {@code path}, with {@code configuration} (metadata entries
     * describing the run, which {@link Loaded#metadata()} gives back) beside them.
     *
     * @param path the file, replaced atomically
     * @param model the model, whose parameters and buffers are saved under their names, and its generator's state
     * @param optimizer the optimiser of that model, whose state is saved beside them
     * @param configuration entries added to the metadata as they are
     * @param completedEpochs the epochs done, from which a resumed run continues
     * @param learningRate the rate of the last epoch
     * @throws java.io.IOException if the file cannot be written
     */
    public static void save(Path path, Sequential model, Optimizer optimizer, Map<String, String> configuration,
                            int completedEpochs, double learningRate) throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>(ModelFile.tensors(model));
        for (Map.Entry<String, Tensor> e : optimizer.state().entrySet()) {
            tensors.put(OPTIMIZER_PREFIX + e.getKey(), e.getValue());
        }
        Map<String, String> metadata = new LinkedHashMap<>(ModelFile.metadata(model));
        metadata.putAll(configuration);
        metadata.put(EPOCH_KEY, Integer.toString(completedEpochs));
        metadata.put(RATE_KEY, Double.toString(learningRate));
        metadata.put(STEPS_KEY, Long.toString(optimizer.steps()));
        metadata.put(RANDOM_KEY, model.random().saveState());
        SafeTensors.write(path, tensors, metadata);
    }

    /**
     * Reads a checkpoint without applying it to anything.
     *
     * @param path a file {@link #save} wrote
     * @return the contents, checked as a checkpoint but not against a model
     * @throws InvalidModelFileException if the file is not a valid checkpoint
     * @throws java.io.IOException if it cannot be read
     */
    public static Loaded read(Path path) throws IOException {
        SafeTensors.Contents contents = SafeTensors.read(path);
        Map<String, String> metadata = contents.metadata();
        if (!metadata.containsKey(EPOCH_KEY)) {
            throw new InvalidModelFileException(path, "not a checkpoint (no " + EPOCH_KEY + " in __metadata__)");
        }
        int epochs;
        double rate;
        long steps;
        SeededRandom random;
        try {
            epochs = Integer.parseInt(metadata.get(EPOCH_KEY));
            rate = Double.parseDouble(metadata.get(RATE_KEY));
            steps = Long.parseLong(metadata.get(STEPS_KEY));
            // Checkpoints from before dropout have no generator state: the model's generator is then left as it is.
            random = metadata.containsKey(RANDOM_KEY) ? SeededRandom.restoreState(metadata.get(RANDOM_KEY)) : null;
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new InvalidModelFileException(path, "checkpoint metadata is missing or malformed: " + e.getMessage(), e);
        }
        if (epochs < 0 || steps < 0 || !(rate >= 0) || Double.isInfinite(rate)) {
            throw new InvalidModelFileException(path, "checkpoint progress out of range: " + epochs + " epochs, "
                    + steps + " optimiser steps, learning rate " + rate);
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
        return new Loaded(path, Map.copyOf(metadata), epochs, rate, steps, random, modelTensors, optimizerTensors);
    }

    /** A checkpoint as read, not yet applied. */
    public static final class Loaded {

        private final Path path;
        private final Map<String, String> metadata;
        private final int completedEpochs;
        private final double learningRate;
        private final long optimizerSteps;
        /** The model generator's saved state, or null for a checkpoint that has none. */
        private final String randomState;
        private final Map<String, Tensor> modelTensors;
        private final Map<String, Tensor> optimizerState;

        private Loaded(Path path, Map<String, String> metadata, int completedEpochs, double learningRate,
                       long optimizerSteps, SeededRandom random, Map<String, Tensor> modelTensors,
                       Map<String, Tensor> optimizerState) {
            this.randomState = random == null ? null : random.saveState();
            this.path = path;
            this.metadata = metadata;
            this.completedEpochs = completedEpochs;
            this.learningRate = learningRate;
            this.optimizerSteps = optimizerSteps;
            this.modelTensors = modelTensors;
            this.optimizerState = optimizerState;
        }

        /**
         * The file read.
         *
         * @return the path given to {@link #read}
         */
        public Path path() {
            return path;
        }

        /**
         * Every metadata entry, the run configuration given to {@link #save} among them.
         *
         * @return an unmodifiable map
         */
        public Map<String, String> metadata() {
            return metadata;
        }

        /**
         * The epochs completed when the checkpoint was written.
         *
         * @return the epochs the saved run had completed, ≥ 0
         */
        public int completedEpochs() {
            return completedEpochs;
        }

        /**
         * The learning rate of the last completed epoch.
         *
         * @return the rate, finite and ≥ 0
         */
        public double learningRate() {
            return learningRate;
        }

        /**
         * Sets the model's parameters and buffers, its generator, the optimiser's state, step count and learning
         * rate from the checkpoint, after checking that all of it fits: a checkpoint that does not fit changes nothing.
         *
         * @param model the model to overwrite, built as the saved one
         * @param optimizer that model's optimiser, of the saved kind
         * @throws InvalidModelFileException naming every tensor that does not fit
         */
        public void restoreInto(Sequential model, Optimizer optimizer) throws IOException {
            ModelFile.checkParameters(path, modelTensors, model, true);
            try {
                optimizer.checkState(optimizerState, optimizerSteps);
            } catch (IllegalArgumentException e) {
                throw new InvalidModelFileException(path, e.getMessage(), e);
            }
            ModelFile.copyParameters(modelTensors, model);
            optimizer.loadState(optimizerState, optimizerSteps);
            optimizer.setLearningRate(learningRate);
            if (randomState != null) {
                model.setRandom(SeededRandom.restoreState(randomState)); // a fresh generator each time: the file's state
            }
        }
    }
}

package dev.lanes.cli.model;

import dev.lanes.kernels.Kernels;
import dev.lanes.nn.Tensor;
import dev.lanes.nn.optim.Optimizer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A training run's state after a whole epoch: the model, the optimiser's state and step count, and how many
 * epochs are done, in one safetensors file written atomically. A run interrupted (Ctrl-C, a crash) resumes
 * from it and loses at most the epoch it was in.
 */
public final class Checkpoint {

    static final String MODEL_PREFIX = "model.";
    static final String OPTIMIZER_PREFIX = "optimizer.";
    static final String EPOCHS_DONE = "lanes.epochs_done";
    static final String OPTIMIZER = "lanes.optimizer";
    static final String STEPS = "lanes.optimizer_steps";
    static final String RUN = "lanes.run";

    private Checkpoint() {
    }

    /**
     * @param run a description of everything that must match for a resume to be the same run (data, seed,
     *            batch size, schedule, …)
     */
    public static void save(Path file, TrainedModel model, Optimizer optimizer, int epochsDone, String run) throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        model.net().namedParameters().forEach((name, p) -> tensors.put(MODEL_PREFIX + name, p.value()));
        optimizer.state().forEach((name, t) -> tensors.put(OPTIMIZER_PREFIX + name, t));
        Map<String, String> metadata = model.metadata();
        metadata.put(EPOCHS_DONE, Integer.toString(epochsDone));
        metadata.put(OPTIMIZER, optimizer.describe());
        metadata.put(STEPS, Long.toString(optimizer.steps()));
        metadata.put(RUN, run);
        Safetensors.write(file, tensors, metadata);
    }

    /**
     * Restores {@code model} and {@code optimizer} from {@code file} and returns the epochs done.
     *
     * @throws IOException if the checkpoint is of another network, optimiser or run
     */
    public static int restore(Path file, TrainedModel model, Optimizer optimizer, String run, Kernels kernels) throws IOException {
        Safetensors.Contents contents = Safetensors.read(file);
        Map<String, String> metadata = contents.metadata();
        mustMatch(file, "network", metadata.get(TrainedModel.NETWORK), model.network());
        mustMatch(file, "optimiser", metadata.get(OPTIMIZER), optimizer.describe());
        mustMatch(file, "run settings", metadata.get(RUN), run);
        TrainedModel saved = TrainedModel.fromContents(file, contents.tensors(), metadata, MODEL_PREFIX, kernels);
        model.net().namedParameters().forEach((name, p) -> p.value().copyFrom(saved.net().namedParameters().get(name).value()));
        Map<String, Tensor> state = new LinkedHashMap<>();
        contents.tensors().forEach((name, t) -> {
            if (name.startsWith(OPTIMIZER_PREFIX)) {
                state.put(name.substring(OPTIMIZER_PREFIX.length()), t);
            }
        });
        try {
            optimizer.loadState(state, Long.parseLong(metadata.getOrDefault(STEPS, "-1")));
            return Integer.parseInt(metadata.getOrDefault(EPOCHS_DONE, "-1"));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage());
        }
    }

    private static void mustMatch(Path file, String what, String saved, String now) throws IOException {
        if (!now.equals(saved)) {
            throw new IOException(file + ": the checkpoint's " + what + " (" + saved + ") differs from this run's (" + now
                    + "); resume with the same options, or train into another --output");
        }
    }
}

package dev.lanes.cli.commands;

import java.nio.file.Path;

/** The files a training run writes into its output folder. */
record RunFiles(Path dir, Path model) {
    /** The model's name in a run folder, unless --model names another file. */
    static final String MODEL_FILE_NAME = "model.safetensors";

    /** The files of a run in {@code dir}, the model at {@code modelFile} or, if that is null, in {@code dir}. */
    static RunFiles in(Path dir, Path modelFile) {
        return new RunFiles(dir, modelFile != null ? modelFile : dir.resolve(MODEL_FILE_NAME));
    }

    Path metrics() {
        return dir.resolve("metrics.csv");
    }

    Path chart() {
        return dir.resolve("learning-curve.png");
    }

    Path summary() {
        return dir.resolve("summary.json");
    }

    Path checkpoint() {
        return dir.resolve("checkpoint.safetensors");
    }
}

package dev.lanes.cli.commands;

import java.nio.file.Path;

/** The files a training run writes into its output folder. */
record RunFiles(Path dir, Path model) {
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

package dev.lanes.spark;

import dev.lanes.kernels.Kernels;
import dev.lanes.nn.io.ModelFile;
import dev.lanes.nn.layers.Sequential;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A model as the bytes of its safetensors file, the form in which it crosses Spark (task results, broadcasts,
 * saved directories): the same file {@code lanes-nn} and PyTorch open. nn reads and writes files only, so the
 * bytes pass through a temporary file, once per model and JVM.
 */
final class ModelBytes {

    private ModelBytes() {
    }

    static byte[] of(Sequential model) {
        try {
            Path dir = Files.createTempDirectory("lanes-model");
            Path file = dir.resolve("model.safetensors");
            try {
                ModelFile.save(model, file);
                return Files.readAllBytes(file);
            } finally {
                Files.deleteIfExists(file);
                Files.deleteIfExists(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("LanesClassifier: could not serialise the model", e);
        }
    }

    static Sequential load(byte[] bytes, Kernels kernels) {
        try {
            Path dir = Files.createTempDirectory("lanes-model");
            Path file = dir.resolve("model.safetensors");
            try {
                Files.write(file, bytes);
                return ModelFile.load(file, kernels);
            } finally {
                Files.deleteIfExists(file);
                Files.deleteIfExists(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("LanesClassifier: could not read the model's safetensors bytes", e);
        }
    }
}

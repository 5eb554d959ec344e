package dev.lanes.spark;

import dev.lanes.kernels.Kernels;
import dev.lanes.nn.io.ModelFile;
import dev.lanes.nn.layers.Sequential;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A model as the bytes of its safetensors file, the form in which it crosses Spark (task results, broadcasts,
 * saved directories): the same file {@code lanes-nn} and PyTorch open. nn reads and writes files only, so the
 * bytes pass through a temporary file, once per model and JVM. A saved Lanes model's directory holds them at
 * {@link #WEIGHTS_FILE}.
 */
final class ModelBytes {

    /** Where the weights are inside a saved model's directory. */
    static final String WEIGHTS_FILE = "data/model.safetensors";

    private ModelBytes() {
    }

    /** Writes a model's bytes into the saved model directory {@code dir}, on any Hadoop file system. */
    static void save(byte[] bytes, String dir, SparkSession spark, String owner) {
        org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(dir, WEIGHTS_FILE);
        try {
            FileSystem fs = file.getFileSystem(spark.sparkContext().hadoopConfiguration());
            try (FSDataOutputStream out = fs.create(file, true)) {
                out.write(bytes);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(owner + ": could not write " + file, e);
        }
    }

    /**
     * Reads the model bytes of the saved model directory {@code dir} and checks that they are a model file (now, on
     * the driver, rather than on the executors).
     */
    static byte[] read(String dir, SparkSession spark, String owner) {
        org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(dir, WEIGHTS_FILE);
        byte[] bytes;
        try {
            FileSystem fs = file.getFileSystem(spark.sparkContext().hadoopConfiguration());
            long length = fs.getFileStatus(file).getLen();
            if (length > Integer.MAX_VALUE - 8) {
                throw new IOException("the weights file holds " + length + " bytes, more than a Java array can");
            }
            bytes = new byte[(int) length];
            try (FSDataInputStream in = fs.open(file)) {
                in.readFully(bytes);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(owner + ": could not read " + file, e);
        }
        load(bytes, Kernels.get());
        return bytes;
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
            throw new UncheckedIOException("Lanes: could not serialise the model", e);
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
            throw new UncheckedIOException("Lanes: could not read the model's safetensors bytes", e);
        }
    }
}

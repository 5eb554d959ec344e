package dev.lanes.spark;

import dev.lanes.nn.io.Checkpoint;
import dev.lanes.nn.layers.Sequential;
import dev.lanes.nn.optim.Optimizer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The per-epoch checkpoints of a run in a directory on any Hadoop file system: {@code epoch-000003.safetensors}
 * after the third epoch (nn's checkpoint format: model, optimiser state, progress and the run's configuration).
 * A file appears complete or not at all (written under a temporary name, then renamed), and older epochs are
 * removed once a newer one is in place.
 */
final class CheckpointStore {

    private static final Pattern NAME = Pattern.compile("epoch-(\\d{6})\\.safetensors");

    private final Path dir;
    private final FileSystem fs;

    CheckpointStore(String dir, Configuration conf) throws IOException {
        this.dir = new Path(dir);
        this.fs = this.dir.getFileSystem(conf);
    }

    /** The number of epochs the newest checkpoint completed, 0 if there is none. */
    int latestEpoch() throws IOException {
        if (!fs.exists(dir)) {
            return 0;
        }
        int latest = 0;
        for (FileStatus f : fs.listStatus(dir)) {
            Matcher m = NAME.matcher(f.getPath().getName());
            if (m.matches()) {
                latest = Math.max(latest, Integer.parseInt(m.group(1)));
            }
        }
        return latest;
    }

    /**
     * Restores model and optimiser from the checkpoint of {@code epoch} after checking that it was written by a
     * run with {@code configuration}.
     *
     * @throws IllegalStateException naming each setting that differs
     */
    void restore(int epoch, Sequential model, Optimizer optimizer, Map<String, String> configuration) throws IOException {
        java.nio.file.Path local = Files.createTempFile("lanes-checkpoint", ".safetensors");
        try {
            fs.copyToLocalFile(false, file(epoch), new Path(local.toUri()), true);
            Checkpoint.Loaded loaded = Checkpoint.read(local);
            StringBuilder differences = new StringBuilder();
            for (Map.Entry<String, String> e : configuration.entrySet()) {
                String saved = loaded.metadata().get(e.getKey());
                if (!e.getValue().equals(saved)) {
                    differences.append(differences.isEmpty() ? "" : ", ").append(e.getKey().substring("lanes.spark.".length()))
                            .append(": checkpoint ").append(saved).append(", now ").append(e.getValue());
                }
            }
            if (!differences.isEmpty()) {
                throw new IllegalStateException("Lanes: the checkpoint " + file(epoch) + " belongs to another run ("
                        + differences + "); use another checkpointDir or delete this one");
            }
            loaded.restoreInto(model, optimizer);
        } finally {
            Files.deleteIfExists(local);
        }
    }

    /** Writes the checkpoint of {@code epoch} (epochs completed), then removes the older ones. */
    void save(int epoch, Sequential model, Optimizer optimizer, Map<String, String> configuration, double learningRate)
            throws IOException {
        java.nio.file.Path local = Files.createTempFile("lanes-checkpoint", ".safetensors");
        try {
            Checkpoint.save(local, model, optimizer, configuration, epoch, learningRate);
            fs.mkdirs(dir);
            Path temporary = new Path(dir, "." + file(epoch).getName() + ".tmp");
            fs.copyFromLocalFile(false, true, new Path(local.toUri()), temporary);
            fs.delete(file(epoch), false);
            if (!fs.rename(temporary, file(epoch))) {
                throw new IOException("Lanes: could not rename " + temporary + " to " + file(epoch));
            }
            for (int older = epoch - 1; older >= 1 && fs.exists(file(older)); older--) {
                fs.delete(file(older), false);
            }
        } finally {
            Files.deleteIfExists(local);
        }
    }

    private Path file(int epoch) {
        return new Path(dir, String.format("epoch-%06d.safetensors", epoch));
    }
}

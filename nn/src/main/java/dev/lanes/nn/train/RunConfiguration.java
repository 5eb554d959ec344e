package dev.lanes.nn.train;

import dev.lanes.nn.io.InvalidModelFileException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What must be the same for a resumed run to continue the run that wrote a checkpoint: stored in the
 * checkpoint's metadata by {@link Trainer} and compared here, in one place, when it resumes. The epoch count
 * is not part of it (a run may be extended), nor the schedule (a function; it only sets the rate of each
 * epoch, which the checkpoint does not need).
 *
 * @param architecture the model's layers as JSON ({@code Architecture.describe})
 * @param loss         the loss's {@code describe()}
 * @param optimizer    the optimiser's {@code describe()} (kind and hyper-parameters but the learning rate)
 * @param regularization the regularisation term's {@code describe()}, or {@code "none"}
 * @param batchSize    samples per batch
 * @param shuffleSeed  the seed of the per-epoch shuffles
 */
public record RunConfiguration(String architecture, String loss, String optimizer, String regularization,
                               int batchSize, long shuffleSeed) {

    private static final String PREFIX = "lanes.run.";

    /** The options by name, in a fixed order: the names messages and metadata keys use. */
    private Map<String, String> options() {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("architecture", architecture);
        options.put("loss", loss);
        options.put("optimizer", optimizer);
        options.put("regularization", regularization);
        options.put("batchSize", Integer.toString(batchSize));
        options.put("shuffleSeed", Long.toString(shuffleSeed));
        return options;
    }

    /** As checkpoint metadata entries ({@code lanes.run.batchSize}, …). */
    public Map<String, String> toMetadata() {
        Map<String, String> metadata = new LinkedHashMap<>();
        options().forEach((name, value) -> metadata.put(PREFIX + name, value));
        return metadata;
    }

    /** The configuration a checkpoint from {@code file} was written with. */
    public static RunConfiguration fromMetadata(Path file, Map<String, String> metadata) throws InvalidModelFileException {
        try {
            return new RunConfiguration(required(metadata, "architecture"), required(metadata, "loss"),
                    required(metadata, "optimizer"), required(metadata, "regularization"),
                    Integer.parseInt(required(metadata, "batchSize")), Long.parseLong(required(metadata, "shuffleSeed")));
        } catch (NumberFormatException | NullPointerException e) {
            throw new InvalidModelFileException(file, "the checkpoint's run configuration is missing or malformed: " + e.getMessage(), e);
        }
    }

    private static String required(Map<String, String> metadata, String name) {
        String value = metadata.get(PREFIX + name);
        if (value == null) {
            throw new NullPointerException("no " + PREFIX + name);
        }
        return value;
    }

    /**
     * Throws {@link IllegalArgumentException} naming every option that differs, e.g.
     * {@code batchSize: checkpoint 32, trainer 64}, if {@code trainer} would not continue this run.
     */
    public void requireContinuedBy(RunConfiguration trainer, Path checkpoint) {
        Map<String, String> saved = options(), now = trainer.options();
        List<String> differences = new ArrayList<>();
        for (Map.Entry<String, String> e : saved.entrySet()) {
            String other = now.get(e.getKey());
            if (!e.getValue().equals(other)) {
                differences.add(e.getKey() + ": checkpoint " + e.getValue() + ", trainer " + other);
            }
        }
        if (!differences.isEmpty()) {
            throw new IllegalArgumentException("resumeFrom " + checkpoint + ": this trainer would not continue the run that wrote it ("
                    + String.join("; ", differences) + ")");
        }
    }
}

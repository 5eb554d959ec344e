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
 * epoch, which the checkpoint does not need); a caller that derives it from options of its own (a base
 * rate, the data) adds those as {@code options}, which are compared the same way.
 *
 * @param architecture the model's layers as JSON ({@code Architecture.describe})
 * @param loss         the loss's {@code describe()}
 * @param optimizer    the optimiser's {@code describe()} (kind and hyper-parameters but the learning rate)
 * @param regularization the regularisation term's {@code describe()}, or {@code "none"}
 * @param batchSize    samples per batch
 * @param shuffleSeed  the seed of the per-epoch shuffles
 * @param options      the caller's own settings by name ({@link Trainer#option}), in the order given, then the
 *                     trainer's optional controls when set ({@code trainer.gradientClipping},
 *                     {@code trainer.schedule} for a plateau schedule, {@code trainer.earlyStopping})
 */
public record RunConfiguration(String architecture, String loss, String optimizer, String regularization,
                               int batchSize, long shuffleSeed, Map<String, String> options) {

    private static final String PREFIX = "lanes.run.";
    private static final String OPTION_PREFIX = PREFIX + "option.";

    /**
     * Keeps an unmodifiable copy of {@code options}, in their order.
     */
    public RunConfiguration {
        options = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }

    /** The trainer's settings by name, in a fixed order: the names messages and metadata keys use. */
    private Map<String, String> settings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("architecture", architecture);
        settings.put("loss", loss);
        settings.put("optimizer", optimizer);
        settings.put("regularization", regularization);
        settings.put("batchSize", Integer.toString(batchSize));
        settings.put("shuffleSeed", Long.toString(shuffleSeed));
        return settings;
    }

    /**
     * As checkpoint metadata entries ({@code lanes.run.batchSize}, …, {@code lanes.run.option.<name>}).
     *
     * @return a new map: the settings first, then the options, in their order
     */
    public Map<String, String> toMetadata() {
        Map<String, String> metadata = new LinkedHashMap<>();
        settings().forEach((name, value) -> metadata.put(PREFIX + name, value));
        options.forEach((name, value) -> metadata.put(OPTION_PREFIX + name, value));
        return metadata;
    }

    /**
     * The configuration a checkpoint from {@code file} was written with.
     *
     * @param file the checkpoint read, for the message
     * @param metadata its metadata, as {@link #toMetadata()} wrote it
     * @return the stored configuration
     * @throws InvalidModelFileException if a setting is missing or not a number where one is needed
     */
    public static RunConfiguration fromMetadata(Path file, Map<String, String> metadata) throws InvalidModelFileException {
        Map<String, String> options = new java.util.TreeMap<>();
        metadata.forEach((key, value) -> {
            if (key.startsWith(OPTION_PREFIX)) {
                options.put(key.substring(OPTION_PREFIX.length()), value);
            }
        });
        try {
            return new RunConfiguration(required(metadata, "architecture"), required(metadata, "loss"),
                    required(metadata, "optimizer"), required(metadata, "regularization"),
                    Integer.parseInt(required(metadata, "batchSize")), Long.parseLong(required(metadata, "shuffleSeed")),
                    options);
        } catch (NumberFormatException | NullPointerException e) {
            throw new InvalidModelFileException(file, "the checkpoint's run configuration is missing or malformed: " + e.getMessage(), e);
        }
    }

    /** Adds "name: checkpoint a, trainer b" for each name whose values differ (or that one side lacks). */
    private static void compare(Map<String, String> saved, Map<String, String> now, List<String> differences) {
        java.util.Set<String> names = new java.util.LinkedHashSet<>(saved.keySet());
        names.addAll(now.keySet());
        for (String name : names) {
            String before = saved.get(name), after = now.get(name);
            if (before == null || !before.equals(after)) {
                differences.add(name + ": checkpoint " + (before == null ? "(not set)" : before)
                        + ", trainer " + (after == null ? "(not set)" : after));
            }
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
     *
     * @param trainer the configuration of the trainer that would resume
     * @param checkpoint the checkpoint's file, for the message
     * @throws IllegalArgumentException if any setting or option differs
     */
    public void requireContinuedBy(RunConfiguration trainer, Path checkpoint) {
        List<String> differences = new ArrayList<>();
        compare(settings(), trainer.settings(), differences);
        compare(options, trainer.options, differences);
        if (!differences.isEmpty()) {
            throw new IllegalArgumentException("resumeFrom " + checkpoint + ": this trainer would not continue the run that wrote it ("
                    + String.join("; ", differences) + ")");
        }
    }
}

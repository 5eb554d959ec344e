package dev.lanes.cli.commands;

import dev.lanes.cli.report.InfoLines;
import dev.lanes.cli.LanesCli.UsageException;
import dev.lanes.cli.report.EpochMetrics;
import dev.lanes.cli.report.MetricsCsv;
import dev.lanes.nn.io.Checkpoint;
import dev.lanes.nn.train.RunConfiguration;
import dev.lanes.nn.train.Trainer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The command-line options a resumed run must give as the run it continues did: every option of the command
 * but those in {@link #MAY_CHANGE}, so an option added later is checked without being listed here. They are
 * recorded in the checkpoint as the trainer's options (under their names, e.g. {@code --weight-decay}), and a
 * refused resume is reported as the options that differ, in the user's words, rather than as the trainer's
 * settings.
 */
final class ResumedOptions {

    /**
     * Options that do not change what is trained: where files are, how it is shown, the kernels (their
     * results agree to rounding), and {@code --epochs}, so that a finished run can be extended.
     */
    static final Set<String> MAY_CHANGE = Set.of("--resume", "--epochs", "--output", "--model", "--data", "--no-download",
            "--mirror", "--progress", "--provider", "--threads", "--test-limit", "--help", "--version");

    private ResumedOptions() {
    }

    /** The options a resumed run must share with this one, by name, as given or defaulted. */
    static Map<String, String> of(CommandSpec command) {
        Map<String, String> options = new LinkedHashMap<>();
        for (OptionSpec option : command.options()) {
            String name = option.longestName();
            if (!MAY_CHANGE.contains(name)) {
                Object value = option.getValue();
                options.put(name, value == null ? "none" : value.toString());
            }
        }
        return options;
    }

    /** Records the options as the trainer's, so its checkpoints hold them and its resume compares them. */
    static void record(CommandSpec command, Trainer<?> trainer) {
        of(command).forEach(trainer::option);
    }

    /**
     * Resumes {@code trainer} from the run in {@code files} (image and table runs alike): restores it (see
     * {@link #resume(CommandSpec, Trainer, Path, Path)}), refuses a run that has already trained {@code epochs},
     * puts the epochs done so far from metrics.csv into {@code history}, and says where it goes on from.
     */
    static void resumeRun(CommandSpec command, Trainer<?> trainer, RunFiles files, int epochs, List<EpochMetrics> history,
                          PrintWriter out) throws IOException {
        resume(command, trainer, files.dir(), files.checkpoint());
        int done = trainer.completedEpochs();
        if (done >= epochs) {
            throw new UsageException("--resume: the run in " + files.dir() + " has trained " + done
                    + " epoch(s); give --epochs more than " + done + " to train it further");
        }
        if (Files.isRegularFile(files.metrics())) {
            history.addAll(MetricsCsv.read(files.metrics()));
            history.removeIf(m -> m.epoch() > done);
        }
        InfoLines.println(out, "Resuming after epoch " + done + " from " + files.checkpoint());
    }

    /**
     * Resumes {@code trainer} from {@code checkpoint}; if the run there was started with other options, a
     * usage error naming each option that differs, with its value then and now.
     */
    static void resume(CommandSpec command, Trainer<?> trainer, Path dir, Path checkpoint) throws IOException {
        try {
            trainer.resumeFrom(checkpoint);
        } catch (IllegalArgumentException e) {
            Map<String, String> then = RunConfiguration.fromMetadata(checkpoint, Checkpoint.read(checkpoint).metadata()).options();
            List<String> differences = new ArrayList<>();
            of(command).forEach((name, now) -> {
                if (then.containsKey(name) && !then.get(name).equals(now)) {
                    differences.add(name + " " + then.get(name) + " then, " + now + " now");
                }
            });
            String what = differences.isEmpty() ? e.getMessage() : "the run in " + dir + " was started with other options: "
                    + String.join("; ", differences);
            throw new UsageException("--resume: " + what + "; resume with the same options, or train into another --output");
        }
    }
}

package dev.lanes.cli;

import dev.lanes.cli.commands.DownloadCommand;
import dev.lanes.cli.commands.EvaluateCommand;
import dev.lanes.cli.commands.ExportCommand;
import dev.lanes.cli.commands.InfoCommand;
import dev.lanes.cli.commands.PredictCommand;
import dev.lanes.cli.commands.QuantizeCommand;
import dev.lanes.cli.commands.TrainCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.Collection;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The {@code lanes} command: train, evaluate and use fully-connected networks on MNIST and Fashion-MNIST.
 * Every failure a user can cause (a bad argument, a missing or corrupt file) ends with one line on standard
 * error and a non-zero exit status, never a stack trace ({@code LANES_STACKTRACE=1} shows one, for bug reports).
 */
@Command(name = "lanes", mixinStandardHelpOptions = true, versionProvider = LanesCli.Version.class,
        description = "Train and evaluate neural networks on MNIST and Fashion-MNIST with the Lanes SIMD kernels.",
        subcommands = {TrainCommand.class, EvaluateCommand.class, PredictCommand.class, ExportCommand.class, QuantizeCommand.class, InfoCommand.class, DownloadCommand.class, CommandLine.HelpCommand.class})
public final class LanesCli {

    /** Exit status of a run that failed (bad data, I/O). */
    public static final int EXIT_FAILURE = 1;
    /** Exit status of a bad command line. */
    public static final int EXIT_USAGE = 2;
    /** Help text is wrapped (between words) to this many columns, so it fits an 80-column terminal. */
    public static final int USAGE_WIDTH = 79;

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line and returns its exit status: the entry point tests call. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        quietLogging();
        CommandLine cli = new CommandLine(new LanesCli());
        cli.setUsageHelpWidth(USAGE_WIDTH);
        cli.setOut(out);
        cli.setErr(err);
        cli.setExitCodeExceptionMapper(e -> e instanceof CommandLine.ParameterException ? EXIT_USAGE : EXIT_FAILURE);
        cli.setParameterExceptionHandler((e, a) -> {
            String command = e.getCommandLine().getCommandName();
            String where = command.equals("lanes") ? "lanes" : "lanes " + command;
            String suggestion = suggestion(e);
            String message = e.getMessage().replace('\n', ' ');
            // picocli's "Unknown subcommand 'x'." (from 'help x') ends in a full stop the suggestion would follow.
            if (!suggestion.isEmpty() && message.endsWith(".")) {
                message = message.substring(0, message.length() - 1);
            }
            err.println(where + ": " + message + suggestion + " (see '" + where + " --help')");
            return EXIT_USAGE;
        });
        cli.setExecutionExceptionHandler((e, c, p) -> {
            if (System.getenv("LANES_STACKTRACE") != null) {
                e.printStackTrace(err);
            }
            err.println("lanes " + c.getCommandName() + ": " + oneLine(e));
            return e instanceof UsageException ? EXIT_USAGE : EXIT_FAILURE;
        });
        try {
            return cli.execute(args);
        } finally {
            out.flush();
            err.flush();
        }
    }

    /**
     * For an unknown command or option, "; did you mean 'X'?" naming the command or option of that command
     * line it is a typo of, if any (see {@link Suggestion}); otherwise nothing.
     */
    private static String suggestion(CommandLine.ParameterException e) {
        String typed;
        if (e instanceof CommandLine.UnmatchedArgumentException unmatched && !unmatched.getUnmatched().isEmpty()) {
            typed = unmatched.getUnmatched().getFirst();
        } else if (e.getArgSpec() == null && e.getValue() != null && e.getMessage().startsWith("Unknown subcommand")) {
            typed = e.getValue(); // 'lanes help trian': picocli's help command names the topic it did not find
        } else {
            return "";
        }
        CommandLine.Model.CommandSpec spec = e.getCommandLine().getCommandSpec();
        Collection<String> known;
        if (typed.startsWith("-")) {
            typed = typed.contains("=") ? typed.substring(0, typed.indexOf('=')) : typed;
            known = spec.optionsMap().keySet();
        } else {
            known = spec.subcommands().keySet();
        }
        return Suggestion.closest(typed, known).map(word -> "; did you mean '" + word + "'?").orElse("");
    }

    /** The message of an exception, without the class name unless it has no message. */
    static String oneLine(Throwable e) {
        if (e instanceof UncheckedIOException && e.getCause() != null) {
            return oneLine(e.getCause());
        }
        if (e instanceof NoSuchFileException missing) {
            return missing.getFile() + ": no such file";
        }
        if (e instanceof AccessDeniedException denied) {
            return denied.getFile() + ": permission denied";
        }
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            message = e.getClass().getSimpleName() + (e.getCause() != null ? ": " + oneLine(e.getCause()) : "");
        }
        return message.replace('\n', ' ');
    }

    /**
     * The kernels log the provider they pick at INFO, for library users; the command prints that on standard
     * output itself ("kernels: ..."), so INFO records are kept off standard error, where they would come
     * before an error's one line. Warnings still show, as one line each (java.util.logging's default is two
     * lines with a time stamp). A logging configuration of the user's own (-Djava.util.logging.config.file)
     * is left alone.
     */
    private static void quietLogging() {
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format", "%4$s: %5$s%6$s%n");
        }
        if (System.getProperty("java.util.logging.config.file") == null && LANES_LOGGER.getLevel() == null) {
            LANES_LOGGER.setLevel(Level.WARNING);
        }
    }

    /** Held here because java.util.logging keeps loggers only weakly: a level set on a dropped one is lost. */
    private static final Logger LANES_LOGGER = Logger.getLogger("dev.lanes");

    /** A command-line value found bad only once the command runs (e.g. a file's shape does not fit). */
    public static final class UsageException extends RuntimeException {
        public UsageException(String message) {
            super(message);
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = LanesCli.class.getPackage().getImplementationVersion();
            return new String[] {"lanes " + (version == null ? "(development build)" : version)
                    + ", Java " + Runtime.version() + " (" + System.getProperty("java.vm.vendor") + ")"};
        }
    }
}

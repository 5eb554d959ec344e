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

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line and returns its exit status: the entry point tests call. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        quietLogging();
        CommandLine cli = new CommandLine(new LanesCli());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExitCodeExceptionMapper(e -> e instanceof CommandLine.ParameterException ? EXIT_USAGE : EXIT_FAILURE);
        cli.setParameterExceptionHandler((e, a) -> {
            String command = e.getCommandLine().getCommandName();
            String where = command.equals("lanes") ? "lanes" : "lanes " + command;
            err.println(where + ": " + e.getMessage() + " (see '" + where + " --help')");
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
     * java.util.logging prints two lines with a time stamp per record by default; the kernels' one start-up
     * line should read as one line.
     */
    private static void quietLogging() {
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format", "%4$s: %5$s%6$s%n");
        }
    }

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

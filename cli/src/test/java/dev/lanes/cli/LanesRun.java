package dev.lanes.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * One run of the real command line, in this JVM: its exit status and all it printed to standard output and error.
 * The command-line tests' runner.
 *
 * @param status the exit status {@link LanesCli#run} returned
 * @param out what went to standard output
 * @param err what went to standard error
 */
public record LanesRun(int status, String out, String err) {

    /**
     * Runs {@code lanes} with these arguments.
     *
     * @param args the command line after {@code lanes}
     * @return its status and output
     */
    public static LanesRun lanes(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = LanesCli.run(args, new PrintWriter(out), new PrintWriter(err));
        return new LanesRun(status, out.toString(), err.toString());
    }
}

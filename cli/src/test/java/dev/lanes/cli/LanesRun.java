package dev.lanes.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One run of the real command line, in this JVM: its exit status and all it printed to standard output and error.
 * The command-line tests' runner, and their reader of the figures it prints.
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

    /**
     * Standard output with the information lines the CLI wraps to 80 columns (continuations indented by two
     * spaces) joined again, for tests that look for a phrase that may span a cut.
     *
     * @return the output, each wrapped line on one line
     */
    public String flatOut() {
        return out.replaceAll("\n  (?=\\S)", " ");
    }

    /**
     * Fails unless every line on standard output fits an 80-column terminal (79 characters, as the help), but for
     * a line holding one word too long for any line, such as a long path, which is printed whole on its own.
     */
    public void assertFits80Columns() {
        for (String line : out.lines().toList()) {
            boolean oneWord = !line.strip().contains(" ");
            assertTrue(line.length() <= 79 || oneWord, () -> line.length() + " columns: " + line + "\nin:\n" + out);
        }
    }

    /**
     * The number a command printed: group 1 of the first match of {@code regex} in {@code text}.
     *
     * @param text what the command printed
     * @param regex a pattern whose group 1 is a decimal number
     * @return that number; the test fails if nothing matches
     */
    public static double number(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertTrue(m.find(), () -> "no match for " + regex + " in:\n" + text);
        return Double.parseDouble(m.group(1));
    }
}

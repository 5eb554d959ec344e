package dev.lanes.cli;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every command's help fits an 80-column terminal: no line longer than {@link LanesCli#USAGE_WIDTH}, and no
 * word (a file name such as {@code model.safetensors}, a path such as {@code ~/.cache/lanes}) broken across
 * two lines, which picocli does after a '.' or '/' when the word falls at the end of a line.
 */
class HelpTextTest {

    /** "lanes --help" and "lanes COMMAND --help" for every command, found from the command line itself. */
    static Stream<List<String>> everyHelp() {
        List<List<String>> helps = new ArrayList<>();
        helps.add(List.of("--help"));
        for (String command : new CommandLine(new LanesCli()).getSubcommands().keySet()) {
            helps.add(command.equals("help") ? List.of("help", "help") : List.of(command, "--help"));
        }
        return helps.stream();
    }

    @ParameterizedTest(name = "lanes {0}")
    @MethodSource("everyHelp")
    void fitsEightyColumnsWithoutBreakingWords(List<String> args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertEquals(0, LanesCli.run(args.toArray(String[]::new), new PrintWriter(out), new PrintWriter(err)), err::toString);
        List<String> lines = out.toString().lines().toList();
        assertTrue(lines.size() > 3, out::toString);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            String following = i + 1 < lines.size() ? lines.get(i + 1) : "";
            assertTrue(line.length() <= LanesCli.USAGE_WIDTH, () -> line.length() + " columns: " + line);
            if (!following.isBlank()) {
                String next = following.stripLeading();
                // "model." + "safetensors", "~/." + "cache": a line that ends inside a word is continued (indented as
                // deep or deeper, unlike the next option or command) by a lower-case letter.
                boolean continued = indent(following) >= indent(line);
                boolean brokenWord = continued && line.matches(".*[\\w~/]\\.$|.*\\S/$") && Character.isLowerCase(next.charAt(0));
                assertFalse(brokenWord, () -> "a word is broken across lines:\n" + line + "\n" + following);
            }
        }
    }

    private static int indent(String line) {
        return line.length() - line.stripLeading().length();
    }
}

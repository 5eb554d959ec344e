package dev.lanes.cli.report;

import dev.lanes.cli.LanesCli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * The CLI's information lines ("Data: ...", "Network: ...", "Wrote ..."), kept inside an 80-column terminal:
 * wrapped between words at {@link LanesCli#USAGE_WIDTH} columns, as the help is, each continuation indented by
 * two spaces. A word is never broken, so a path too long for a line stays whole on a line of its own (where it can
 * still be copied). Only for text a person reads: tables and CSV output are printed as they are.
 */
public final class InfoLines {

    /** The indent of a wrapped line's continuations. */
    static final String INDENT = "  ";

    private InfoLines() {
    }

    /** Prints {@code text} (one line) wrapped to the width. */
    public static void println(PrintWriter out, String text) {
        for (String line : wrap(text, LanesCli.USAGE_WIDTH)) {
            out.println(line);
        }
    }

    /**
     * Prints {@code fields} joined by {@code separator}, cut only between fields when the line would pass the
     * width (an epoch's figures: "lr" is not parted from its value).
     */
    public static void printFields(PrintWriter out, String separator, List<String> fields) {
        StringBuilder line = new StringBuilder();
        for (String field : fields) {
            if (!line.isEmpty() && line.length() + separator.length() + field.length() > LanesCli.USAGE_WIDTH) {
                out.println(line);
                line.setLength(0);
                line.append(INDENT).append(field);
            } else {
                line.append(line.isEmpty() ? "" : separator).append(field);
            }
        }
        out.println(line);
    }

    /**
     * {@code text} cut between words into lines of at most {@code width} characters, continuations indented;
     * a word longer than a line is alone on its line. Runs of spaces inside the text are kept, except where a
     * line is cut.
     */
    static List<String> wrap(String text, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        boolean wordsOnLine = false;
        int i = 0;
        while (i < text.length()) {
            int spaceEnd = i;
            while (spaceEnd < text.length() && text.charAt(spaceEnd) == ' ') {
                spaceEnd++;
            }
            int wordEnd = spaceEnd;
            while (wordEnd < text.length() && text.charAt(wordEnd) != ' ') {
                wordEnd++;
            }
            String spaces = text.substring(i, spaceEnd), word = text.substring(spaceEnd, wordEnd);
            if (wordsOnLine && line.length() + spaces.length() + word.length() > width) {
                lines.add(line.toString());
                line.setLength(0);
                line.append(INDENT).append(word);
            } else {
                line.append(spaces).append(word);
            }
            wordsOnLine = true;
            i = wordEnd;
        }
        lines.add(line.toString());
        return lines;
    }
}

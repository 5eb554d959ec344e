package dev.lanes.cli.report;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class InfoLinesTest {

    @Test
    void wrapsBetweenWordsWithIndentedContinuations() {
        assertEquals(List.of("aaa bbb", "  ccc dd", "  e"), InfoLines.wrap("aaa bbb ccc dd e", 8));
        assertEquals(List.of("short"), InfoLines.wrap("short", 8));
        assertEquals(List.of(""), InfoLines.wrap("", 8));
        // A word longer than a line is never cut: it is alone on its line.
        assertEquals(List.of("Wrote", "  /a/very/long/path,", "  /b"), InfoLines.wrap("Wrote /a/very/long/path, /b", 8));
        assertEquals(List.of("/a/very/long/path"), InfoLines.wrap("/a/very/long/path", 8));
        // Runs of spaces inside a line are kept; at a cut they go.
        assertEquals(List.of("ab  cd", "  ef"), InfoLines.wrap("ab  cd  ef", 7));
        assertEquals(List.of("  ab cd"), InfoLines.wrap("  ab cd", 8));
    }

    @Test
    void printsFieldsCutOnlyBetweenThem() {
        StringWriter text = new StringWriter();
        PrintWriter out = new PrintWriter(text);
        String lr = "lr 0.00100";
        List<String> fields = List.of("epoch 200/200", "loss 0.0123", "train acc 100.00%", "val loss 0.0456",
                "val acc 97.37%", lr, "1.2 ms", "123k samples/s");
        InfoLines.printFields(out, "  ", fields);
        out.flush();
        List<String> lines = text.toString().lines().toList();
        assertEquals(2, lines.size(), text.toString());
        for (String line : lines) {
            assertEquals(true, line.length() <= 79, line);
        }
        assertEquals(String.join("  ", fields), lines.get(0) + "  " + lines.get(1).substring(2));
    }
}

package dev.lanes.nn.io;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's "Files from outside" table names, beside each promise, the tests that keep it: every named test
 * method must exist in the test sources (nn's or cli's), so that a renamed or deleted test cannot leave a
 * promise unbacked. Read from the sources, not by reflection, since cli's tests are not on this class path.
 */
class ReadmePromisesTest {

    private static final Path ROOT = Path.of("..");

    @Test
    void everyTestNamedBesideAPromiseExists() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        int start = readme.indexOf("## Files from outside");
        int end = readme.indexOf("### Fuzzing", start);
        assertTrue(start >= 0 && end > start, "README lacks the section");
        List<String> missing = new ArrayList<>();
        int promises = 0;
        for (String row : readme.substring(start, end).split("\n")) {
            if (!row.startsWith("| ") || row.startsWith("| promise") || row.startsWith("| ---")) {
                continue;
            }
            promises++;
            String tests = row.substring(row.lastIndexOf(" | ") + 3);
            String testClass = null;
            Matcher m = Pattern.compile("`([A-Z]\\w+)?\\.?(\\w+)?[^`]*`").matcher(tests);
            int named = 0;
            while (m.find()) {
                if (m.group(1) != null) {
                    testClass = m.group(1);
                }
                String source = source(testClass);
                if (source == null) {
                    missing.add(testClass + " (no such test class)");
                    continue;
                }
                if (m.group(2) != null && !source.contains("void " + m.group(2) + "(")) {
                    missing.add(testClass + "." + m.group(2));
                }
                named++;
            }
            assertTrue(named > 0, "a promise without a test: " + row);
        }
        assertTrue(promises >= 8, promises + " promises found");
        assertEquals(List.of(), missing);
    }

    private static String source(String testClass) throws IOException {
        for (String module : List.of("nn", "cli")) {
            try (Stream<Path> files = Files.walk(ROOT.resolve(module).resolve("src/test/java"))) {
                Path file = files.filter(f -> f.getFileName().toString().equals(testClass + ".java")).findFirst().orElse(null);
                if (file != null) {
                    return Files.readString(file);
                }
            }
        }
        return null;
    }
}

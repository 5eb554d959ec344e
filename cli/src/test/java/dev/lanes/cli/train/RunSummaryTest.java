package dev.lanes.cli.train;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunSummaryTest {

    @TempDir
    Path dir;

    /** Every scalar field of a flat JSON object, as text (null as null). */
    private static Map<String, String> fields(Path file) throws IOException {
        Map<String, String> fields = new LinkedHashMap<>();
        try (JsonParser p = new JsonFactory().createParser(file.toFile())) {
            assertEquals(JsonToken.START_OBJECT, p.nextToken());
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                fields.put(name, p.nextToken() == JsonToken.VALUE_NULL ? null : p.getText());
            }
            assertEquals(JsonToken.END_OBJECT, p.currentToken());
        }
        return fields;
    }

    @Test
    void quotesAndBackslashesAndControlCharactersSurviveAndMissingFiguresAreNull() throws IOException {
        String awkward = "C:\\runs\\\"quoted\"\tand\nnewline";
        Path file = dir.resolve("summary.json");
        new RunSummary("fashion-mnist", "784-256-10", awkward, "cosine", 128, 20, 42, "vector", "vector (512-bit)", 2,
                "25+36", 50000, 10000, 10000, Double.NaN, 0.31234567, 0.894712345, 12.5, Double.POSITIVE_INFINITY).write(file);
        Map<String, String> fields = fields(file);
        assertEquals(awkward, fields.get("optimizer"));
        assertEquals("128", fields.get("batch_size"));
        assertEquals(null, fields.get("validation_accuracy"));
        assertEquals(null, fields.get("samples_per_second"));
        assertEquals(0.894712, Double.parseDouble(fields.get("test_accuracy")), 0);
        assertEquals(19, fields.size());
        assertTrue(Files.readString(file).contains("\n  \"test_accuracy\": 0.894712,\n"), Files.readString(file));
    }
}

package dev.lanes.cli.train;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** What a training run did and reached, written as {@code summary.json} beside the model. */
public record RunSummary(String dataset, String network, String optimizer, String schedule, int batchSize, int epochs,
                         long seed, String provider, String providerDescription, int threads, String java,
                         int trainImages, int validationImages, int testImages, double validationAccuracy,
                         double testLoss, double testAccuracy, double trainSeconds, double samplesPerSecond) {

    private static final JsonFactory JSON = new JsonFactory();
    /** One field a line, {@code "name": value}, the layout scripts (ci-smoke.sh) read with sed. */
    private static final DefaultPrettyPrinter LAYOUT = new DefaultPrettyPrinter(
            Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER));

    public void write(Path file) throws IOException {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
             JsonGenerator g = JSON.createGenerator(out).setPrettyPrinter(LAYOUT)) {
            g.writeStartObject();
            g.writeStringField("dataset", dataset);
            g.writeStringField("network", network);
            g.writeStringField("optimizer", optimizer);
            g.writeStringField("schedule", schedule);
            g.writeNumberField("batch_size", batchSize);
            g.writeNumberField("epochs", epochs);
            g.writeNumberField("seed", seed);
            g.writeStringField("provider", provider);
            g.writeStringField("provider_description", providerDescription);
            g.writeNumberField("threads", threads);
            g.writeStringField("java", java);
            g.writeNumberField("train_images", trainImages);
            g.writeNumberField("validation_images", validationImages);
            g.writeNumberField("test_images", testImages);
            measured(g, "validation_accuracy", validationAccuracy);
            measured(g, "test_loss", testLoss);
            measured(g, "test_accuracy", testAccuracy);
            measured(g, "train_seconds", trainSeconds);
            measured(g, "samples_per_second", samplesPerSecond);
            g.writeEndObject();
            g.writeRaw('\n');
        }
    }

    /** Six significant digits, as the figures are quoted; null when there is none (JSON has no NaN). */
    private static void measured(JsonGenerator g, String name, double value) throws IOException {
        g.writeFieldName(name);
        if (Double.isFinite(value)) {
            g.writeNumber(String.format(Locale.ROOT, "%.6g", value));
        } else {
            g.writeNull();
        }
    }
}

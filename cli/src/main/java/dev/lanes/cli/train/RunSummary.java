package dev.lanes.cli.train;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** What a training run did and reached, written as {@code summary.json} beside the model. */
public record RunSummary(String dataset, String network, String optimizer, String schedule, int batchSize, int epochs,
                         long seed, String provider, String providerDescription, int threads, String java,
                         int trainImages, int validationImages, int testImages, double validationAccuracy,
                         double testLoss, double testAccuracy, double trainSeconds, double samplesPerSecond) {

    public void write(Path file) throws IOException {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("dataset", dataset);
        fields.put("network", network);
        fields.put("optimizer", optimizer);
        fields.put("schedule", schedule);
        fields.put("batch_size", batchSize);
        fields.put("epochs", epochs);
        fields.put("seed", seed);
        fields.put("provider", provider);
        fields.put("provider_description", providerDescription);
        fields.put("threads", threads);
        fields.put("java", java);
        fields.put("train_images", trainImages);
        fields.put("validation_images", validationImages);
        fields.put("test_images", testImages);
        fields.put("validation_accuracy", validationAccuracy);
        fields.put("test_loss", testLoss);
        fields.put("test_accuracy", testAccuracy);
        fields.put("train_seconds", trainSeconds);
        fields.put("samples_per_second", samplesPerSecond);
        StringBuilder json = new StringBuilder("{\n");
        int i = 0;
        for (Map.Entry<String, Object> e : fields.entrySet()) {
            Object v = e.getValue();
            String value;
            if (v instanceof String s) {
                value = '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
            } else if (v instanceof Double d) {
                value = Double.isFinite(d) ? String.format(Locale.ROOT, "%.6g", d) : "null";
            } else {
                value = String.valueOf(v);
            }
            json.append("  \"").append(e.getKey()).append("\": ").append(value).append(++i < fields.size() ? ",\n" : "\n");
        }
        Files.writeString(file, json.append("}\n"), StandardCharsets.UTF_8);
    }
}

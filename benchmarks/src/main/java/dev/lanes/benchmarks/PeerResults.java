package dev.lanes.benchmarks;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code benchmarks/pytorch/peer.py} measured for one thread budget: each figure's summary and the
 * thread settings (torch intra-op, OpenBLAS) that gave the best median.
 */
public record PeerResults(int threads, String torchVersion, String openblasCore, String date, String method,
                          Map<String, Figure> figures) {

    /** One workload ({@code train/784-256-10/64}, {@code infer/…}, {@code softmax/1024x1024}). */
    public record Figure(Summary summary, String settings) {
    }

    public static PeerResults read(Path file) throws IOException {
        JsonObject o = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
        Map<String, Figure> figures = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> e : o.getAsJsonObject("results").entrySet()) {
            JsonObject r = e.getValue().getAsJsonObject();
            double median = r.get("median").getAsDouble();
            double min = r.get("min").getAsDouble();
            double max = r.get("max").getAsDouble();
            Summary summary = new Summary(median, min, max, r.get("n").getAsInt(), r.get("unit").getAsString());
            figures.put(e.getKey(), new Figure(summary, r.get("config").getAsString()));
        }
        return new PeerResults(o.get("threads").getAsInt(), o.get("torch").getAsString(),
                o.get("openblas_core").getAsString(), o.get("date").getAsString(), o.get("method").getAsString(), figures);
    }

    public Optional<Figure> figure(String key) {
        return Optional.ofNullable(figures.get(key));
    }

    /** Reads {@code pytorch-<threads>.json} for each thread count present in {@code dir}. */
    public static Map<Integer, PeerResults> readAll(Path dir, List<Integer> threadCounts) throws IOException {
        Map<Integer, PeerResults> byThreads = new LinkedHashMap<>();
        for (int t : threadCounts) {
            Path file = dir.resolve("pytorch-" + t + ".json");
            if (Files.exists(file)) {
                byThreads.put(t, read(file));
            }
        }
        return byThreads;
    }
}

package dev.lanes.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

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
        JsonNode o = JmhResults.JSON.readTree(Files.readString(file));
        Map<String, Figure> figures = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : o.required("results").properties()) {
            JsonNode r = e.getValue();
            double median = JmhResults.number(r.required("median"));
            double min = JmhResults.number(r.required("min"));
            double max = JmhResults.number(r.required("max"));
            Summary summary = new Summary(median, min, max, r.required("n").asInt(), r.required("unit").asText());
            figures.put(e.getKey(), new Figure(summary, r.required("config").asText()));
        }
        return new PeerResults(o.required("threads").asInt(), o.required("torch").asText(),
                o.required("openblas_core").asText(), o.required("date").asText(), o.required("method").asText(), figures);
    }

    public Optional<Figure> figure(String key) {
        return Optional.ofNullable(figures.get(key));
    }

    /**
     * The peer's figures for each thread count present in {@code dir}: from {@code pytorch-<threads>.json} (every
     * workload in one run) and from {@code pytorch-<threads>-<workload>.json} (one workload, which
     * {@code run-suite.sh} runs right after its JMH stage), merged; version, date and method are the first file's,
     * in name order.
     */
    public static Map<Integer, PeerResults> readAll(Path dir, List<Integer> threadCounts) throws IOException {
        Map<Integer, PeerResults> byThreads = new LinkedHashMap<>();
        for (int t : threadCounts) {
            List<Path> files;
            try (Stream<Path> all = Files.list(dir)) {
                files = all.filter(p -> p.getFileName().toString().matches("pytorch-" + t + "(-[a-z]+)?\\.json")).sorted().toList();
            }
            PeerResults merged = null;
            for (Path file : files) {
                PeerResults one = read(file);
                if (merged == null) {
                    merged = one;
                } else {
                    Map<String, Figure> figures = new LinkedHashMap<>(merged.figures);
                    figures.putAll(one.figures);
                    merged = new PeerResults(t, merged.torchVersion, merged.openblasCore, merged.date, merged.method, figures);
                }
            }
            if (merged != null) {
                byThreads.put(t, merged);
            }
        }
        return byThreads;
    }
}

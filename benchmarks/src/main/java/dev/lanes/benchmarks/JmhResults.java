package dev.lanes.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/** JMH's JSON results ({@code -rf json}), read back with every iteration of every fork kept. */
public final class JmhResults {

    /** Reads JSON text into trees (shared: an ObjectMapper is thread-safe once configured, and this one needs none). */
    static final ObjectMapper JSON = new ObjectMapper();

    /** One benchmark with one set of parameters. {@code name} is {@code Class.method} without the package. */
    public record Result(String name, Map<String, String> params, Summary primary, Map<String, Summary> secondary,
                         String jdkVersion, String vmVersion, List<String> jvmArgs) {

        public String param(String key) {
            String value = params.get(key);
            if (value == null) {
                throw new IllegalArgumentException(name + " has no parameter " + key + " (has " + params.keySet() + ")");
            }
            return value;
        }

        public Optional<Summary> secondary(String metric) {
            return Optional.ofNullable(secondary.get(metric));
        }
    }

    private final List<Result> results;

    private JmhResults(List<Result> results) {
        this.results = List.copyOf(results);
    }

    /** Every result in these files, in order. */
    public static JmhResults read(List<Path> files) throws IOException {
        return new JmhResults(runs(files).stream().map(run -> parse(List.of(run))).toList());
    }

    /**
     * Every benchmark and parameter set in these files, once: the iterations of one measured in several files
     * (the same benchmark run at the start and at the end of a sitting) pooled into one result.
     */
    public static JmhResults readPooled(List<Path> files) throws IOException {
        Map<String, List<JsonNode>> byBenchmark = new LinkedHashMap<>();
        for (JsonNode run : runs(files)) {
            byBenchmark.computeIfAbsent(run.required("benchmark").asText() + " " + run.path("params"),
                    k -> new ArrayList<>()).add(run);
        }
        return new JmhResults(byBenchmark.values().stream().map(JmhResults::parse).toList());
    }

    /** The JSON objects of every result in these files, one per benchmark and parameter set per file. */
    private static List<JsonNode> runs(List<Path> files) throws IOException {
        List<JsonNode> all = new ArrayList<>();
        for (Path file : files) {
            String text = Files.readString(file);
            if (text.isBlank()) {
                System.err.println("Skipping " + file + ": empty (its JMH stage did not finish)");
                continue;
            }
            JsonNode array = JSON.readTree(text);
            if (!array.isArray()) {
                throw new IOException(file + ": not a JMH result file (expected a JSON array of results)");
            }
            array.forEach(all::add);
        }
        return all;
    }

    /** One result from runs of the same benchmark with the same parameters (usually one), their iterations pooled. */
    private static Result parse(List<JsonNode> runs) {
        JsonNode o = runs.getFirst();
        String full = o.required("benchmark").asText();
        String[] parts = full.split("\\.");
        String name = parts.length >= 2 ? parts[parts.length - 2] + "." + parts[parts.length - 1] : full;
        Map<String, String> params = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> p : o.path("params").properties()) {
            params.put(p.getKey(), p.getValue().asText());
        }
        Map<String, Summary> secondary = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> m : o.path("secondaryMetrics").properties()) {
            secondary.put(m.getKey(), metric(runs.stream().map(run -> run.path("secondaryMetrics").path(m.getKey()))
                    .filter(metric -> !metric.isMissingNode()).toList()));
        }
        List<String> jvmArgs = new ArrayList<>();
        o.path("jvmArgs").forEach(a -> jvmArgs.add(a.asText()));
        return new Result(name, params, metric(runs.stream().map(run -> run.required("primaryMetric")).toList()), secondary,
                o.path("jdkVersion").asText(""), o.path("vmVersion").asText(""), jvmArgs);
    }

    /** All iterations of all forks ({@code rawData} is one array per fork) of one metric in every run. */
    private static Summary metric(List<JsonNode> runs) {
        List<Double> values = new ArrayList<>();
        for (JsonNode m : runs) {
            List<Double> iterations = new ArrayList<>();
            for (JsonNode fork : m.path("rawData")) {
                for (JsonNode v : fork) {
                    iterations.add(number(v));
                }
            }
            if (iterations.isEmpty()) {
                iterations.add(number(m.required("score")));
            }
            values.addAll(iterations);
        }
        return Summary.of(values, runs.getFirst().required("scoreUnit").asText());
    }

    /** A number, or JMH's "NaN" (a string: JSON has no NaN). */
    static double number(JsonNode v) {
        return v.isNumber() ? v.doubleValue() : Double.parseDouble(v.asText());
    }

    public List<Result> all() {
        return results;
    }

    /** Results of benchmark methods whose {@code Class.method} name starts with this prefix. */
    public List<Result> named(String prefix) {
        return select(r -> r.name().startsWith(prefix));
    }

    public List<Result> select(Predicate<Result> filter) {
        return results.stream().filter(filter).toList();
    }

    /** The one result with this name and these parameter values (others may differ), if measured. */
    public Optional<Result> find(String name, Map<String, String> params) {
        return results.stream()
                .filter(r -> r.name().equals(name))
                .filter(r -> params.entrySet().stream().allMatch(p -> p.getValue().equals(r.params().get(p.getKey()))))
                .findFirst();
    }
}

package dev.lanes.benchmarks;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

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
        List<Result> all = new ArrayList<>();
        for (Path file : files) {
            String text = Files.readString(file);
            if (text.isBlank()) {
                System.err.println("Skipping " + file + ": empty (its JMH stage did not finish)");
                continue;
            }
            JsonArray array = JsonParser.parseString(text).getAsJsonArray();
            for (JsonElement e : array) {
                all.add(parse(e.getAsJsonObject()));
            }
        }
        return new JmhResults(all);
    }

    private static Result parse(JsonObject o) {
        String full = o.get("benchmark").getAsString();
        String[] parts = full.split("\\.");
        String name = parts.length >= 2 ? parts[parts.length - 2] + "." + parts[parts.length - 1] : full;
        Map<String, String> params = new LinkedHashMap<>();
        if (o.has("params")) {
            for (Map.Entry<String, JsonElement> p : o.getAsJsonObject("params").entrySet()) {
                params.put(p.getKey(), p.getValue().getAsString());
            }
        }
        Map<String, Summary> secondary = new LinkedHashMap<>();
        if (o.has("secondaryMetrics")) {
            for (Map.Entry<String, JsonElement> m : o.getAsJsonObject("secondaryMetrics").entrySet()) {
                secondary.put(m.getKey(), metric(m.getValue().getAsJsonObject()));
            }
        }
        List<String> jvmArgs = new ArrayList<>();
        if (o.has("jvmArgs")) {
            o.getAsJsonArray("jvmArgs").forEach(a -> jvmArgs.add(a.getAsString()));
        }
        return new Result(name, params, metric(o.getAsJsonObject("primaryMetric")), secondary,
                text(o, "jdkVersion"), text(o, "vmVersion"), jvmArgs);
    }

    private static String text(JsonObject o, String key) {
        return o.has(key) ? o.get(key).getAsString() : "";
    }

    /** All iterations of all forks ({@code rawData} is one array per fork). */
    private static Summary metric(JsonObject m) {
        List<Double> values = new ArrayList<>();
        JsonArray forks = m.getAsJsonArray("rawData");
        if (forks != null) {
            for (JsonElement fork : forks) {
                for (JsonElement v : fork.getAsJsonArray()) {
                    values.add(v.getAsDouble());
                }
            }
        }
        if (values.isEmpty()) {
            values.add(m.get("score").getAsDouble());
        }
        return Summary.of(values, m.get("scoreUnit").getAsString());
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

package dev.lanes.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Writes the GEMM results file from the JSON of {@code GemmBenchmark}, {@code GemmFusedBenchmark} and
 * {@code GemmScalarBenchmark}: GFLOP/s per shape as median [min–max] over every measured iteration of every fork,
 * the ratio of the medians to OpenBLAS measured in the same run, the targets, the bytes allocated per call,
 * and a bar chart.
 *
 * <p>Usage: {@code java -cp … dev.lanes.benchmarks.GemmBenchmarkReport OUT.md CHART.png JMH_LOG jmh.json…}.
 * The OpenBLAS core name is taken from the benchmark's console log (the line it prints from
 * {@code openblas_get_corename}).
 */
public final class GemmBenchmarkReport {
    private static final String GEMM = "GemmBenchmark.gemm", FUSED = "GemmFusedBenchmark.linearRelu",
            SCALAR = "GemmScalarBenchmark.gemm";
    private static final Map<String, Double> TARGETS = Map.of(
            "NN:1024x1024x1024", 1.0, "NN:2048x2048x2048", 1.0,
            "NT:64x256x784", 1.1, "NT:128x256x784", 1.1, "TN:256x784x128", 1.1, "NN:128x784x256", 1.1,
            "NT:128x10x256", 1.3);
    private static final Map<String, String> ROLES = Map.of(
            "NT:64x256x784", "forward x·Wᵀ, batch 64", "NT:128x256x784", "forward x·Wᵀ, batch 128",
            "TN:256x784x128", "weight gradient dyᵀ·x", "NN:128x784x256", "input gradient dy·W",
            "NT:128x10x256", "10-class output layer (N ≤ 16)", "NT:1x256x784", "one sample (M = 1)",
            "NT:64x10x256", "output layer, batch 64 (N ≤ 16)", "NT:1x10x256", "output layer, one sample");

    private GemmBenchmarkReport() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 4) {
            throw new IllegalArgumentException("usage: GemmBenchmarkReport OUT.md CHART.png JMH_LOG jmh.json...");
        }
        Path out = Path.of(args[0]), chart = Path.of(args[1]), log = Path.of(args[2]);
        List<Path> jsons = new ArrayList<>();
        for (int i = 3; i < args.length; i++) {
            jsons.add(Path.of(args[i]));
        }
        JmhResults results = JmhResults.read(jsons);
        Set<String> cores = new LinkedHashSet<>();
        if (Files.exists(log)) {
            for (String line : Files.readAllLines(log)) {
                int at = line.indexOf("OpenBLAS core: ");
                if (at >= 0) {
                    cores.add(line.substring(at + "OpenBLAS core: ".length()).trim());
                }
                if (line.contains("SKIPPED: ")) {
                    cores.add(line.substring(line.indexOf("SKIPPED: ")).trim());
                }
            }
        }

        List<String> shapes = results.named(GEMM).stream().map(r -> r.param("shape")).distinct().toList();
        StringBuilder md = new StringBuilder();
        JmhResults.Result any = results.all().getFirst();
        md.append("# GEMM: Lanes `vector` against OpenBLAS\n\n");
        md.append("- Date: ").append(ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)).append('\n');
        md.append("- Machine: ").append(machine()).append(", ").append(Runtime.getRuntime().availableProcessors())
                .append(" CPUs, shared with other developers' builds (figures are noisy; see the spread)\n");
        md.append("- JDK: ").append(any.jdkVersion()).append(", ").append(any.vmVersion()).append('\n');
        md.append("- OpenBLAS: ").append(cores.isEmpty() ? "(no core line in the log)" : String.join("; ", cores)).append('\n');
        md.append("- Figures: GFLOP/s (2·M·N·K per call), median [min–max] over every measured iteration of every fork; "
                + "ratio = Lanes median / OpenBLAS median, same run.\n\n");

        md.append("## GEMM, float\n\n");
        md.append("| shape (TT:M×N×K) | role | vector 1T | OpenBLAS 1T | ratio 1T | vector 2T | OpenBLAS 2T | ratio 2T | target | scalar 1T | vector B/call |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
        List<Charts.Series> series = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        List<Double> v1 = new ArrayList<>(), o1 = new ArrayList<>(), v2 = new ArrayList<>(), o2 = new ArrayList<>();
        for (String shape : shapes) {
            Optional<Summary> vec1 = gflops(results, GEMM, Map.of("shape", shape, "impl", "vector", "threads", "1"));
            Optional<Summary> ob1 = gflops(results, GEMM, Map.of("shape", shape, "impl", "openblas", "threads", "1"));
            Optional<Summary> vec2 = gflops(results, GEMM, Map.of("shape", shape, "impl", "vector", "threads", "2"));
            Optional<Summary> ob2 = gflops(results, GEMM, Map.of("shape", shape, "impl", "openblas", "threads", "2"));
            Optional<Summary> scalar = gflops(results, SCALAR, Map.of("shape", shape));
            Double r1 = ratio(vec1, ob1), r2 = ratio(vec2, ob2);
            Double goal = TARGETS.get(shape);
            String target = "";
            if (goal != null) {
                boolean both = shape.startsWith("NN:1024") || shape.startsWith("NN:2048");
                boolean met = r1 != null && r1 >= goal && (!both || (r2 != null && r2 >= goal));
                target = "≥ " + times(goal) + (both ? " (1T and 2T)" : "") + ": " + (met ? "met" : "**missed**");
            }
            String alloc = results.find(GEMM, Map.of("shape", shape, "impl", "vector", "threads", "1"))
                    .flatMap(r -> r.secondary("gc.alloc.rate.norm")).map(s -> Summary.number(s.median())).orElse("");
            md.append("| ").append(shape).append(" | ").append(ROLES.getOrDefault(shape, "square")).append(" | ")
                    .append(fmt(vec1)).append(" | ").append(fmt(ob1)).append(" | ").append(ratioText(r1)).append(" | ")
                    .append(fmt(vec2)).append(" | ").append(fmt(ob2)).append(" | ").append(ratioText(r2)).append(" | ")
                    .append(target).append(" | ").append(fmt(scalar)).append(" | ").append(alloc).append(" |\n");
            labels.add(shape);
            v1.add(vec1.map(Summary::median).orElse(0.0));
            o1.add(ob1.map(Summary::median).orElse(0.0));
            v2.add(vec2.map(Summary::median).orElse(0.0));
            o2.add(ob2.map(Summary::median).orElse(0.0));
        }
        series.add(new Charts.Series("Lanes vector, 1 thread", labels, v1));
        series.add(new Charts.Series("OpenBLAS, 1 thread", labels, o1));
        series.add(new Charts.Series("Lanes vector, 2 threads", labels, v2));
        series.add(new Charts.Series("OpenBLAS, 2 threads", labels, o2));
        Charts.bars(chart, "Float GEMM, GFLOP/s (median)", "shape (TT:MxNxK)", "GFLOP/s", series);

        List<String> fusedShapes = results.named(FUSED).stream().map(r -> r.param("shape")).distinct().toList();
        if (!fusedShapes.isEmpty()) {
            md.append("\n## Linear + ReLU forward, y = relu(x·Wᵀ + bias), 1 thread\n\n");
            md.append("GFLOP/s of the GEMM's 2·M·N·K; Lanes fuses bias and ReLU into the GEMM's epilogue, OpenBLAS is "
                    + "sgemm followed by a separate bias + ReLU pass.\n\n");
            md.append("| shape | vector fused | OpenBLAS + pass | ratio |\n|---|---|---|---|\n");
            for (String shape : fusedShapes) {
                Optional<Summary> f = gflops(results, FUSED, Map.of("shape", shape, "impl", "vector-fused"));
                Optional<Summary> o = gflops(results, FUSED, Map.of("shape", shape, "impl", "openblas+pass"));
                md.append("| ").append(shape).append(" | ").append(fmt(f)).append(" | ").append(fmt(o)).append(" | ")
                        .append(ratioText(ratio(f, o))).append(" |\n");
            }
        }
        md.append("\n![GFLOP/s per shape](").append(chart.getFileName()).append(")\n");
        Files.writeString(out, md.toString());
        System.out.println("wrote " + out + " and " + chart);
    }

    private static Optional<Summary> gflops(JmhResults results, String name, Map<String, String> params) {
        return results.find(name, params).flatMap(r -> r.secondary("gflop"))
                .filter(s -> s.median() > 0);                   // 0: OpenBLAS missing, skipped
    }

    private static String machine() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            // not Linux: fall through
        }
        return System.getProperty("os.arch");
    }

    private static Double ratio(Optional<Summary> a, Optional<Summary> b) {
        return a.isPresent() && b.isPresent() ? a.get().median() / b.get().median() : null;
    }

    private static String fmt(Optional<Summary> s) {
        return s.map(Summary::format).orElse("–");
    }

    private static String ratioText(Double r) {
        return r == null ? "–" : times(r);
    }

    private static String times(double r) {
        return String.format(Locale.ROOT, "%.2f×", r);
    }
}

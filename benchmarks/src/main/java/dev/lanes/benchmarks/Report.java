package dev.lanes.benchmarks;

import dev.lanes.benchmarks.JmhResults.Result;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Turns one sitting of {@code benchmarks/run-suite.sh} (a directory holding {@code sitting.properties},
 * JMH's {@code jmh-*.json} and the PyTorch peer's {@code pytorch-<threads>.json}) into {@code results.md}
 * and PNG charts in the same directory: every figure as median [min–max], beside its peer, with the ratio.
 * GEMM figures are also given as a fraction of the sitting's own FMA ceiling ({@code jmh-ceiling.json} and
 * {@code jmh-ceiling-end.json}, when the sitting has them).
 *
 * <p>Usage: {@code java -cp … dev.lanes.benchmarks.Report benchmarks/results/<sitting>}
 */
public final class Report {

    private static final List<String> KERNELS = List.of("addBias", "reluForward", "reluBackward", "softmax",
            "logSoftmax", "softmaxCrossEntropy", "axpy");
    private static final List<String> NETS = List.of("784-256-10", "784-100-200-10");

    /** The FMA ceiling's stages, the sitting's first and last ({@code run-suite.sh}'s "ceiling"), by file. */
    private static final String CEILING_START = "jmh-ceiling.json", CEILING_END = "jmh-ceiling-end.json";
    private static final String FMA_PEAK = "GemmLimitsBenchmark.fmaPeak";

    /** An ActivationsBenchmark method and the name peer.py gives the same pass in its keys. */
    private record Pass(String method, String peerName) {
    }

    private static final List<Pass> ACTIVATION_PASSES = List.of(new Pass("forward", "forward"),
            new Pass("forwardAndBackward", "forward+backward"));
    /** ActivationsBenchmark's one input shape, as peer.py names it. */
    private static final String ACTIVATION_SHAPE = "1024x1024";
    /** ActivationsBenchmark's plain copy: the memory ceiling of an element-wise pass, so it has no target. */
    private static final String COPY_ACTIVATION = "copy";

    /**
     * The FMA ceiling of one core in GFLOP/s ({@code GemmLimitsBenchmark.fmaPeak}'s {@code gflop} counter, one
     * thread), measured as the sitting's first stage and as its last, and both pooled. Hosts run this VM at rates
     * far apart, so a GEMM's GFLOP/s means little without the ceiling of the same sitting beside it. Each part is
     * empty when its stage was not run (sittings before the ceiling stage existed) or did not finish.
     */
    private record Ceiling(Optional<Summary> start, Optional<Summary> end, Optional<Summary> pooled) {

        static Ceiling read(Path dir) throws IOException {
            return new Ceiling(gflops(dir, CEILING_START), gflops(dir, CEILING_END), gflops(dir, CEILING_START, CEILING_END));
        }

        /** fmaPeak's GFLOP/s over every iteration in those of these files that exist. */
        private static Optional<Summary> gflops(Path dir, String... files) throws IOException {
            List<Path> present = Stream.of(files).map(dir::resolve).filter(Files::exists).toList();
            return JmhResults.readPooled(present).find(FMA_PEAK, Map.of()).flatMap(r -> r.secondary("gflop"));
        }
    }

    private final Path dir;
    private final Properties sitting;
    private final JmhResults jmh;
    private final Map<Integer, PeerResults> torch;
    private final Ceiling ceiling;
    private final StringBuilder md = new StringBuilder();

    private Report(Path dir, Properties sitting, JmhResults jmh, Map<Integer, PeerResults> torch, Ceiling ceiling) {
        this.dir = dir;
        this.sitting = sitting;
        this.jmh = jmh;
        this.torch = torch;
        this.ceiling = ceiling;
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: Report <sitting directory>");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        Properties sitting = new Properties();
        Path props = dir.resolve("sitting.properties");
        if (Files.exists(props)) {
            try (Reader r = Files.newBufferedReader(props)) {
                sitting.load(r);
            }
        }
        // The ceiling is read apart (Ceiling.read): it is the yardstick of the GEMM figures, not one of them.
        Set<String> ceilingFiles = Set.of(CEILING_START, CEILING_END);
        List<Path> jsons;
        try (Stream<Path> files = Files.list(dir)) {
            jsons = files.filter(p -> p.getFileName().toString().matches("jmh-.*\\.json"))
                    .filter(p -> !ceilingFiles.contains(p.getFileName().toString())).sorted().toList();
        }
        Report report = new Report(dir, sitting, JmhResults.read(jsons), PeerResults.readAll(dir, List.of(1, 2)),
                Ceiling.read(dir));
        report.write();
        System.out.println("Wrote " + dir.resolve("results.md"));
    }

    private void write() throws IOException {
        header();
        fmaCeiling();
        memoryBound();
        softmaxVsTorch();
        activationsVsTorch();
        training();
        inference();
        allocation();
        others();
        gemmChart();
        Files.writeString(dir.resolve("results.md"), md.toString());
    }

    // ---------------------------------------------------------------------------------------------

    private void header() {
        line("# Lanes benchmark results — " + sitting.getProperty("date", "(date not recorded)"));
        line();
        line("One sitting of `benchmarks/run-suite.sh`: the JMH suite and the PyTorch peer back to back on one machine.");
        line("Every figure is the median of all measured iterations of all forks (PyTorch: of all timed runs), with");
        line("the minimum and maximum in brackets. The machine is shared (2 cores, other developers building");
        line("alongside): spreads are wide, and a figure one relies on is repeated in another sitting.");
        line();
        line("| | |");
        line("| --- | --- |");
        row("machine", sitting.getProperty("machine", "?") + ", " + sitting.getProperty("cpus", "?") + " CPUs");
        row("OS", sitting.getProperty("os", "?"));
        row("JDK", sitting.getProperty("jdk", firstJdk()));
        row("JMH forks' JVM options", jmh.all().isEmpty() ? "?" : "`" + String.join(" ", jmh.all().getFirst().jvmArgs()) + "`");
        row("Lanes commit", "`" + sitting.getProperty("commit", "?") + "`");
        PeerResults any = torch.values().stream().findFirst().orElse(null);
        if (any != null) {
            row("PyTorch", any.torchVersion() + " (Debian python3-torch), OpenBLAS core `" + any.openblasCore()
                    + "` (OPENBLAS_CORETYPE unset); " + any.method());
        }
        for (String key : sitting.stringPropertyNames().stream().filter(k -> k.startsWith("load.")).sorted().toList()) {
            row("machine load, stage " + key.substring(5), sitting.getProperty(key));
        }
        row("JMH command", "`" + sitting.getProperty("jmh.command", "?") + "`");
        row("PyTorch command", "`" + sitting.getProperty("torch.command", "?") + "`");
        line();
    }

    private String firstJdk() {
        return jmh.all().isEmpty() ? "?" : jmh.all().getFirst().jdkVersion() + " " + jmh.all().getFirst().vmVersion();
    }

    private void fmaCeiling() {
        if (ceiling.pooled().isEmpty()) {
            return;
        }
        line("## FMA ceiling of this sitting (GFLOP/s per core)");
        line();
        line("`" + FMA_PEAK + "`: 24 independent chains of vector FMAs on registers, one thread — the most one core");
        line("computes — measured as the sitting's first stage and again as its last. The hosts this machine lands on");
        line("run it at different rates, so GEMM figures are read against this sitting's own ceiling (\"% of ceiling\"");
        line("below); a start and an end far apart mean the host's rate changed during the sitting.");
        line();
        line("| measured | GFLOP/s per core |");
        line("| --- | --- |");
        row("at the start", fmt(ceiling.start()));
        row("at the end", fmt(ceiling.end()));
        row("start and end pooled (the ceiling of \"% of ceiling\")", fmt(ceiling.pooled()));
        line();
    }

    private void memoryBound() throws IOException {
        List<Result> results = jmh.named("MemoryBoundBenchmark.");
        if (results.isEmpty()) {
            return;
        }
        line("## Memory-bound kernels (1 thread, GB/s)");
        line();
        line("Bytes each call must move (inputs read once, outputs written once) per second, beside");
        line("`System.arraycopy` of one array of the same size into another, measured in the same fork of the same run");
        line("(the bandwidth ceiling). L2: 64×1024 floats per array (256 KiB); DRAM: 16384×1024 (64 MiB).");
        line("Target: vector ≥ 0.8 of the copy for DRAM-sized inputs.");
        line();
        line("| kernel | size | vector GB/s | scalar GB/s | copy GB/s | vector ÷ copy | scalar ÷ copy | vector ÷ scalar | target |");
        line("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        List<Charts.Series> chart = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        List<Double> vectorRatios = new ArrayList<>();
        List<Double> scalarRatios = new ArrayList<>();
        for (String size : List.of("L2", "DRAM")) {
            for (String kernel : KERNELS) {
                Optional<Summary> vector = gigabytes(kernel, "vector", size);
                Optional<Summary> scalar = gigabytes(kernel, "scalar", size);
                Optional<Summary> copy = gigabytes("copy", "vector", size).or(() -> gigabytes("copy", "scalar", size));
                Optional<Summary> scalarCopy = gigabytes("copy", "scalar", size).or(() -> copy);
                if (vector.isEmpty() && scalar.isEmpty()) {
                    continue;
                }
                Double vr = ratio(vector, copy);
                Double sr = ratio(scalar, scalarCopy);
                String target = size.equals("DRAM") && vr != null ? (vr >= 0.8 ? "≥ 0.8: met" : "≥ 0.8: **missed** by " + pct(0.8 - vr) + " of copy") : "";
                line("| " + kernel + " | " + size + " | " + fmt(vector) + " | " + fmt(scalar) + " | " + fmt(copy) + " | "
                        + ratioText(vr) + " | " + ratioText(sr) + " | " + ratioText(ratio(vector, scalar)) + " | " + target + " |");
                if (size.equals("DRAM")) {
                    labels.add(kernel);
                    vectorRatios.add(vr == null ? 0 : vr);
                    scalarRatios.add(sr == null ? 0 : sr);
                }
            }
        }
        line();
        if (!labels.isEmpty()) {
            chart.add(new Charts.Series("vector", labels, vectorRatios));
            chart.add(new Charts.Series("scalar", labels, scalarRatios));
            Charts.bars(dir.resolve("memory-bound-dram.png"), "Memory-bound kernels, DRAM-sized inputs, 1 thread",
                    "kernel", "fraction of System.arraycopy bandwidth", chart);
            line("![memory-bound kernels](memory-bound-dram.png)");
            line();
        }
    }

    private Optional<Summary> gigabytes(String method, String provider, String size) {
        return jmh.find("MemoryBoundBenchmark." + method, Map.of("provider", provider, "size", size))
                .flatMap(r -> r.secondary("gigabytes"));
    }

    private void softmaxVsTorch() {
        List<Result> results = jmh.named("SoftmaxBenchmark.");
        if (results.isEmpty()) {
            return;
        }
        line("## Softmax against PyTorch (1 thread, µs per call)");
        line();
        line("`Kernels.softmax` against `torch.softmax(x, dim=1)` on the same shape. Target: PyTorch's time ≥ 4× Lanes' at 1024×1024.");
        line();
        line("| shape | Lanes vector µs | Lanes scalar µs | PyTorch µs | PyTorch ÷ Lanes vector | target |");
        line("| --- | --- | --- | --- | --- | --- |");
        for (String shape : List.of("1024x1024", "1024x10")) {
            Optional<Summary> vector = jmh.find("SoftmaxBenchmark.softmax", Map.of("shape", shape, "provider", "vector")).map(Result::primary);
            Optional<Summary> scalar = jmh.find("SoftmaxBenchmark.softmax", Map.of("shape", shape, "provider", "scalar")).map(Result::primary);
            Optional<Summary> peer = torchFigure(1, "softmax/" + shape).map(PeerResults.Figure::summary);
            Double speedup = ratio(peer, vector);
            String target = shape.equals("1024x1024") ? speedupTarget("4×", 4, speedup) : "";
            line("| " + shape.replace("x", "×") + " | " + fmt(vector) + " | " + fmt(scalar) + " | " + fmt(peer) + " | " + times(speedup) + " | " + target + " |");
        }
        line();
    }

    private void activationsVsTorch() {
        List<Result> results = jmh.named("ActivationsBenchmark.");
        if (results.isEmpty()) {
            return;
        }
        line("## Activations against PyTorch (1 thread, " + ACTIVATION_SHAPE.replace("x", "×") + " floats, µs per call)");
        line();
        line("`Kernels.<activation>` against `torch.nn.functional`'s (`benchmarks/pytorch/peer.py`), forward alone and");
        line("forward then backward (through autograd for PyTorch, which needs the forward's graph). `copy` is no");
        line("activation but the memory ceiling of one: `System.arraycopy` against `x.clone()`.");
        line("Target: PyTorch's time ≥ 1.5× Lanes' for every activation, both passes.");
        line();
        line("| activation | pass | Lanes vector µs | PyTorch µs | PyTorch ÷ Lanes vector | target |");
        line("| --- | --- | --- | --- | --- | --- |");
        List<String> activations = results.stream().map(r -> r.param("activation")).distinct().toList();
        for (Pass pass : ACTIVATION_PASSES) {
            for (String activation : activations) {
                Optional<Summary> lanes = jmh.find("ActivationsBenchmark." + pass.method(),
                        Map.of("activation", activation, "provider", "vector")).map(Result::primary);
                Optional<Summary> peer = torchFigure(1, "activation/" + activation + "/" + pass.peerName() + "/" + ACTIVATION_SHAPE)
                        .map(PeerResults.Figure::summary);
                if (lanes.isEmpty() && peer.isEmpty()) {
                    continue;
                }
                Double speedup = ratio(peer, lanes);
                String target = !activation.equals(COPY_ACTIVATION) ? speedupTarget("1.5×", 1.5, speedup) : "";
                line("| " + activation + " | " + pass.peerName() + " | " + fmt(lanes) + " | " + fmt(peer) + " | " + times(speedup) + " | " + target + " |");
            }
        }
        line();
    }

    private void training() throws IOException {
        List<Result> results = jmh.named("TrainingStepBenchmark.");
        if (results.isEmpty()) {
            return;
        }
        line("## Training step (samples/s)");
        line();
        line("Zero the gradients, forward, softmax cross-entropy, backward, SGD update (lr 0.01), float32, through the");
        line("`nn` API (`Nets.mlp`, `SoftmaxCrossEntropy`, `Sgd`) on the `vector` provider, against the same step in");
        line("PyTorch. Threads: the number each Lanes kernel call may use; for PyTorch, the best of the torch and");
        line("OpenBLAS thread settings within that many cores (named in the table).");
        line("Targets (784-256-10, batch 64): ≥ 2× PyTorch on 1 thread and on 2.");
        line();
        line("| net | batch | threads | Lanes samples/s | PyTorch samples/s | PyTorch settings | Lanes ÷ PyTorch | target |");
        line("| --- | --- | --- | --- | --- | --- | --- | --- |");
        for (String net : NETS) {
            for (int threads : List.of(1, 2)) {
                List<Number> batches = new ArrayList<>();
                for (int batch : List.of(32, 64, 128, 256)) {
                    Optional<Summary> lanes = samples("TrainingStepBenchmark.step", net, batch, threads);
                    Optional<PeerResults.Figure> peer = torchFigure(threads, "train/" + net + "/" + batch);
                    if (lanes.isEmpty() && peer.isEmpty()) {
                        continue;
                    }
                    batches.add(batch);
                    Double r = ratio(lanes, peer.map(PeerResults.Figure::summary));
                    String target = net.equals("784-256-10") && batch == 64 ? speedupTarget("2×", 2, r) : "";
                    line("| " + net + " | " + batch + " | " + threads + " | " + fmt(lanes) + " | " + fmt(peer.map(PeerResults.Figure::summary))
                            + " | " + peer.map(PeerResults.Figure::settings).orElse("") + " | " + times(r) + " | " + target + " |");
                }
            }
            trainingChart(net);
        }
        line();
        for (String net : NETS) {
            if (Files.exists(dir.resolve(chartName(net)))) {
                line("![training " + net + "](" + chartName(net) + ")");
                line();
            }
        }
    }

    private static String chartName(String net) {
        return "training-" + net + ".png";
    }

    private void trainingChart(String net) throws IOException {
        List<Charts.Series> series = new ArrayList<>();
        for (int threads : List.of(1, 2)) {
            List<Integer> xs = new ArrayList<>();
            List<Double> lanesYs = new ArrayList<>();
            List<Integer> torchXs = new ArrayList<>();
            List<Double> torchYs = new ArrayList<>();
            for (int batch : List.of(32, 64, 128, 256)) {
                samples("TrainingStepBenchmark.step", net, batch, threads).ifPresent(s -> {
                    xs.add(batch);
                    lanesYs.add(s.median());
                });
                torchFigure(threads, "train/" + net + "/" + batch).ifPresent(f -> {
                    torchXs.add(batch);
                    torchYs.add(f.summary().median());
                });
            }
            if (!xs.isEmpty()) {
                series.add(new Charts.Series("Lanes, " + threads + " thread(s)", xs, lanesYs));
            }
            if (!torchXs.isEmpty()) {
                series.add(new Charts.Series("PyTorch, " + threads + " core(s)", torchXs, torchYs));
            }
        }
        if (!series.isEmpty()) {
            Charts.lines(dir.resolve(chartName(net)), "Training step " + net + " (SGD, float32)", "batch size",
                    "samples/s", false, series);
        }
    }

    private void inference() {
        List<Result> results = jmh.named("InferenceBenchmark.");
        if (results.isEmpty()) {
            return;
        }
        line("## Inference (samples/s)");
        line();
        line("A forward pass to the logits in evaluation mode, against `model(x)` under `torch.inference_mode()`.");
        line("Targets (1 thread): batch 1024 ≥ 1.15× PyTorch; batch 1 ≥ 3×.");
        line();
        line("| net | batch | threads | Lanes samples/s | PyTorch samples/s | PyTorch settings | Lanes ÷ PyTorch | target |");
        line("| --- | --- | --- | --- | --- | --- | --- | --- |");
        for (String net : NETS) {
            for (int threads : List.of(1, 2)) {
                for (int batch : List.of(1, 1024)) {
                    Optional<Summary> lanes = samples("InferenceBenchmark.forward", net, batch, threads);
                    Optional<PeerResults.Figure> peer = torchFigure(threads, "infer/" + net + "/" + batch);
                    if (lanes.isEmpty() && peer.isEmpty()) {
                        continue;
                    }
                    Double r = ratio(lanes, peer.map(PeerResults.Figure::summary));
                    double goal = batch == 1 ? 3 : 1.15;
                    String target = threads == 1 ? speedupTarget(times(goal), goal, r) : "";
                    line("| " + net + " | " + batch + " | " + threads + " | " + fmt(lanes) + " | " + fmt(peer.map(PeerResults.Figure::summary))
                            + " | " + peer.map(PeerResults.Figure::settings).orElse("") + " | " + times(r) + " | " + target + " |");
                }
            }
        }
        line();
    }

    private Optional<Summary> samples(String name, String net, int batch, int threads) {
        return jmh.find(name, Map.of("net", net, "batch", Integer.toString(batch), "threads", Integer.toString(threads)))
                .flatMap(r -> r.secondary("samples"));
    }

    private Optional<PeerResults.Figure> torchFigure(int threads, String key) {
        return Optional.ofNullable(torch.get(threads)).flatMap(p -> p.figure(key));
    }

    private void allocation() {
        List<Result> results = jmh.select(r -> r.secondary().containsKey("gc.alloc.rate.norm")
                && (r.name().startsWith("TrainingStep") || isGemm(r)));
        if (results.isEmpty()) {
            return;
        }
        line("## Allocation per operation (`-prof gc`)");
        line();
        line("`gc.alloc.rate.norm`: bytes allocated per benchmark call, in steady state.");
        line();
        line("| benchmark | parameters | bytes per call |");
        line("| --- | --- | --- |");
        for (Result r : results) {
            line("| " + r.name() + " | " + params(r) + " | " + r.secondary("gc.alloc.rate.norm").map(Summary::format).orElse("") + " |");
        }
        line();
    }

    /** Everything not covered above (GEMM, for one), generically: primary score and non-GC secondary metrics. */
    private void others() {
        List<Result> results = jmh.select(r -> Stream.of("MemoryBoundBenchmark.", "SoftmaxBenchmark.", "ActivationsBenchmark.",
                        "TrainingStepBenchmark.", "InferenceBenchmark.")
                .noneMatch(r.name()::startsWith));
        if (results.isEmpty()) {
            return;
        }
        line("## Other benchmarks");
        line();
        Set<String> names = new LinkedHashSet<>();
        results.forEach(r -> names.add(r.name()));
        for (String name : names) {
            List<Result> group = results.stream().filter(r -> r.name().equals(name)).toList();
            Set<String> metrics = new LinkedHashSet<>();
            group.forEach(r -> r.secondary().keySet().stream().filter(k -> !k.startsWith("gc.") && !k.startsWith("·")).forEach(metrics::add));
            boolean againstCeiling = ceiling.pooled().isPresent() && group.stream().anyMatch(r -> isGemm(r) && gflopMetric(r).isPresent());
            line("### " + name);
            line();
            if (againstCeiling) {
                String perCore = Summary.number(ceiling.pooled().get().median()) + " GFLOP/s";
                line("% of ceiling: the median GFLOP/s ÷ (" + perCore + " × the threads), " + perCore
                        + " being this sitting's FMA ceiling per core (median of its start and end iterations pooled).");
                line();
            }
            StringBuilder head = new StringBuilder("| parameters | " + group.getFirst().primary().unit());
            StringBuilder rule = new StringBuilder("| --- | ---");
            for (String m : metrics) {
                head.append(" | ").append(m);
                rule.append(" | ---");
            }
            if (againstCeiling) {
                head.append(" | % of ceiling");
                rule.append(" | ---");
            }
            line(head + " |");
            line(rule + " |");
            for (Result r : group) {
                StringBuilder row = new StringBuilder("| " + params(r) + " | " + r.primary().format());
                for (String m : metrics) {
                    row.append(" | ").append(r.secondary(m).map(Summary::format).orElse(""));
                }
                if (againstCeiling) {
                    row.append(" | ").append(fractionOfCeiling(r).map(Report::pct).orElse(""));
                }
                line(row + " |");
            }
            line();
        }
    }

    /**
     * The fraction of the sitting's FMA ceiling a GEMM result reaches: its median GFLOP/s over the pooled ceiling
     * of one core times the cores it may use (its {@code threads} parameter; 1 without one, as the fused and
     * scalar GEMM benchmarks run).
     */
    private Optional<Double> fractionOfCeiling(Result r) {
        int threads = Integer.parseInt(r.params().getOrDefault("threads", "1"));
        return gflopMetric(r).flatMap(r::secondary).flatMap(gflops -> ceiling.pooled()
                .map(perCore -> gflops.median() / (perCore.median() * threads)));
    }

    private static boolean isGemm(Result r) {
        return r.name().toLowerCase(Locale.ROOT).contains("gemm");
    }

    /** The name of a result's GFLOP/s counter (an {@code @AuxCounters} field named gflop or gflops), if it has one. */
    private static Optional<String> gflopMetric(Result r) {
        return r.secondary().keySet().stream().filter(k -> k.toLowerCase(Locale.ROOT).contains("gflop")).findFirst();
    }

    /**
     * GFLOP/s per GEMM shape, one bar per implementation: from benchmarks whose class name contains "Gemm" and
     * that report a secondary metric whose name contains "gflop" (an {@code @AuxCounters} operations counter of
     * 2·m·n·k / 10⁹ per call, which JMH turns into GFLOP/s). Categories are the {@code shape} parameter (or all
     * parameters but the series one); series are the {@code impl}, {@code provider}, {@code peer} or
     * {@code library} parameter, and {@code threads} when it varies.
     */
    private void gemmChart() throws IOException {
        List<Result> gemm = jmh.select(r -> isGemm(r) && gflopMetric(r).isPresent());
        if (gemm.isEmpty()) {
            return;
        }
        String seriesKey = Stream.of("impl", "provider", "peer", "library")
                .filter(k -> gemm.getFirst().params().containsKey(k)).findFirst().orElse(null);
        boolean byThreads = gemm.stream().map(r -> r.params().get("threads")).distinct().count() > 1;
        Map<String, Map<String, Double>> bySeries = new LinkedHashMap<>();
        Set<String> categories = new LinkedHashSet<>();
        for (Result r : gemm) {
            String series = r.name().substring(r.name().indexOf('.') + 1)
                    + (seriesKey == null ? "" : " " + r.params().get(seriesKey))
                    + (byThreads ? ", " + r.params().get("threads") + " thread(s)" : "");
            Map<String, String> rest = new LinkedHashMap<>(r.params());
            rest.remove(seriesKey);
            rest.remove("threads");
            String category = rest.containsKey("shape") ? rest.get("shape") : String.join(",", rest.values());
            String metric = gflopMetric(r).orElseThrow();
            categories.add(category);
            bySeries.computeIfAbsent(series, s -> new LinkedHashMap<>()).put(category, r.secondary(metric).orElseThrow().median());
        }
        List<Charts.Series> series = new ArrayList<>();
        List<String> xs = new ArrayList<>(categories);
        bySeries.forEach((name, values) -> series.add(new Charts.Series(name, xs, xs.stream().map(c -> values.getOrDefault(c, 0.0)).toList())));
        Charts.bars(dir.resolve("gemm-gflops.png"), "GEMM, GFLOP/s per shape (median)", "shape", "GFLOP/s", series);
        line("![GEMM GFLOP/s per shape](gemm-gflops.png)");
        line();
    }

    private static String params(Result r) {
        Map<String, String> p = new LinkedHashMap<>(r.params());
        List<String> parts = new ArrayList<>();
        p.forEach((k, v) -> parts.add(k + "=" + v));
        return String.join(", ", parts);
    }

    // ---------------------------------------------------------------------------------------------

    private static Double ratio(Optional<Summary> a, Optional<Summary> b) {
        return a.isPresent() && b.isPresent() && b.get().median() != 0 ? a.get().median() / b.get().median() : null;
    }

    private static String fmt(Optional<Summary> s) {
        return s.map(Summary::format).orElse("–");
    }

    private static String ratioText(Double r) {
        return r == null ? "–" : String.format(Locale.ROOT, "%.2f", r);
    }

    private static String times(Double r) {
        return r == null ? "–" : String.format(Locale.ROOT, "%.2f×", r);
    }

    /** A speed-up target's cell: "≥ 4×: met", or "≥ 4×: **missed** (2.95×)"; empty without a measured ratio. */
    private static String speedupTarget(String goalText, double goal, Double ratio) {
        if (ratio == null) {
            return "";
        }
        return "≥ " + goalText + ": " + (ratio >= goal ? "met" : "**missed** (" + times(ratio) + ")");
    }

    private static String pct(double fraction) {
        return String.format(Locale.ROOT, "%.0f%%", 100 * fraction);
    }

    private void row(String key, String value) {
        line("| " + key + " | " + value + " |");
    }

    private void line(String s) {
        md.append(s).append('\n');
    }

    private void line() {
        md.append('\n');
    }
}

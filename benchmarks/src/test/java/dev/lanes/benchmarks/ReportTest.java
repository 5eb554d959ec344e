package dev.lanes.benchmarks;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReportTest {

    @TempDir
    Path dir;

    /** A JMH JSON result with the given iterations (one array per fork) and one secondary metric, or none if null. */
    private static String result(String benchmark, String params, String unit, String primary, String secondaryName, String secondary) {
        String secondaryMetrics = secondaryName == null ? ""
                : "\"%s\":{\"score\":1,\"scoreError\":0,\"scoreUnit\":\"ops/s\",\"rawData\":%s}".formatted(secondaryName, secondary);
        return """
                {"jmhVersion":"1.37","benchmark":"dev.lanes.benchmarks.%s","mode":"thrpt","threads":1,"forks":2,
                 "jvm":"java","jvmArgs":["--add-modules","jdk.incubator.vector"],"jdkVersion":"25","vmName":"VM","vmVersion":"25",
                 "params":{%s},
                 "primaryMetric":{"score":1,"scoreError":0,"scoreUnit":"%s","rawData":%s},
                 "secondaryMetrics":{%s}}
                """.formatted(benchmark, params, unit, primary, secondaryMetrics);
    }

    private static String fmaPeak(String gflopIterations) {
        return "[" + result("GemmLimitsBenchmark.fmaPeak", "\"shape\":\"NT:128x256x784\"", "ops/s", "[[1]]", "gflop", gflopIterations) + "]";
    }

    /** peer.py's output for one thread: these {@code "key":[median, min, max]} figures in microseconds. */
    private static String torchMicroseconds(String... keysAndFigures) {
        StringBuilder results = new StringBuilder();
        for (int i = 0; i < keysAndFigures.length; i += 2) {
            String[] figure = keysAndFigures[i + 1].split(",");
            results.append(results.isEmpty() ? "" : ",").append("""
                    "%s":{"median":%s,"min":%s,"max":%s,"n":7,"unit":"us","config":"torch 1, OpenBLAS 1"}"""
                    .formatted(keysAndFigures[i], figure[0], figure[1], figure[2]));
        }
        return """
                {"threads":1,"torch":"1.13","openblas_core":"Cooperlake","python":"3.11","date":"d","method":"m",
                 "results":{%s}}
                """.formatted(results);
    }

    @Test
    void reportsMediansRatiosToPeersAndCharts() throws Exception {
        String memory = "\"provider\":\"vector\",\"size\":\"DRAM\"";
        String training = "\"net\":\"784-256-10\",\"batch\":\"64\",\"threads\":\"1\",\"provider\":\"vector\"";
        String json = "[" + String.join(",",
                result("MemoryBoundBenchmark.copy", memory, "ops/s", "[[1,1],[1,1]]", "gigabytes", "[[20,30],[10,40]]"),
                result("MemoryBoundBenchmark.reluForward", memory, "ops/s", "[[1,1],[1,1]]", "gigabytes", "[[18],[18]]"),
                result("TrainingStepBenchmark.step", training, "ops/s", "[[1],[1]]", "samples", "[[300000,100000],[200000,250000]]"),
                result("GemmBenchmark.gemm", "\"shape\":\"64x256x784\",\"provider\":\"vector\"", "ops/s", "[[1]]", "gflops", "[[150]]")) + "]";
        Files.writeString(dir.resolve("jmh-all.json"), json);
        Files.writeString(dir.resolve("pytorch-1.json"), """
                {"threads":1,"torch":"1.13","openblas_core":"Cooperlake","python":"3.11","date":"d","method":"m",
                 "results":{"train/784-256-10/64":{"median":100000,"min":90000,"max":110000,"n":7,"unit":"samples/s",
                                                   "config":"torch 1, OpenBLAS 1"}}}
                """);
        Files.writeString(dir.resolve("sitting.properties"), "date=2026-11-23\nmachine=Test CPU\n");

        Report.main(new String[] {dir.toString()});

        String md = Files.readString(dir.resolve("results.md"));
        // copy: median of 10, 20, 30, 40 is 25; ReLU 18 → 0.72 of copy, under the 0.8 target by 8%.
        assertTrue(md.contains("| reluForward | DRAM | 18.0 [18.0–18.0] | – | 25.0 [10.0–40.0] | 0.72 |"), md);
        assertTrue(md.contains("missed** by 8% of copy"), md);
        // training: median of 100k, 200k, 250k, 300k is 225k; PyTorch 100k → 2.25×, target met.
        assertTrue(md.contains("| 784-256-10 | 64 | 1 | 225,000 [100,000–300,000] | 100,000 [90,000–110,000] | torch 1, OpenBLAS 1 | 2.25× | ≥ 2×: met |"), md);
        assertTrue(md.contains("Test CPU"), md);
        for (String png : new String[] {"memory-bound-dram.png", "training-784-256-10.png", "gemm-gflops.png"}) {
            assertTrue(Files.size(dir.resolve(png)) > 1000, png);
        }
        assertEquals(1, md.lines().filter(l -> l.startsWith("## Training step")).count());
        // A sitting from before the ceiling stage: no ceiling, and no column that would need one.
        assertFalse(md.contains("FMA ceiling"), md);
        assertFalse(md.contains("% of ceiling"), md);
        assertFalse(md.contains("## Activations"), md);
    }

    @Test
    void reportsTheFmaCeilingAtStartAndEndAndGemmAsAFractionOfIt() throws Exception {
        Files.writeString(dir.resolve("jmh-ceiling.json"), fmaPeak("[[200,210],[190,220]]"));
        Files.writeString(dir.resolve("jmh-ceiling-end.json"), fmaPeak("[[150],[160]]"));
        String shape = "\"shape\":\"NT:128x256x784\",\"impl\":\"vector\"";
        Files.writeString(dir.resolve("jmh-gemm.json"), "[" + String.join(",",
                result("GemmBenchmark.gemm", shape + ",\"threads\":\"1\"", "ops/s", "[[1]]", "gflop", "[[156]]"),
                result("GemmBenchmark.gemm", shape + ",\"threads\":\"2\"", "ops/s", "[[1]]", "gflop", "[[273]]"),
                result("GemmFusedBenchmark.linearRelu", shape, "ops/s", "[[1]]", "gflop", "[[97.5]]")) + "]");

        Report.main(new String[] {dir.toString()});

        String md = Files.readString(dir.resolve("results.md"));
        assertTrue(md.contains("| at the start | 205 [190–220] |"), md);
        assertTrue(md.contains("| at the end | 155 [150–160] |"), md);
        // Pooled: 150, 160, 190, 200, 210, 220 → median 195, not the mean of the two medians (180).
        assertTrue(md.contains("| start and end pooled (the ceiling of \"% of ceiling\") | 195 [150–220] |"), md);
        assertTrue(md.indexOf("## FMA ceiling") < md.indexOf("## Other benchmarks"), md);
        assertTrue(md.contains("÷ (195 GFLOP/s × the threads)"), md);
        // 156 ÷ 195 = 80%; on 2 threads the ceiling doubles: 273 ÷ 390 = 70%; no threads parameter: 1 thread.
        assertTrue(md.contains("| shape=NT:128x256x784, impl=vector, threads=1 | 1.00 [1.00–1.00] | 156 [156–156] | 80% |"), md);
        assertTrue(md.contains("| shape=NT:128x256x784, impl=vector, threads=2 | 1.00 [1.00–1.00] | 273 [273–273] | 70% |"), md);
        assertTrue(md.contains("| shape=NT:128x256x784, impl=vector | 1.00 [1.00–1.00] | 97.5 [97.5–97.5] | 50% |"), md);
        // The ceiling is the yardstick, not one of the GEMM figures.
        assertFalse(md.contains("GemmLimitsBenchmark.fmaPeak |"), md);
        assertFalse(md.contains("### GemmLimitsBenchmark"), md);
    }

    @Test
    void reportsActivationsBothPassesAgainstPyTorch() throws Exception {
        String tanh = "\"activation\":\"tanh\",\"provider\":\"vector\"", copy = "\"activation\":\"copy\",\"provider\":\"vector\"";
        Files.writeString(dir.resolve("jmh-activations.json"), "[" + String.join(",",
                result("ActivationsBenchmark.forward", tanh, "us/op", "[[100,120],[110,130]]", null, null),
                result("ActivationsBenchmark.forward", copy, "us/op", "[[50]]", null, null),
                result("ActivationsBenchmark.forwardAndBackward", tanh, "us/op", "[[400]]", null, null)) + "]");
        Files.writeString(dir.resolve("pytorch-1.json"), torchMicroseconds(
                "activation/tanh/forward/1024x1024", "230,220,240",
                "activation/copy/forward/1024x1024", "60,60,60",
                "activation/tanh/forward+backward/1024x1024", "500,490,510"));

        Report.main(new String[] {dir.toString()});

        String md = Files.readString(dir.resolve("results.md"));
        assertTrue(md.contains("## Activations against PyTorch"), md);
        // tanh forward: median of 100, 110, 120, 130 is 115; PyTorch 230 → 2.00×, target met.
        assertTrue(md.contains("| tanh | forward | 115 [100–130] | 230 [220–240] | 2.00× | ≥ 1.5×: met |"), md);
        assertTrue(md.contains("| tanh | forward+backward | 400 [400–400] | 500 [490–510] | 1.25× | ≥ 1.5×: **missed** (1.25×) |"), md);
        // copy is the memory ceiling of an activation, not one: no target.
        assertTrue(md.contains("| copy | forward | 50.0 [50.0–50.0] | 60.0 [60.0–60.0] | 1.20× |  |"), md);
        assertFalse(md.contains("### ActivationsBenchmark"), md);
        assertFalse(md.contains("FMA ceiling"), md);
    }

    @Test
    void mergesThePeersFilesOfSeparateWorkloads() throws Exception {
        // run-suite.sh runs each workload's peer right after its JMH stage, one file per workload.
        String tanh = "\"activation\":\"tanh\",\"provider\":\"vector\"";
        String training = "\"net\":\"784-256-10\",\"batch\":\"64\",\"threads\":\"1\",\"provider\":\"vector\"";
        Files.writeString(dir.resolve("jmh-activations.json"), "[" + result("ActivationsBenchmark.forward", tanh, "us/op", "[[100]]", null, null) + "]");
        Files.writeString(dir.resolve("jmh-training.json"), "[" + result("TrainingStepBenchmark.step", training, "ops/s", "[[1]]", "samples", "[[300000]]") + "]");
        Files.writeString(dir.resolve("pytorch-1-activation.json"), torchMicroseconds("activation/tanh/forward/1024x1024", "230,220,240"));
        Files.writeString(dir.resolve("pytorch-1-train.json"), """
                {"threads":1,"torch":"1.13","openblas_core":"Cooperlake","python":"3.11","date":"d","method":"m",
                 "results":{"train/784-256-10/64":{"median":100000,"min":90000,"max":110000,"n":7,"unit":"samples/s",
                                                   "config":"torch 1, OpenBLAS 1"}}}
                """);

        Report.main(new String[] {dir.toString()});

        String md = Files.readString(dir.resolve("results.md"));
        assertTrue(md.contains("| tanh | forward | 100 [100–100] | 230 [220–240] | 2.30× | ≥ 1.5×: met |"), md);
        assertTrue(md.contains("| 784-256-10 | 64 | 1 | 300,000 [300,000–300,000] | 100,000 [90,000–110,000] | torch 1, OpenBLAS 1 | 3.00× | ≥ 2×: met |"), md);
    }
}

package dev.lanes.benchmarks;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReportTest {

    @TempDir
    Path dir;

    /** A JMH JSON result with the given iterations in two forks and one secondary metric. */
    private static String result(String benchmark, String params, String unit, String primary, String secondaryName, String secondary) {
        return """
                {"jmhVersion":"1.37","benchmark":"dev.lanes.benchmarks.%s","mode":"thrpt","threads":1,"forks":2,
                 "jvm":"java","jvmArgs":["--add-modules","jdk.incubator.vector"],"jdkVersion":"25","vmName":"VM","vmVersion":"25",
                 "params":{%s},
                 "primaryMetric":{"score":1,"scoreError":0,"scoreUnit":"%s","rawData":%s},
                 "secondaryMetrics":{"%s":{"score":1,"scoreError":0,"scoreUnit":"ops/s","rawData":%s}}}
                """.formatted(benchmark, params, unit, primary, secondaryName, secondary);
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
    }
}

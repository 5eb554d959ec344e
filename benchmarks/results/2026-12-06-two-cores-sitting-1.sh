# Sitting 1 of 2026-12-06-two-cores.md: the batch-64 step of 784-256-10 at 1 and 2 threads, its GEMMs alone, its
# phases, and the sitting's FMA ceiling. Run under lanes-bench from the worktree root after
#   ./mvnw -q -B -ntp -pl benchmarks -am test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cores-cp.txt -Dmdep.includeScope=test
J=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
CP=benchmarks/target/test-classes:benchmarks/target/classes:$(cat /tmp/cores-cp.txt)
OUT=${OUT:-/tmp/cores-sit}
benchmarks/results/sitting-properties.sh
$J -cp $CP org.openjdk.jmh.Main 'GemmLimitsBenchmark.fmaPeak' -p shape=NT:128x256x784 -f 1 -wi 2 -i 3 -rf json -rff $OUT/ceiling.json 2>&1 | grep -E "^GemmLimits|^Benchmark"
$J -cp $CP org.openjdk.jmh.Main 'TrainingStepBenchmark.step' -p net=784-256-10 -p batch=64 -p threads=1,2 -f 2 -rf json -rff $OUT/step.json 2>&1 | grep -E "^TrainingStep|^Benchmark|samples"
$J -cp $CP org.openjdk.jmh.Main 'GemmBenchmark.gemm' -p impl=vector -p threads=1,2 \
  -p shape=NT:64x256x784,TN:256x784x64,NT:64x10x256,TN:10x256x64,NN:64x256x10 -f 2 -rf json -rff $OUT/gemm.json 2>&1 | grep -E "^GemmBenchmark|^Benchmark|gflop"
$J -cp $CP org.openjdk.jmh.Main 'TrainingStepPhasesBenchmark.run' -p threads=1,2 -f 1 -wi 2 -i 4 -rf json -rff $OUT/phases.json 2>&1 | grep -E "^TrainingStepPhases|^Benchmark"
date -u; cut -d' ' -f1-3 /proc/loadavg

# ONNX batch-1024 sitting after KC = 800 (issue 14). Run from the repository root under the benchmark lock:
#   lanes-bench sh benchmarks/results/2026-12-06-onnx-3-sitting.sh OUT_DIR
# with CP = benchmarks test class path (benchmarks/target/test-classes, benchmarks/target/classes, then
# `./mvnw -pl benchmarks dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=/tmp/main-cp.txt`,
# which takes the Lanes modules from ~/.m2: run `./mvnw install -DskipTests` on this checkout first, as the sitting
# did, or the class path names older Lanes jars), J = a JDK 25 java.
set -x
OUT=${1:-/tmp/onnx3}
J=${J:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
CP=benchmarks/target/test-classes:benchmarks/target/classes:$(cat /tmp/main-cp.txt)
VEC='--add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED'
bash benchmarks/results/sitting-properties.sh || { date -u; uptime; lscpu | grep 'Model name'; $J -version 2>&1 | head -2; }
$J -cp $CP org.openjdk.jmh.Main 'GemmLimitsBenchmark.fmaPeak' -p shape=NT:1024x256x784 -f 2 -wi 3 -i 5 -w 500ms -r 500ms -jvmArgsAppend "$VEC" -rf json -rff $OUT/ceiling-a.json 2>&1 | grep -E "^Gemm|^Benchmark"
for rep in a b; do
  date -u; uptime
  $J -cp $CP org.openjdk.jmh.Main OnnxInferenceBenchmark -p batch=1024 -f 3 -jvmArgsAppend "$VEC" -rf json -rff $OUT/onnx-$rep.json 2>&1 | grep -E "^Onnx|^Benchmark"
done
$J -cp $CP org.openjdk.jmh.Main 'GemmLimitsBenchmark.fmaPeak' -p shape=NT:1024x256x784 -f 2 -wi 3 -i 5 -w 500ms -r 500ms -jvmArgsAppend "$VEC" -rf json -rff $OUT/ceiling-b.json 2>&1 | grep -E "^Gemm|^Benchmark"
date -u; uptime

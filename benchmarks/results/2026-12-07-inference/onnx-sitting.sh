#!/bin/sh
# The imported ONNX model on Lanes beside ONNX Runtime (OnnxInferenceBenchmark), three rounds of one fork each, 1
# thread: within a batch size JMH runs the three runtimes back to back (runtime is the parameter that varies
# fastest), so each round's Lanes and ONNX Runtime figures are about a minute apart. The FMA ceiling before and
# after. From the repository root, after
#   ./mvnw -q -B -ntp -pl benchmarks -am test-compile dependency:build-classpath -Dmdep.outputFile=cp.txt -Dmdep.includeScope=test
#   lanes-bench sh benchmarks/results/2026-12-07-inference/onnx-sitting.sh OUT_DIR
set -e
J=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
OUT=$(mkdir -p "$1" && cd "$1" && pwd)
cd "$(dirname "$0")/../../.."
CP="benchmarks/target/test-classes:benchmarks/target/classes:kernels/target/classes:nn/target/classes:$(cat benchmarks/cp.txt)"
$J --add-modules jdk.incubator.vector -cp "$CP" org.openjdk.jmh.Main 'GemmLimitsBenchmark.fmaPeak' -p shape=NT:128x256x784 -f 1 -wi 2 -i 4 -rf json -rff $OUT/onnx-ceiling-1.json > $OUT/onnx-ceiling-1.log 2>&1
for r in 1 2 3; do
  echo "$r onnx $(date -u +%T) load $(cut -d' ' -f1 /proc/loadavg)" >> $OUT/onnx-order.txt
  $J --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -cp "$CP" org.openjdk.jmh.Main 'OnnxInferenceBenchmark' \
    -f 1 -rf json -rff $OUT/onnx-$r.json > $OUT/onnx-$r.log 2>&1
done
$J --add-modules jdk.incubator.vector -cp "$CP" org.openjdk.jmh.Main 'GemmLimitsBenchmark.fmaPeak' -p shape=NT:128x256x784 -f 1 -wi 2 -i 4 -rf json -rff $OUT/onnx-ceiling-2.json > $OUT/onnx-ceiling-2.log 2>&1

#!/bin/sh
# Lanes and OpenBLAS alternated on the same shapes, 1 thread, so both see the same host phases; the FMA ceiling
# before and after. From the repository root, after
#   ./mvnw -q -B -ntp -pl benchmarks -am test-compile dependency:build-classpath -Dmdep.outputFile=cp.txt -Dmdep.includeScope=test
#   lanes-bench sh benchmarks/results/2026-12-07-gemm-pairs/sitting.sh OUT_DIR
set -e
J=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
OUT=$(mkdir -p "$1" && cd "$1" && pwd)
cd "$(dirname "$0")/../../.."
CP="benchmarks/target/test-classes:benchmarks/target/classes:kernels/target/classes:nn/target/classes:$(cat benchmarks/cp.txt)"
$J --add-modules jdk.incubator.vector -cp "$CP" org.openjdk.jmh.Main 'GemmLimitsBenchmark.fmaPeak' -p shape=NT:128x256x784 -f 1 -wi 2 -i 4 -rf json -rff $OUT/ceiling-1.json > $OUT/ceiling-1.log 2>&1
for r in 1 2 3; do
  for impl in vector openblas; do
    echo "$r $impl $(date -u +%T) load $(cut -d' ' -f1 /proc/loadavg)" >> $OUT/order.txt
    env -u OPENBLAS_CORETYPE $J --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -cp "$CP" org.openjdk.jmh.Main 'GemmBenchmark.gemm' \
      -p shape=NN:1024x1024x1024,NN:2048x2048x2048,NT:128x256x784,TN:256x784x128 -p threads=1 -p impl=$impl -f 1 \
      -rf json -rff $OUT/gemm-$impl-$r.json > $OUT/gemm-$impl-$r.log 2>&1
  done
done
$J --add-modules jdk.incubator.vector -cp "$CP" org.openjdk.jmh.Main 'GemmLimitsBenchmark.fmaPeak' -p shape=NT:128x256x784 -f 1 -wi 2 -i 4 -rf json -rff $OUT/ceiling-2.json > $OUT/ceiling-2.log 2>&1

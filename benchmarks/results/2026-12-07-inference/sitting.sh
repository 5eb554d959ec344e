#!/bin/sh
# Inference, Lanes (InferenceBenchmark) and PyTorch (peer.py) alternated, 1 thread, three rounds, so both see the
# same host phases; the FMA ceiling before and after. From the repository root, after
#   ./mvnw -q -B -ntp -pl benchmarks -am test-compile dependency:build-classpath -Dmdep.outputFile=cp.txt -Dmdep.includeScope=test
#   lanes-bench sh benchmarks/results/2026-12-07-inference/sitting.sh OUT_DIR
set -e
J=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
OUT=$(mkdir -p "$1" && cd "$1" && pwd)
cd "$(dirname "$0")/../../.."
CP="benchmarks/target/test-classes:benchmarks/target/classes:kernels/target/classes:nn/target/classes:$(cat benchmarks/cp.txt)"
$J --add-modules jdk.incubator.vector -cp "$CP" org.openjdk.jmh.Main 'GemmLimitsBenchmark.fmaPeak' -p shape=NT:128x256x784 -f 1 -wi 2 -i 4 -rf json -rff $OUT/ceiling-1.json > $OUT/ceiling-1.log 2>&1
for r in 1 2 3; do
  echo "$r lanes $(date -u +%T) load $(cut -d' ' -f1 /proc/loadavg)" >> $OUT/order.txt
  $J --add-modules jdk.incubator.vector -cp "$CP" org.openjdk.jmh.Main '\.InferenceBenchmark' \
    -p threads=1 -f 1 -rf json -rff $OUT/lanes-$r.json > $OUT/lanes-$r.log 2>&1
  echo "$r pytorch $(date -u +%T) load $(cut -d' ' -f1 /proc/loadavg)" >> $OUT/order.txt
  env -u OPENBLAS_CORETYPE /usr/bin/python3 benchmarks/pytorch/peer.py --threads 1 --workloads infer \
    --out $OUT/pytorch-$r.json > $OUT/pytorch-$r.log 2>&1
done
$J --add-modules jdk.incubator.vector -cp "$CP" org.openjdk.jmh.Main 'GemmLimitsBenchmark.fmaPeak' -p shape=NT:128x256x784 -f 1 -wi 2 -i 4 -rf json -rff $OUT/ceiling-2.json > $OUT/ceiling-2.log 2>&1

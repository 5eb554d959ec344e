#!/bin/sh
# The main ratio of issue 16, the 784-256-10 (and 784-100-200-10) training step at batch 64, Lanes
# (TrainingStepBenchmark) and PyTorch (peer.py --workloads train) alternated, 1 and 2 threads, three rounds, the FMA
# ceiling before and after. From the repository root, after
#   ./mvnw -q -B -ntp -pl benchmarks -am test-compile dependency:build-classpath -Dmdep.outputFile=cp.txt -Dmdep.includeScope=test
#   lanes-bench sh benchmarks/results/2026-12-07-step/sitting.sh OUT_DIR
set -e
J=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
OUT=$(mkdir -p "$1" && cd "$1" && pwd)
cd "$(dirname "$0")/../../.."
CP="benchmarks/target/test-classes:benchmarks/target/classes:kernels/target/classes:nn/target/classes:$(cat benchmarks/cp.txt)"
$J --add-modules jdk.incubator.vector -cp "$CP" org.openjdk.jmh.Main 'GemmLimitsBenchmark.fmaPeak' -p shape=NT:128x256x784 -f 1 -wi 2 -i 4 -rf json -rff $OUT/ceiling-1.json > $OUT/ceiling-1.log 2>&1
for r in 1 2 3; do
  echo "$r lanes $(date -u +%T) load $(cut -d' ' -f1 /proc/loadavg)" >> $OUT/order.txt
  $J --add-modules jdk.incubator.vector -cp "$CP" org.openjdk.jmh.Main 'TrainingStepBenchmark' \
    -p net=784-256-10,784-100-200-10 -p batch=64 -f 1 -rf json -rff $OUT/lanes-$r.json > $OUT/lanes-$r.log 2>&1
  for t in 1 2; do
    echo "$r pytorch-$t $(date -u +%T) load $(cut -d' ' -f1 /proc/loadavg)" >> $OUT/order.txt
    env -u OPENBLAS_CORETYPE /usr/bin/python3 benchmarks/pytorch/peer.py --threads $t --workloads train \
      --nets 784-256-10,784-100-200-10 --batches 64 --out $OUT/pytorch-$t-$r.json > $OUT/pytorch-$t-$r.log 2>&1
  done
done
$J --add-modules jdk.incubator.vector -cp "$CP" org.openjdk.jmh.Main 'GemmLimitsBenchmark.fmaPeak' -p shape=NT:128x256x784 -f 1 -wi 2 -i 4 -rf json -rff $OUT/ceiling-2.json > $OUT/ceiling-2.log 2>&1

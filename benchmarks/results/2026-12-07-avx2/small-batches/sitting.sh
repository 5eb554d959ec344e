#!/bin/sh
# The dot-or-blocked costs refitted for 16 vector registers (Plan, AVX2), before and after, alternated: the
# products (GemmBenchmark, 1 thread), inference at batches 5, 7, 12, 16 and 20 (InferenceBenchmark), then PyTorch's
# inference at the same batches (peer.py --workloads infer) once per round; the FMA ceiling at both ends.
# From the repository root, after
#   ./mvnw -q -B -ntp -pl benchmarks -am test-compile dependency:build-classpath -Dmdep.outputFile=cp.txt -Dmdep.includeScope=test
# (cp.txt moved to benchmarks/cp.txt) and the kernels of the commit before the change compiled into BEFORE_CLASSES:
#   [ROUNDS=2] [SHAPES=...] [BATCHES=...] lanes-bench sh benchmarks/results/2026-12-07-avx2/small-batches/sitting.sh OUT_DIR BEFORE_CLASSES
# Rounds alternate the order of the two versions (before first in odd rounds).
set -e
J=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
OUT=$(mkdir -p "$1" && cd "$1" && pwd)
BEFORE=$2
cd "$(dirname "$0")/../../../.."
. benchmarks/results/versions-jmh.sh
SHAPES=${SHAPES:-NT:5x256x784,NT:6x256x784,NT:7x256x784,NT:12x256x784,NT:14x256x784,NT:16x256x784,NT:17x256x784,NT:18x256x784,NT:20x256x784,NT:24x256x784}
BATCHES=${BATCHES:-5,7,12,16,20}
ROUNDS=${ROUNDS:-2}
unset OPENBLAS_CORETYPE OPENBLAS_L2_SIZE
jmh after ceiling-1 'GemmLimitsBenchmark.fmaPeak' -p shape=NT:128x256x784 -f 1 -wi 2 -i 4
for r in $(seq 1 $ROUNDS); do
  if [ $((r % 2)) = 1 ]; then ORDER="before after"; else ORDER="after before"; fi
  for v in $ORDER; do
    jmh $v gemm-$v-$r 'GemmBenchmark.gemm' -p impl=vector -p threads=1 -p shape=$SHAPES -f 1
  done
  for v in $ORDER; do
    jmh $v infer-$v-$r 'dev.lanes.benchmarks.InferenceBenchmark' -p net=784-256-10,784-100-200-10 -p batch=$BATCHES \
      -p threads=1 -f 1
  done
  echo "pytorch-$r $(date -u +%T) load $(cut -d' ' -f1 /proc/loadavg)" >> $OUT/order.txt
  /usr/bin/python3 benchmarks/pytorch/peer.py --threads 1 --workloads infer \
    --nets 784-256-10,784-100-200-10 --infer-batches $BATCHES --out $OUT/pytorch-$r.json > $OUT/pytorch-$r.log 2>&1
done
jmh after ceiling-2 'GemmLimitsBenchmark.fmaPeak' -p shape=NT:128x256x784 -f 1 -wi 2 -i 4

#!/bin/sh
# Small batches on narrow (bf16, f16, int8) and float weights, before and after the widening GEMM took the dot path
# (commits 61c4a96, 3381f3d), alternated: QuantizedInferenceBenchmark at batch 2, 4, 8 and 16 for both nets and all
# four precisions, one thread; the FMA ceiling before and after. From the repository root, after
#   ./mvnw -q -B -ntp -pl benchmarks -am test-compile dependency:build-classpath -Dmdep.outputFile=cp.txt -Dmdep.includeScope=test
# and the kernels of the commit before the change compiled into BEFORE_CLASSES (a worktree's kernels/target/classes):
#   [ROUNDS=2] lanes-bench sh benchmarks/results/2026-12-07-narrow-batches/sitting.sh OUT_DIR BEFORE_CLASSES
# Rounds alternate the order of the two versions (before first in odd rounds).
set -e
J=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
OUT=$(mkdir -p "$1" && cd "$1" && pwd)
BEFORE=$2
cd "$(dirname "$0")/../../.."
. benchmarks/results/versions-jmh.sh
ROUNDS=${ROUNDS:-2}
jmh after ceiling-1 'GemmLimitsBenchmark.fmaPeak' -p shape=NT:128x256x784 -f 1 -wi 2 -i 4
for r in $(seq 1 $ROUNDS); do
  if [ $((r % 2)) = 1 ]; then ORDER="before after"; else ORDER="after before"; fi
  for v in $ORDER; do
    jmh $v quantized-$v-$r 'QuantizedInferenceBenchmark' -p batch=2,4,8,16 -f 1
  done
done
jmh after ceiling-2 'GemmLimitsBenchmark.fmaPeak' -p shape=NT:128x256x784 -f 1 -wi 2 -i 4

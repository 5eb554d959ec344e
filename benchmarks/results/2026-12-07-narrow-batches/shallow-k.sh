#!/bin/sh
# The shallow-K cap (Plan.DOT_BLOCKS_MIN_K) against ca88457, three rounds alternated, 784-256-128-10 at batch 12 and 16
# (its second layer, K = 256, leaves the dot path there). Set-up as sitting.sh, BEFORE_CLASSES from ca88457:
#   lanes-bench sh benchmarks/results/2026-12-07-narrow-batches/shallow-k.sh OUT_DIR BEFORE_CLASSES
set -e
J=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
OUT=$(mkdir -p "$1" && cd "$1" && pwd)
BEFORE=$2
cd "$(dirname "$0")/../../.."
. benchmarks/results/versions-jmh.sh
for r in 1 2 3; do
  if [ $((r % 2)) = 1 ]; then ORDER="before after"; else ORDER="after before"; fi
  for v in $ORDER; do
    jmh $v quantized-$v-$r 'QuantizedInferenceBenchmark' -p net=784-256-128-10 -p batch=12,16 -p precision=fp32,bf16 -f 1
  done
done

#!/bin/sh
# Second sitting: the final kernels (quad tile, chunks only past the caches) against the same "before", at the
# batches the quad tile serves (4, 12) and at 16; float inference (InferenceBenchmark) at 4 and 12 beside PyTorch's
# (peer.py, once per round). Same set-up as sitting.sh:
#   [ROUNDS=2] lanes-bench sh benchmarks/results/2026-12-07-narrow-batches/sitting-2.sh OUT_DIR BEFORE_CLASSES
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
    jmh $v quantized-$v-$r 'QuantizedInferenceBenchmark' -p batch=4,12,16 -f 1
  done
  for v in $ORDER; do
    jmh $v infer-$v-$r '\.InferenceBenchmark' -p net=784-256-10,784-100-200-10 -p batch=4,12 -p threads=1 -f 1
  done
  echo "pytorch-$r $(date -u +%T) load $(cut -d' ' -f1 /proc/loadavg)" >> $OUT/order.txt
  env -u OPENBLAS_CORETYPE /usr/bin/python3 benchmarks/pytorch/peer.py --threads 1 --workloads infer \
    --nets 784-256-10,784-100-200-10 --infer-batches 4,12 --out $OUT/pytorch-$r.json > $OUT/pytorch-$r.log 2>&1
done
jmh after ceiling-2 'GemmLimitsBenchmark.fmaPeak' -p shape=NT:128x256x784 -f 1 -wi 2 -i 4

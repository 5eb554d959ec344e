#!/bin/sh
# The narrow-batches sittings (benchmarks/results/2026-12-07-narrow-batches.md): Lanes' kernels of an earlier commit
# ("before", compiled into BEFORE_CLASSES, e.g. a worktree's kernels/target/classes) alternated with this checkout's
# in one lanes-bench hold, the order reversed every other round. From the repository root, after
#   ./mvnw -q -B -ntp -pl benchmarks -am test-compile dependency:build-classpath -Dmdep.outputFile=cp.txt -Dmdep.includeScope=test
# run
#   [ROUNDS=N] lanes-bench sh benchmarks/results/2026-12-07-narrow-batches/sitting.sh STAGE OUT_DIR BEFORE_CLASSES
# STAGE 1 (before 11aa23c, 2 rounds): QuantizedInferenceBenchmark at batch 2, 4, 8, 16, both nets, all precisions.
# STAGE 2 (before 11aa23c, 2 rounds): the same at 4, 12, 16; InferenceBenchmark at 4 and 12; PyTorch once a round.
# STAGE shallow-k (before ca88457, 3 rounds): 784-256-128-10, fp32 and bf16, at 12 and 16.
# Stages 1 and 2 measure the FMA ceiling first and last.
set -e
J=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
STAGE=$1
OUT=$(mkdir -p "$2" && cd "$2" && pwd)
BEFORE=$3
cd "$(dirname "$0")/../../.."
. benchmarks/results/versions-jmh.sh
ceiling() {
  jmh after "ceiling-$1" 'GemmLimitsBenchmark.fmaPeak' -p shape=NT:128x256x784 -f 1 -wi 2 -i 4
}
case $STAGE in
  shallow-k) ROUNDS=${ROUNDS:-3} ;;
  1|2) ROUNDS=${ROUNDS:-2}; ceiling 1 ;;
  *) echo "unknown stage $STAGE" >&2; exit 2 ;;
esac
for r in $(seq 1 $ROUNDS); do
  if [ $((r % 2)) = 1 ]; then ORDER="before after"; else ORDER="after before"; fi
  for v in $ORDER; do
    case $STAGE in
      1) jmh $v quantized-$v-$r 'QuantizedInferenceBenchmark' -p batch=2,4,8,16 -f 1 ;;
      2) jmh $v quantized-$v-$r 'QuantizedInferenceBenchmark' -p batch=4,12,16 -f 1 ;;
      shallow-k) jmh $v quantized-$v-$r 'QuantizedInferenceBenchmark' -p net=784-256-128-10 -p batch=12,16 \
                   -p precision=fp32,bf16 -f 1 ;;
    esac
  done
  if [ "$STAGE" = 2 ]; then
    for v in $ORDER; do
      jmh $v infer-$v-$r '\.InferenceBenchmark' -p net=784-256-10,784-100-200-10 -p batch=4,12 -p threads=1 -f 1
    done
    echo "pytorch-$r $(date -u +%T) load $(cut -d' ' -f1 /proc/loadavg)" >> "$OUT/order.txt"
    env -u OPENBLAS_CORETYPE /usr/bin/python3 benchmarks/pytorch/peer.py --threads 1 --workloads infer \
      --nets 784-256-10,784-100-200-10 --infer-batches 4,12 --out "$OUT/pytorch-$r.json" > "$OUT/pytorch-$r.log" 2>&1
  fi
done
case $STAGE in 1|2) ceiling 2 ;; esac

#!/bin/sh
# Swapped products (Plan.swapsOperands), before and after, alternated: the forward GEMMs of the nets at batch 64
# (GemmBenchmark, 1 and 2 threads) and the batch-64 training step (TrainingStepBenchmark), then PyTorch's step
# (peer.py --workloads train) once per round; the FMA ceiling before and after. From the repository root, after
#   ./mvnw -q -B -ntp -pl benchmarks -am test-compile dependency:build-classpath -Dmdep.outputFile=cp.txt -Dmdep.includeScope=test
# and the kernels of the commit before the change compiled into BEFORE_CLASSES (a worktree's kernels/target/classes):
#   [ROUNDS=2] [STEP_FORKS=1] [STAGES="gemm step"] lanes-bench sh benchmarks/results/2026-12-07-swap/sitting.sh OUT_DIR BEFORE_CLASSES
# Rounds alternate the order of the two versions (before first in odd rounds).
set -e
J=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
OUT=$(mkdir -p "$1" && cd "$1" && pwd)
BEFORE=$2
cd "$(dirname "$0")/../../.."
. benchmarks/results/versions-jmh.sh
SHAPES=NT:64x256x784,NT:64x100x784,NT:64x200x100,NT:64x512x784,NT:64x128x512,NT:1024x100x784
ROUNDS=${ROUNDS:-2}
STEP_FORKS=${STEP_FORKS:-1}
STAGES=${STAGES:-gemm step}
jmh after ceiling-1 'GemmLimitsBenchmark.fmaPeak' -p shape=NT:128x256x784 -f 1 -wi 2 -i 4
for r in $(seq 1 $ROUNDS); do
  if [ $((r % 2)) = 1 ]; then ORDER="before after"; else ORDER="after before"; fi
  case " $STAGES " in *" gemm "*)
    for v in $ORDER; do
      jmh $v gemm-$v-$r 'GemmBenchmark.gemm' -p impl=vector -p threads=1,2 -p shape=$SHAPES -f 1
    done;;
  esac
  case " $STAGES " in *" step "*)
    for v in $ORDER; do
      jmh $v step-$v-$r 'TrainingStepBenchmark' -p net=784-256-10,784-100-200-10 -p batch=64 -f $STEP_FORKS
    done;;
  esac
  echo "pytorch-$r $(date -u +%T) load $(cut -d' ' -f1 /proc/loadavg)" >> $OUT/order.txt
  env -u OPENBLAS_CORETYPE /usr/bin/python3 benchmarks/pytorch/peer.py --threads 1 --workloads train \
    --nets 784-256-10,784-100-200-10 --batches 64 --out $OUT/pytorch-$r.json > $OUT/pytorch-$r.log 2>&1
done
jmh after ceiling-2 'GemmLimitsBenchmark.fmaPeak' -p shape=NT:128x256x784 -f 1 -wi 2 -i 4

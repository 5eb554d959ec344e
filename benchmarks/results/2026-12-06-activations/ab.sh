#!/usr/bin/env bash
# GEMM and training-step A/B of two source trees (A: this work, B: a worktree of cb2f980, before the activation
# work), same JMH parameters, alternating A B A B with one fork each, so that drift of the shared host falls on
# both sides alike.
#   git worktree add --detach ../wt-base cb2f980
#   flock -x /tmp/lanes-bench.lock benchmarks/results/2026-12-06-activations/ab.sh OUT_DIR A_TREE ../wt-base
set -euo pipefail
cd "$(dirname "$0")/../../.."
out=$(mkdir -p "$1" && cd "$1" && pwd); here=$(cd "$2" && pwd); base=$(cd "$3" && pwd)
gemm='GemmBenchmark,-p,shape=NN:1024x1024x1024,-p,shape=NT:64x256x784,-p,shape=NT:128x10x256,-p,impl=vector,-p,threads=1'
train='TrainingStepBenchmark,-p,batch=64,-p,threads=1'
{
  echo "A=$(git -C "$here" rev-parse --short HEAD) ($here)"
  echo "B=$(git -C "$base" rev-parse --short HEAD) ($base)"
  echo "date=$(date -u +%Y-%m-%dT%H:%M:%SZ) load.start=$(cut -d' ' -f1-3 /proc/loadavg)"
} > "$out/ab.properties"
for round in 1 2; do
  for side in A B; do
    dir=$here; [ $side = B ] && dir=$base
    for what in gemm train; do
      regex=$gemm; [ $what = train ] && regex=$train
      (cd "$dir" && env -u OPENBLAS_CORETYPE ./mvnw -B -ntp -q -pl benchmarks jmh:benchmark -Djmh.f=1 -Djmh.rf=json \
        -Djmh.rff="$out/$side-$what-$round.json" -Djmh.benchmarks="$regex" > "$out/$side-$what-$round.log" 2>&1)
    done
  done
done
echo "load.end=$(cut -d' ' -f1-3 /proc/loadavg)" >> "$out/ab.properties"

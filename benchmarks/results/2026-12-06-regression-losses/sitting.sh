#!/usr/bin/env bash
# One sitting of issue 12's regression-loss figures: RegressionLossBenchmark (1024x1024 float, mean + gradient in
# one call, vector, one thread, 2 forks), with PyTorch's F.mse_loss / l1_loss / huber_loss / smooth_l1_loss
# forward + backward twice around it (as it comes, then with glibc's heap pinned; see
# shared/notes/performance-facts.md), and the FMA ceiling first.
#   lanes-bench benchmarks/results/2026-12-06-regression-losses/sitting.sh OUT_DIR
set -euo pipefail
cd "$(dirname "$0")/../../.."
out=$(mkdir -p "$1" && cd "$1" && pwd)
. .mvn/lanes-jdk.sh
benchmarks/results/sitting-properties.sh > "$out/sitting.properties"
jmh() { # name regex [jmh options]
  env -u OPENBLAS_CORETYPE ./mvnw -B -ntp -q -pl benchmarks jmh:benchmark -Djmh.rf=json \
    -Djmh.rff="$out/jmh-$1.json" -Djmh.benchmarks="$2" "${@:3}" > "$out/jmh-$1.log" 2>&1
}
peer() { # name [env]
  env -u OPENBLAS_CORETYPE "${@:2}" /usr/bin/python3 benchmarks/pytorch/loss_peer.py --threads 1 \
    --only mse,l1,huber,smooth_l1 --out "$out/pytorch-$1.json" > "$out/pytorch-$1.log" 2>&1
}
jmh fma 'GemmLimitsBenchmark.fmaPeak,-p,shape=NT:64x256x784' -Djmh.f=1 -Djmh.wi=2 -Djmh.w=1s -Djmh.i=3 -Djmh.r=1s
peer 1
jmh regression-losses RegressionLossBenchmark -Djmh.f=2 -Djmh.wi=3 -Djmh.w=1s -Djmh.i=5 -Djmh.r=1s
peer 2-pinned MALLOC_MMAP_THRESHOLD_=268435456 MALLOC_TRIM_THRESHOLD_=1073741824 MALLOC_TOP_PAD_=268435456
peer 3
echo "load.end=$(cut -d' ' -f1-3 /proc/loadavg)" >> "$out/sitting.properties"

#!/usr/bin/env bash
# Issue 12's activation figures after the acts branch's kernel changes, in one sitting: the FMA ceiling, then
# ActivationsBenchmark (1024x1024 float, forward and forward+backward, one thread, 2 forks) of this tree, then
# PyTorch's torch.nn.functional equivalents twice (as it comes, and with glibc's heap pinned: no first-touch page
# faults per call; see shared/notes/performance-facts.md).
#   lanes-bench benchmarks/results/2026-12-06-activations-2/sitting.sh OUT_DIR
set -euo pipefail
cd "$(dirname "$0")/../../.."
out=$(mkdir -p "$1" && cd "$1" && pwd)
. .mvn/lanes-jdk.sh
benchmarks/results/sitting-properties.sh > "$out/sitting.properties"
jmh() { # name regex [jmh options]
  env -u OPENBLAS_CORETYPE ./mvnw -B -ntp -q -pl benchmarks jmh:benchmark -Djmh.rf=json \
    -Djmh.rff="$out/jmh-$1.json" -Djmh.benchmarks="$2" "${@:3}" > "$out/jmh-$1.log" 2>&1
}
jmh fma 'GemmLimitsBenchmark.fmaPeak,-p,shape=NT:64x256x784'
jmh activations ActivationsBenchmark -Djmh.f=2 -Djmh.wi=2 -Djmh.w=1s -Djmh.i=4 -Djmh.r=1s
env -u OPENBLAS_CORETYPE /usr/bin/python3 benchmarks/pytorch/peer.py --threads 1 --workloads activation --out "$out/pytorch-1.json" 2> "$out/pytorch-1.log"
env -u OPENBLAS_CORETYPE MALLOC_MMAP_THRESHOLD_=268435456 MALLOC_TRIM_THRESHOLD_=1073741824 MALLOC_TOP_PAD_=268435456 \
  /usr/bin/python3 benchmarks/pytorch/peer.py --threads 1 --workloads activation --out "$out/pytorch-1-pinned.json" 2> "$out/pytorch-1-pinned.log"
echo "load.end=$(cut -d' ' -f1-3 /proc/loadavg)" >> "$out/sitting.properties"

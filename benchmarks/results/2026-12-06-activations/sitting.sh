#!/usr/bin/env bash
# One sitting of issue 12's activation figures: the FMA ceiling, then ActivationsBenchmark (1024x1024 float,
# forward and forward+backward, one thread) of two source trees alternating (before, after, before, after; one
# fork each), with PyTorch's torch.nn.functional equivalents in the middle, as it comes and with glibc's heap
# pinned (no first-touch page faults per call; see shared/notes/performance-facts.md).
#   flock -x /tmp/lanes-bench.lock benchmarks/results/2026-12-06-activations/sitting.sh OUT_DIR BEFORE_TREE AFTER_TREE
set -euo pipefail
cd "$(dirname "$0")/../../.."
out=$(mkdir -p "$1" && cd "$1" && pwd); before=$(cd "$2" && pwd); after=$(cd "$3" && pwd)
. .mvn/lanes-jdk.sh
benchmarks/results/sitting-properties.sh > "$out/sitting.properties"
echo "before=$(git -C "$before" rev-parse --short HEAD) after=$(git -C "$after" rev-parse --short HEAD)" >> "$out/sitting.properties"
jmh() { # tree name regex [jmh options]
  (cd "$1" && env -u OPENBLAS_CORETYPE ./mvnw -B -ntp -q -pl benchmarks jmh:benchmark -Djmh.rf=json \
    -Djmh.rff="$out/jmh-$2.json" -Djmh.benchmarks="$3" "${@:4}" > "$out/jmh-$2.log" 2>&1)
}
activations=(-Djmh.f=1 -Djmh.wi=2 -Djmh.w=1s -Djmh.i=3 -Djmh.r=1s)
jmh "$after" fma 'GemmLimitsBenchmark.fmaPeak,-p,shape=NT:64x256x784'
jmh "$before" activations-before-1 ActivationsBenchmark "${activations[@]}"
jmh "$after" activations-after-1 ActivationsBenchmark "${activations[@]}"
env -u OPENBLAS_CORETYPE /usr/bin/python3 benchmarks/pytorch/peer.py --threads 1 --workloads activation --out "$out/pytorch-1.json" 2> "$out/pytorch-1.log"
env -u OPENBLAS_CORETYPE MALLOC_MMAP_THRESHOLD_=268435456 MALLOC_TRIM_THRESHOLD_=1073741824 MALLOC_TOP_PAD_=268435456 \
  /usr/bin/python3 benchmarks/pytorch/peer.py --threads 1 --workloads activation --out "$out/pytorch-1-pinned.json" 2> "$out/pytorch-1-pinned.log"
echo "load.end=$(cut -d' ' -f1-3 /proc/loadavg)" >> "$out/sitting.properties"

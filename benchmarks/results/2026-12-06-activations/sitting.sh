#!/usr/bin/env bash
# One sitting of issue 12's activation figures: the FMA ceiling, ActivationsBenchmark (1024x1024 float, forward and
# forward+backward, one thread) and PyTorch's torch.nn.functional equivalents, back to back.
#   flock -x /tmp/lanes-bench.lock benchmarks/results/2026-12-06-activations/sitting.sh OUT_DIR
set -euo pipefail
cd "$(dirname "$0")/../../.."
out=$1; mkdir -p "$out"
. .mvn/lanes-jdk.sh
{
  echo "date=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "commit=$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- kernels nn benchmarks/src || echo ' (with uncommitted changes)')"
  echo "machine=$(lscpu | sed -n 's/^Model name: *//p' | head -n 1), nproc=$(nproc)"
  echo "avx=$(grep -o 'avx[0-9a-z_]*\|fma' /proc/cpuinfo | sort -u | tr '\n' ' ')"
  echo "jdk=$("$JAVA_HOME/bin/java" -version 2>&1 | sed -n 2p)"
  echo "load.start=$(cut -d' ' -f1-3 /proc/loadavg)"
} > "$out/sitting.properties"
jmh() { env -u OPENBLAS_CORETYPE ./mvnw -B -ntp -q -pl benchmarks jmh:benchmark -Djmh.rf=json -Djmh.rff="$out/jmh-$1.json" -Djmh.benchmarks="$2" > "$out/jmh-$1.log" 2>&1; }
jmh fma 'GemmLimitsBenchmark.fmaPeak,-p,shape=NT:64x256x784'
jmh activations 'ActivationsBenchmark'
# The peer twice: as it comes, and with glibc's heap pinned (no first-touch page faults per call; see shared notes).
env -u OPENBLAS_CORETYPE /usr/bin/python3 benchmarks/pytorch/peer.py --threads 1 --workloads activation --out "$out/pytorch-1.json" 2> "$out/pytorch-1.log"
env -u OPENBLAS_CORETYPE MALLOC_MMAP_THRESHOLD_=268435456 MALLOC_TRIM_THRESHOLD_=1073741824 MALLOC_TOP_PAD_=268435456 \
  /usr/bin/python3 benchmarks/pytorch/peer.py --threads 1 --workloads activation --out "$out/pytorch-1-pinned.json" 2> "$out/pytorch-1-pinned.log"
echo "load.end=$(cut -d' ' -f1-3 /proc/loadavg)" >> "$out/sitting.properties"

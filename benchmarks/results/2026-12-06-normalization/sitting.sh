#!/usr/bin/env bash
# One sitting of batch and layer normalisation beside PyTorch (issue 12): NormalizationBenchmark for batchNorm and
# layerNorm (vector provider, 1 thread, 2 forks x 5 x 1 s after 3 x 1 s warm-up), then
# benchmarks/pytorch/layers_peer.py twice (as it comes; glibc's heap pinned), as 2026-12-06-layers/sitting.sh.
# Needs the benchmarks' test classes and their class path (CLASSES defaults to the worktree's target dirs):
#   ./mvnw -q -B -ntp -pl benchmarks -am test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/norm-cp.txt -Dmdep.includeScope=test
#   lanes-bench benchmarks/results/2026-12-06-normalization/sitting.sh OUT_DIR /tmp/norm-cp.txt
set -euo pipefail
cd "$(dirname "$0")/../../.."
out=$(mkdir -p "$1" && cd "$1" && pwd)
. .mvn/lanes-jdk.sh
cp=${CLASSES:-benchmarks/target/test-classes}:$(cat "$2")
benchmarks/results/sitting-properties.sh > "$out/sitting.properties"
"$JAVA_HOME/bin/java" -cp "$cp" org.openjdk.jmh.Main 'NormalizationBenchmark' -p provider=vector -p layer=batchNorm,layerNorm \
  -rf json -rff "$out/jmh-norm.json" > "$out/jmh-norm.log" 2>&1
env -u OPENBLAS_CORETYPE /usr/bin/python3 benchmarks/pytorch/layers_peer.py --threads 1 --out "$out/pytorch-1.json" 2> "$out/pytorch-1.log"
env -u OPENBLAS_CORETYPE MALLOC_MMAP_THRESHOLD_=268435456 MALLOC_TRIM_THRESHOLD_=1073741824 MALLOC_TOP_PAD_=268435456 \
  /usr/bin/python3 benchmarks/pytorch/layers_peer.py --threads 1 --out "$out/pytorch-1-pinned.json" 2> "$out/pytorch-1-pinned.log"
echo "load.end=$(cut -d' ' -f1-3 /proc/loadavg)" >> "$out/sitting.properties"

#!/usr/bin/env bash
# One sitting for issue 12's batch norm and exact GELU follow-up: before (main's classes) and after (this tree's),
# alternated, then PyTorch's peers of the same rows. 1 thread, 1024 x 1024 floats.
#   ./mvnw -q -B -ntp -pl benchmarks -am test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/norm2-cp.txt -Dmdep.includeScope=test
#   (before: the same build of main, its kernels/nn/onnx classes and benchmarks test classes copied to BASE, BASE_CP the
#    class path file naming them)
#   lanes-bench benchmarks/results/2026-12-06-normalization-2/sitting.sh OUT_DIR /tmp/norm2-cp.txt BASE BASE_CP
set -euo pipefail
cd "$(dirname "$0")/../../.."
out=$(mkdir -p "$1" && cd "$1" && pwd)
. .mvn/lanes-jdk.sh
after="benchmarks/target/test-classes:$(cat "$2")"
before="$3/bt:$(cat "$4")"
benchmarks/results/sitting-properties.sh > "$out/sitting.properties"
jmh() { # label classpath benchmark-regex options...
  "$JAVA_HOME/bin/java" -cp "$2" org.openjdk.jmh.Main "$3" "${@:4}" -rf json -rff "$out/jmh-$1.json" > "$out/jmh-$1.log" 2>&1
}
for round in 1 2; do
  jmh "norm-before-$round" "$before" NormalizationBenchmark -p provider=vector -p layer=batchNorm
  jmh "norm-after-$round" "$after" NormalizationBenchmark -p provider=vector -p layer=batchNorm
done
for round in 1 2; do
  jmh "gelu-before-$round" "$before" ActivationsBenchmark -p provider=vector -p activation=gelu -f 2 -wi 2 -w 1s -i 4 -r 1s
  jmh "gelu-after-$round" "$after" ActivationsBenchmark -p provider=vector -p activation=gelu -f 2 -wi 2 -w 1s -i 4 -r 1s
done
env -u OPENBLAS_CORETYPE /usr/bin/python3 benchmarks/pytorch/layers_peer.py --threads 1 --layers batchNorm --out "$out/pytorch-norm.json" 2> "$out/pytorch-norm.log"
env -u OPENBLAS_CORETYPE MALLOC_MMAP_THRESHOLD_=268435456 MALLOC_TRIM_THRESHOLD_=1073741824 MALLOC_TOP_PAD_=268435456 \
  /usr/bin/python3 benchmarks/pytorch/layers_peer.py --threads 1 --layers batchNorm --out "$out/pytorch-norm-pinned.json" 2> "$out/pytorch-norm-pinned.log"
env -u OPENBLAS_CORETYPE /usr/bin/python3 benchmarks/pytorch/peer.py --threads 1 --workloads activation --activations gelu \
  --out "$out/pytorch-gelu.json" 2> "$out/pytorch-gelu.log"
echo "load.end=$(cut -d' ' -f1-3 /proc/loadavg)" >> "$out/sitting.properties"

# Interleaved A/B for weights packed once (issue 14), after the first sitting (-sitting.sh) found whole forks switching
# between a fast and a slow mode of the host: one-fork runs alternating before/after (and none/packed), six pairs,
# so that each pair ran within ~20 s of each other. Class paths as in 2026-12-06-onnx-4-sitting.sh.
#   lanes-bench sh benchmarks/results/2026-12-06-onnx-4-interleaved.sh OUT_DIR
set -x
OUT=${1:-/tmp/onnx4i}
mkdir -p $OUT
J=${J:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
BASE=${BASE:-/work/wt-prepack-base}
CP_AFTER=benchmarks/target/test-classes:benchmarks/target/classes:$(cat ${CP_AFTER_FILE:-/tmp/prepack-cp.txt})
CP_BEFORE=$BASE/benchmarks/target/test-classes:$BASE/benchmarks/target/classes:$(cat ${CP_BEFORE_FILE:-/tmp/prepack-base-cp.txt})
VEC='--add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED'
bash benchmarks/results/sitting-properties.sh > $OUT/sitting.properties; cat $OUT/sitting.properties
for i in 1 2 3 4 5 6; do
  for cache in none packed; do
    $J -cp $CP_AFTER org.openjdk.jmh.Main InferencePhasesBenchmark -p net=784-256-128-10 -p batch=1024 -p phase=GEMM1 -p cache=$cache -f 1 -jvmArgsAppend "$VEC" -rf json -rff $OUT/gemm1-$cache-$i.json > /dev/null 2>&1
  done
done
for i in 1 2 3 4 5 6; do
  for which in before after; do
    if [ $which = before ]; then cp=$CP_BEFORE; else cp=$CP_AFTER; fi
    $J -cp $cp org.openjdk.jmh.Main OnnxInferenceBenchmark -p batch=1024 -p runtime=lanes,onnxruntime -f 1 -wi 2 -i 4 -jvmArgsAppend "$VEC" -rf json -rff $OUT/onnx-$which-$i.json > /dev/null 2>&1
  done
done
date -u; uptime

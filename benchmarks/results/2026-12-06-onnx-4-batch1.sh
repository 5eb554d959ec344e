# Batch 1 before/after weights packed once (issue 14): the batch-1 path (dot products, nothing packed) should not
# move. One-fork runs alternating before/after, six pairs. Class paths as in 2026-12-06-onnx-4-sitting.sh.
#   lanes-bench sh benchmarks/results/2026-12-06-onnx-4-batch1.sh OUT_DIR
set -x
OUT=${1:-/tmp/onnx4b1}
mkdir -p $OUT
J=${J:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
BASE=${BASE:-/work/wt-prepack-base}
CP_AFTER=benchmarks/target/test-classes:benchmarks/target/classes:$(cat ${CP_AFTER_FILE:-/tmp/prepack-cp.txt})
CP_BEFORE=$BASE/benchmarks/target/test-classes:$BASE/benchmarks/target/classes:$(cat ${CP_BEFORE_FILE:-/tmp/prepack-base-cp.txt})
VEC='--add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED'
date -u; uptime
for i in 1 2 3 4 5 6; do
  for which in before after; do
    if [ $which = before ]; then cp=$CP_BEFORE; else cp=$CP_AFTER; fi
    $J -cp $cp org.openjdk.jmh.Main OnnxInferenceBenchmark -p batch=1 -p runtime=lanes -f 1 -wi 2 -i 4 -jvmArgsAppend "$VEC" -rf json -rff $OUT/onnx-$which-$i.json > /dev/null 2>&1
  done
done
date -u; uptime

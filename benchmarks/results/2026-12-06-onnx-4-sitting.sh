# ONNX batch-1024 sitting for weights packed once (issue 14): before (main) and after (branch prepack) in one sitting.
# Run from the branch's repository root under the benchmark lock:
#   lanes-bench sh benchmarks/results/2026-12-06-onnx-4-sitting.sh OUT_DIR
# BASE = a worktree of main at the commit before (b70b8ea here, /work/wt-prepack-base). Each class path is that
# checkout's benchmarks test classes, then `./mvnw -pl benchmarks -am test-compile dependency:build-classpath
# -Dmdep.includeScope=test -Dmdep.outputFile=...` run in that checkout: with -am the Lanes modules resolve to that
# checkout's kernels/nn/onnx target/classes (not ~/.m2), so before and after cannot pick up each other's jars.
# J = a JDK 25 java.
set -x
OUT=${1:-/tmp/onnx4}
mkdir -p $OUT
J=${J:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
BASE=${BASE:-/work/wt-prepack-base}
CP_AFTER=benchmarks/target/test-classes:benchmarks/target/classes:$(cat ${CP_AFTER_FILE:-/tmp/prepack-cp.txt})
CP_BEFORE=$BASE/benchmarks/target/test-classes:$BASE/benchmarks/target/classes:$(cat ${CP_BEFORE_FILE:-/tmp/prepack-base-cp.txt})
VEC='--add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED'
bash benchmarks/results/sitting-properties.sh > $OUT/sitting.properties; cat $OUT/sitting.properties
onnx() { # $1 = before|after, $2 = repetition, then JMH arguments
  which=$1; rep=$2; shift 2
  if [ $which = before ]; then cp=$CP_BEFORE; else cp=$CP_AFTER; fi
  date -u; uptime
  $J -cp $cp org.openjdk.jmh.Main OnnxInferenceBenchmark "$@" -jvmArgsAppend "$VEC" -rf json -rff $OUT/onnx-$which-$rep.json 2>&1 | grep -E "^Onnx|^Benchmark"
}
$J -cp $CP_AFTER org.openjdk.jmh.Main 'GemmLimitsBenchmark.fmaPeak' -p shape=NT:1024x256x784 -f 2 -wi 3 -i 5 -w 500ms -r 500ms -jvmArgsAppend "$VEC" -rf json -rff $OUT/ceiling-a.json 2>&1 | grep -E "^Gemm|^Benchmark"
onnx before a -p batch=1024 -f 3
onnx after a -p batch=1024 -f 3
onnx after b -p batch=1024 -f 3
onnx before b -p batch=1024 -f 3
onnx before batch1 -p batch=1 -p runtime=lanes -f 2
onnx after batch1 -p batch=1 -p runtime=lanes -f 2
date -u; uptime
$J -cp $CP_AFTER org.openjdk.jmh.Main InferencePhasesBenchmark -p net=784-256-128-10 -p batch=1024 -p phase=GEMM1,GEMM2,GEMM3,KERNELS,NN -p cache=none,packed -f 2 -jvmArgsAppend "$VEC" -rf json -rff $OUT/phases.json 2>&1 | grep -E "^Inference|^Benchmark"
$J -cp $CP_AFTER org.openjdk.jmh.Main 'GemmLimitsBenchmark.(kernels|packB|epilogue|gemm)$' -p shape=NT:1024x256x784 -f 2 -jvmArgsAppend "$VEC" -rf json -rff $OUT/limits.json 2>&1 | grep -E "^Gemm|^Benchmark"
$J -cp $CP_AFTER org.openjdk.jmh.Main 'GemmLimitsBenchmark.fmaPeak' -p shape=NT:1024x256x784 -f 2 -wi 3 -i 5 -w 500ms -r 500ms -jvmArgsAppend "$VEC" -rf json -rff $OUT/ceiling-b.json 2>&1 | grep -E "^Gemm|^Benchmark"
date -u; uptime

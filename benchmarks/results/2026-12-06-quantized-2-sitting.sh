#!/bin/sh
# One sitting: QuantizedInferenceBenchmark on main 789809f's classes (before, copied to /tmp/narrow-before before any change)
# and branch narrow's (after), then HalfWideningBenchmark. Class path from the reactor (/tmp/narrow-cp.txt:
#   ./mvnw -B -ntp -q -pl benchmarks -am test-compile dependency:build-classpath -DskipTests -Dmdep.outputFile=/tmp/narrow-cp.txt -Dmdep.includeScope=test).
# Run as: lanes-bench benchmarks/results/2026-12-06-quantized-2-sitting.sh
set -e
cd /work/wt-narrow
J=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
DEPS=$(tr ':' '\n' < /tmp/narrow-cp.txt | grep -v '^/work/' | paste -sd:)
B=/tmp/narrow-before
BEFORE=$B/benchmarks-test-classes:$B/benchmarks-classes:$B/kernels-classes:$B/nn-classes:$B/onnx-classes:$DEPS
AFTER=benchmarks/target/test-classes:benchmarks/target/classes:kernels/target/classes:nn/target/classes:onnx/target/classes:$DEPS
O=/tmp/narrow-sitting
benchmarks/results/sitting-properties.sh > $O/sitting.properties
for v in before after; do
  if [ $v = before ]; then CP=$BEFORE; else CP=$AFTER; fi
  echo "== $v $(date -u +%T)"
  env -u OPENBLAS_CORETYPE $J --add-modules jdk.incubator.vector -cp $CP org.openjdk.jmh.Main QuantizedInferenceBenchmark \
    -f 2 -wi 1 -i 3 -w 1 -r 1 -jvmArgsAppend '--add-modules jdk.incubator.vector' -rf json -rff $O/quantized-$v.json > $O/quantized-$v.log 2>&1
done
echo "== widening $(date -u +%T)"
$J --add-modules jdk.incubator.vector -cp $AFTER org.openjdk.jmh.Main HalfWideningBenchmark -f 1 -wi 2 -i 3 -w 500ms -r 500ms \
  -jvmArgsAppend '--add-modules jdk.incubator.vector' -rf json -rff $O/widening.json > $O/widening.log 2>&1
echo "load.end=$(cut -d' ' -f1-3 /proc/loadavg)" >> $O/sitting.properties
echo "== done $(date -u +%T)"

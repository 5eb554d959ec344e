#!/bin/sh
# The issue's two-core step (784-256-10, SGD, batch 64; TrainingStepBenchmark) on 1 and 2 threads, with the kernels
# of this checkout (after) and of the commit before (BEFORE: a compiled kernels/target/classes of 8e597db),
# alternated twice, the order swapped in round 2. From anywhere, after the benchmarks' test-compile and
# benchmarks/cp.txt (see versions-jmh.sh):  BEFORE=DIR lanes-bench sh THIS_FILE OUT_DIR
J=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
OUT=$(mkdir -p "$1" && cd "$1" && pwd); cd "$(dirname "$0")/../../.."
REST="benchmarks/target/test-classes:benchmarks/target/classes:nn/target/classes:$(cat benchmarks/cp.txt)"
for r in 1 2; do
  order="after before"; [ $r -eq 2 ] && order="before after"
  for v in $order; do
  k=kernels/target/classes; [ $v = before ] && k=$BEFORE
  echo "$r $v $(date -u +%T) load $(cut -d' ' -f1 /proc/loadavg)" >> $OUT/order.txt
  $J --add-modules jdk.incubator.vector -cp "$k:$REST" org.openjdk.jmh.Main TrainingStepBenchmark -p net=784-256-10 -p batch=64 -f 3 -wi 5 -i 8 -w 1s -r 1s -rf json -rff $OUT/$v-$r.json > $OUT/$v-$r.log 2>&1
done; done

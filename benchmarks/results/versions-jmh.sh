#!/bin/sh
# Sourced by sitting scripts that alternate the kernels of two commits in one hold. Defines
#   jmh VERSION NAME JMH_ARGS...
# which runs JMH with the kernels of VERSION ("before": $BEFORE, a compiled kernels/target/classes of the earlier
# commit; anything else: this checkout's kernels/target/classes) into $OUT/NAME.json and .log, and appends NAME, the
# time and the load average to $OUT/order.txt. Expects $J (the java launcher), $OUT, $BEFORE, and the working folder
# at the repository root with benchmarks/cp.txt (dependency:build-classpath of the benchmarks module).
REST="benchmarks/target/test-classes:benchmarks/target/classes:nn/target/classes:$(cat benchmarks/cp.txt)"
jmh() {
  v=$1; name=$2; shift 2
  if [ "$v" = before ]; then k=$BEFORE; else k=kernels/target/classes; fi
  echo "$name $(date -u +%T) load $(cut -d' ' -f1 /proc/loadavg)" >> "$OUT/order.txt"
  $J --add-modules jdk.incubator.vector -cp "$k:$REST" org.openjdk.jmh.Main "$@" -rf json -rff "$OUT/$name.json" > "$OUT/$name.log" 2>&1
}

#!/usr/bin/env bash
# Before/after of the width changes, interleaved in one sitting: the same JMH run on saved copies of the kernels
# classes (NAME=DIR pairs), each in turn, for ROUNDS rounds. Run from the repository root under the benchmark lock:
#   lanes-bench benchmarks/results/2026-12-06-widths/versions.sh OUT_DIR CP_FILE 'JMH ARGS' NAME=DIR...
# CP_FILE as for sitting.sh; each DIR replaces kernels/target/classes in it.
set -u
OUT=${1:?out}; CPF=${2:?cp}; ARGS=${3:?jmh args}; shift 3
mkdir -p "$OUT"
J=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
VEC='--add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED'
bash benchmarks/results/sitting-properties.sh > "$OUT/sitting.properties" 2>/dev/null
echo "jmh.args=$ARGS" >> "$OUT/sitting.properties"
for round in $(seq 1 ${ROUNDS:-1}); do
  for v in "$@"; do
    name=${v%%=*}; dir=${v#*=}
    CP=benchmarks/target/test-classes:benchmarks/target/classes:$(sed "s#[^:]*/kernels/target/classes#$dir#" "$CPF")
    echo "== round $round $name $(date -u +%T) load $(cut -d' ' -f1 /proc/loadavg)"
    echo "$name=$dir" >> "$OUT/sitting.properties"
    # shellcheck disable=SC2086
    "$J" -cp "$CP" org.openjdk.jmh.Main $ARGS -jvmArgsAppend "$VEC" -rf json -rff "$OUT/$name-$round.json" > "$OUT/$name-$round.log" 2>&1
  done
done
"$J" -cp "benchmarks/target/test-classes:benchmarks/target/classes:$(cat "$CPF")" org.openjdk.jmh.Main 'GemmLimitsBenchmark.fmaPeak' -p shape=NT:64x256x784 -f 1 -wi 2 -i 3 -w 500ms -r 500ms -jvmArgsAppend "$VEC" -rf json -rff "$OUT/ceiling.json" > "$OUT/ceiling.log" 2>&1
date -u; cut -d' ' -f1-3 /proc/loadavg

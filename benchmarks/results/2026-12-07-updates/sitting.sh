#!/bin/sh
# The main job (`./lanes train`, its defaults: 784-512-128-10, batch norm, dropout, Adam, batch 64) on 1 and 2
# threads with the optimiser updates on the worker pool (this checkout) and without (BEFORE: a checkout of the commit
# before, its CLI built with `./mvnw -q -B -ntp package -DskipTests -pl cli -am`), alternated four times, with
# PyTorch (cli/scripts/pytorch_compare.py, one thread: its best on two cores) once per round and the FMA ceiling
# before and after; the two versions' order swaps every round. From the repository root, after `./mvnw install -DskipTests`, alone on the machine:
#   lanes-bench sh benchmarks/results/2026-12-07-updates/sitting.sh OUT_DIR BEFORE_CHECKOUT
# then: python3 benchmarks/results/2026-12-07-updates/summary.py OUT_DIR
# ROUNDS=N (default 4) and THREADS="2" (default "1 2") narrow it; TORCH=no leaves PyTorch out.
set -eu
OUT=$1; BEFORE=$2
EPOCHS=${EPOCHS:-5}
ROUNDS=${ROUNDS:-4}
THREADS=${THREADS:-1 2}
TORCH=${TORCH:-yes}
J=${J:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
mkdir -p "$OUT"
./mvnw -q -B -ntp -o -pl benchmarks dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$OUT/cp.txt" >/dev/null
CP=benchmarks/target/test-classes:benchmarks/target/classes:$(cat "$OUT/cp.txt")
ceiling() {
  $J -cp "$CP" org.openjdk.jmh.Main 'GemmLimitsBenchmark.fmaPeak' -p shape=NT:1024x256x784 -f 1 -wi 3 -i 5 -w 500ms -r 500ms \
    -jvmArgsAppend '--add-modules jdk.incubator.vector' -rf json -rff "$OUT/ceiling-$1.json" > "$OUT/ceiling-$1.log" 2>&1
}
ceiling start
HERE=$(pwd)
for round in $(seq "$ROUNDS"); do
  order="after before"; [ $((round % 2)) -eq 0 ] && order="before after"
  for version in $order; do
    dir=$HERE; [ "$version" = before ] && dir=$BEFORE
    for t in $THREADS; do
      echo "$round $version t$t $(date -u +%T) load $(cut -d' ' -f1 /proc/loadavg)" >> "$OUT/order.txt"
      (cd "$dir" && ./lanes train --seed 1 --epochs "$EPOCHS" --threads "$t" --no-progress -o "$OUT/$version-$round-t$t") \
        > "$OUT/$version-$round-t$t.txt" 2>&1
    done
  done
  [ "$TORCH" = yes ] || continue
  echo "$round pytorch $(date -u +%T) load $(cut -d' ' -f1 /proc/loadavg)" >> "$OUT/order.txt"
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 \
    MALLOC_MMAP_THRESHOLD_=268435456 MALLOC_TRIM_THRESHOLD_=1073741824 MALLOC_TOP_PAD_=268435456 \
    /usr/bin/python3 cli/scripts/pytorch_compare.py --seeds 1 --epochs "$EPOCHS" --threads 1 > "$OUT/torch-$round.txt" 2>&1
done
ceiling end

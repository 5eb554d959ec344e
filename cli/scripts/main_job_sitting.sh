#!/bin/sh
# The main job beside PyTorch (issue 16): `./lanes train` with its defaults against cli/scripts/pytorch_compare.py
# with the same settings, on 1 and 2 threads, twice, with the FMA ceiling measured before and after.
# Run from the repository root, alone on the machine, after `./mvnw install -DskipTests` (the ceiling's JMH class
# path comes from ~/.m2; the CLI jar from cli/target):
#   sh cli/scripts/main_job_sitting.sh OUT_DIR            (EPOCHS=5 by default; SEED=1)
# Speeds: PyTorch prints samples/s over its epochs' training loops; Lanes writes each epoch's seconds and samples/s
# to metrics.csv (cli/scripts/main_job_summary.py reads both and prints the table).
set -eu
OUT=${1:-/tmp/mainjob}
EPOCHS=${EPOCHS:-5}
SEED=${SEED:-1}
J=${J:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
mkdir -p "$OUT"
./mvnw -q -B -ntp -pl benchmarks dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$OUT/cp.txt" >/dev/null
CP=benchmarks/target/test-classes:benchmarks/target/classes:$(cat "$OUT/cp.txt")
VEC='--add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED'
ceiling() {
  # shellcheck disable=SC2086 # VEC is a list of options
  $J -cp "$CP" org.openjdk.jmh.Main 'GemmLimitsBenchmark.fmaPeak' -p shape=NT:1024x256x784 -f 2 -wi 3 -i 5 -w 500ms -r 500ms \
    -jvmArgsAppend "$VEC" -rf json -rff "$OUT/ceiling-$1.json" 2>&1 | grep -E "^Gemm|^Benchmark"
}
bash benchmarks/results/sitting-properties.sh || true
ceiling before
for rep in a b; do
  date -u; uptime
  for t in 2 1; do
    ./lanes train --seed "$SEED" --epochs "$EPOCHS" --threads "$t" --no-progress -o "$OUT/lanes-$rep-t$t" > "$OUT/lanes-$rep-t$t.txt" 2>&1
  done
  # PyTorch at its best, as benchmarks/pytorch/peer.py runs it: OPENBLAS_CORETYPE unset (these machines preset it to
  # Haswell, which halves OpenBLAS), OpenBLAS and OpenMP threads equal to the budget, and glibc's heap both as it
  # comes and pinned (freed buffers kept mapped); main_job_summary.py keeps the faster.
  for t in 1 2; do
    env -u OPENBLAS_CORETYPE OPENBLAS_NUM_THREADS="$t" OMP_NUM_THREADS="$t" \
      /usr/bin/python3 cli/scripts/pytorch_compare.py --seeds "$SEED" --epochs "$EPOCHS" --threads "$t" > "$OUT/torch-$rep-t$t-comes.txt" 2>&1
    env -u OPENBLAS_CORETYPE OPENBLAS_NUM_THREADS="$t" OMP_NUM_THREADS="$t" \
      MALLOC_MMAP_THRESHOLD_=268435456 MALLOC_TRIM_THRESHOLD_=1073741824 MALLOC_TOP_PAD_=268435456 \
      /usr/bin/python3 cli/scripts/pytorch_compare.py --seeds "$SEED" --epochs "$EPOCHS" --threads "$t" > "$OUT/torch-$rep-t$t-pinned.txt" 2>&1
  done
done
ceiling after
date -u; uptime

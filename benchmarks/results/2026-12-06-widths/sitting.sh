#!/usr/bin/env bash
# Issue 16 "any layer width": GEMMs of a 784-h layer's training step at batch 64 for widths on and off the
# 6 x 64 register tile, the 784-100-200-10 step beside on-tile nets, and the PyTorch peer, in one sitting.
# Run from the repository root under the benchmark lock:
#   lanes-bench benchmarks/results/2026-12-06-widths/sitting.sh OUT_DIR CP_FILE [KERNEL_CLASSES] [PARTS]
# CP_FILE from `./mvnw -q -B -ntp -pl benchmarks -am test-compile dependency:build-classpath -DskipTests
#   -Dmdep.outputFile=CP_FILE -Dmdep.includeScope=test` on this worktree: it names the worktree's
# kernels/target/classes and nn/target/classes (not ~/.m2). KERNEL_CLASSES, if given, replaces
# kernels/target/classes (a saved copy of another version, for before/after). PARTS: gemm,step,torch (default all).
set -u
OUT=${1:?out dir}; CPF=${2:?class path file}; KC=${3:-}; PARTS=${4:-gemm,step,torch}
mkdir -p "$OUT"
J=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
DEPS=$(cat "$CPF")
[ -n "$KC" ] && DEPS=$(echo "$DEPS" | sed "s#[^:]*/kernels/target/classes#$KC#")
CP=benchmarks/target/test-classes:benchmarks/target/classes:$DEPS
VEC='--add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED'
bash benchmarks/results/sitting-properties.sh > "$OUT/sitting.properties" 2>/dev/null
echo "kernel.classes=${KC:-worktree kernels/target/classes}" >> "$OUT/sitting.properties"
has() { case ",$PARTS," in *",$1,"*) return 0 ;; *) return 1 ;; esac; }
jmh() { "$J" -cp "$CP" org.openjdk.jmh.Main "$@" -jvmArgsAppend "$VEC" 2>&1 | grep -E "^(Gemm|Training)[A-Za-z.]* .*(gflop|samples) " ; }
jmh 'GemmLimitsBenchmark.fmaPeak' -p shape=NT:64x256x784 -f 1 -wi 2 -i 3 -w 500ms -r 500ms -rf json -rff "$OUT/ceiling-a.json"
if has gemm; then
  SHAPES=${SHAPES:-}
  if [ -z "$SHAPES" ]; then
    for h in 96 100 128 192 200 256 300 320 500 512 1000 1024; do
      SHAPES="$SHAPES,NT:64x${h}x784,TN:${h}x784x64,NN:64x784x${h}"
    done
    SHAPES=${SHAPES#,}
  fi
  date -u
  jmh 'GemmBenchmark.gemm' -p impl=vector -p threads=1 -p shape="$SHAPES" -f 2 -wi 5 -w 400ms -i 4 -r 400ms -rf json -rff "$OUT/gemm.json"
fi
if has step; then
  date -u
  jmh 'TrainingStepBenchmark.step' -p net=${NETS:-784-100-200-10,784-96-192-10,784-128-256-10} -p batch=64 -p threads=1 -f 3 -wi 3 -i 5 -rf json -rff "$OUT/step.json"
fi
if has torch; then
  date -u
  env -u OPENBLAS_CORETYPE /usr/bin/python3 benchmarks/pytorch/peer.py --threads 1 --workloads train \
    --nets ${NETS:-784-100-200-10,784-96-192-10,784-128-256-10} --batches 64 --out "$OUT/torch.json" 2>&1 | grep '^train'
fi
jmh 'GemmLimitsBenchmark.fmaPeak' -p shape=NT:64x256x784 -f 1 -wi 2 -i 3 -w 500ms -r 500ms -rf json -rff "$OUT/ceiling-b.json"
date -u; cut -d' ' -f1-3 /proc/loadavg

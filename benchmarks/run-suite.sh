#!/usr/bin/env bash
# One sitting of the whole suite on this machine: the JMH benchmarks, each stage followed at once by the PyTorch
# peer of the same workload, then benchmarks/results/<sitting>/results.md and its charts (dev.lanes.benchmarks.Report).
#
#   benchmarks/run-suite.sh [--quick] [--stages ceiling,memory,softmax,activations,training,inference,gemm,pytorch] [--out DIR]
#
# Each stage holds the team's benchmark lock ($LANES_BENCH_LOCK, default /tmp/lanes-bench.lock) while it runs,
# so no two benchmarks ever run at once on the shared machine; stages are a few minutes each.
# OpenBLAS (GEMM's peer) and PyTorch run with OPENBLAS_CORETYPE unset: these machines preset it to Haswell,
# which halves OpenBLAS (see benchmarks/pytorch/peer.py, and its thread settings).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

quick=false
stages=ceiling,memory,softmax,activations,training,inference,gemm,pytorch
out=
while [ $# -gt 0 ]; do
  case $1 in
    --quick) quick=true ;;
    --stages) stages=$2; shift ;;
    --out) out=$2; shift ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
[ -n "$out" ] || out=benchmarks/results/$(date -u +%Y-%m-%d-%H%M)$($quick && echo -quick || true)
mkdir -p "$out"
out=$(cd "$out" && pwd)

. .mvn/lanes-jdk.sh   # sets JAVA_HOME to a JDK 25+, as ./mvnw does
lock=${LANES_BENCH_LOCK:-/tmp/lanes-bench.lock}
locked() { if command -v flock >/dev/null; then flock "$lock" "$@"; else "$@"; fi; }
has_stage() { case ",$stages," in *",$1,"*) return 0 ;; *) return 1 ;; esac; }

jmh_quick=()
$quick && jmh_quick=(-Pquick)
jmh_command="env -u OPENBLAS_CORETYPE ./mvnw -B -ntp -pl benchmarks jmh:benchmark ${jmh_quick[*]} -Djmh.rf=json -Djmh.rff=<out>/jmh-<stage>.json -Djmh.benchmarks=<Class> [-Djmh.prof=gc]"
torch_command="env -u OPENBLAS_CORETYPE /usr/bin/python3 benchmarks/pytorch/peer.py --threads N$($quick && echo ' --quick' || true) --workloads W --out <out>/pytorch-N-W.json (right after W's JMH stage)"

{
  echo "date=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "machine=$(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -n 1)"
  echo "cpus=$(nproc)"
  echo "os=$(uname -sr)"
  echo "jdk=$("$JAVA_HOME/bin/java" -version 2>&1 | sed -n 2p)"
  echo "commit=$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- kernels nn benchmarks/src || echo ' (with uncommitted changes)')"
  echo "jmh.command=$jmh_command"
  echo "torch.command=$torch_command"
} > "$out/sitting.properties"

# stage name -> benchmark class, and whether to add the GC profiler (allocation per operation)
# The machine is shared: record its load (1-minute load average) as each stage starts, beside the figures.
record_load() { echo "load.$1=$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo '?') (1-minute load average at the start, $(nproc) CPUs)" >> "$out/sitting.properties"; }

run_jmh() {
  local stage=$1 regex=$2 prof=${3:-}
  echo "== JMH: $stage ($regex) -> $out/jmh-$stage.json" >&2
  record_load "$stage"
  locked env -u OPENBLAS_CORETYPE ./mvnw -B -ntp -pl benchmarks jmh:benchmark "${jmh_quick[@]}" \
    -Djmh.rf=json -Djmh.rff="$out/jmh-$stage.json" -Djmh.benchmarks="$regex" ${prof:+-Djmh.prof=$prof}
}

# The FMA ceiling of this core (24 independent FMA chains on registers) first and last: hosts run this VM at
# different rates (117 to 226 GFLOP/s a core have been seen), so every figure is read against its own sitting's.
ceiling_regex='GemmLimitsBenchmark.fmaPeak,-p,shape=NT:128x256x784,-f,2'
# A workload's PyTorch figures (the pytorch stage) are taken right after its JMH stage, into pytorch-<threads>-<workload>.json,
# not in one run at the end: the host's speed moves by 20–30% between minutes, and a ratio whose two sides are half
# an hour apart measures the host as much as the code (2026-12-07: inference of 784-100-200-10 at batch 1024 came out
# at 0.75× PyTorch that way, at 1.02–1.12× with the two alternated: benchmarks/results/2026-12-07-inference.md).
peer() {   # workloads, suffix of the output file
  local workloads=$1 suffix=$2 threads
  for threads in 1 2; do
    echo "== PyTorch: $workloads, $threads thread(s) -> $out/pytorch-$threads$suffix.json" >&2
    record_load "pytorch-$threads$suffix"
    locked env -u OPENBLAS_CORETYPE /usr/bin/python3 benchmarks/pytorch/peer.py --threads "$threads" \
      $($quick && echo --quick || true) --workloads "$workloads" --out "$out/pytorch-$threads$suffix.json"
  done
}
run_peer() {
  has_stage pytorch || return 0
  peer "$1" "-$1"
}

has_stage ceiling   && run_jmh ceiling   "$ceiling_regex"
has_stage memory    && run_jmh memory    'MemoryBoundBenchmark'
has_stage softmax   && { run_jmh softmax 'SoftmaxBenchmark'; run_peer softmax; }
has_stage activations && { run_jmh activations 'ActivationsBenchmark'; run_peer activation; }
has_stage training  && { run_jmh training 'TrainingStepBenchmark' gc; run_peer train; }
# anchored: the ONNX and quantized variants have their own sittings
has_stage inference && { run_jmh inference '\.InferenceBenchmark'; run_peer infer; }
if has_stage gemm; then
  if [ -f benchmarks/src/test/java/dev/lanes/benchmarks/GemmBenchmark.java ]; then
    # JMH runs the parameter combinations with impl slowest (it orders parameters by name), so every Lanes shape
    # runs minutes before its OpenBLAS peer, and a host phase can fall on one side only (2026-12-07: Lanes' 1024³
    # at 68% of the ceiling here, 84% with the two alternated). For a ratio to rely on, alternate them:
    # benchmarks/results/2026-12-07-gemm-pairs/sitting.sh.
    run_jmh gemm 'GemmBenchmark' gc                             # vector against OpenBLAS (through FFM)
    run_jmh gemm-extra 'Gemm(Fused|Scalar)Benchmark' gc         # fused epilogue; the scalar provider
  else
    echo "== JMH: gemm: no GEMM benchmark in this tree, skipped" >&2
  fi
fi

# The peer's workloads whose JMH stage was not run (--stages pytorch alone, say), in one run each.
rest=
for stage_workload in softmax:softmax activations:activation training:train inference:infer; do
  has_stage "${stage_workload%%:*}" || rest=${rest:+$rest,}${stage_workload#*:}
done
if has_stage pytorch && [ -n "$rest" ]; then
  peer "$rest" ""
fi

has_stage ceiling && run_jmh ceiling-end "$ceiling_regex"

# The report: benchmarks/target/classes (built by the JMH stages, or here) and its runtime dependencies.
./mvnw -q -B -ntp -pl benchmarks process-classes dependency:build-classpath \
  -Dmdep.outputFile=target/report.classpath -Dmdep.includeScope=runtime
"$JAVA_HOME/bin/java" -Djava.awt.headless=true \
  -cp "benchmarks/target/classes:$(cat benchmarks/target/report.classpath)" dev.lanes.benchmarks.Report "$out"

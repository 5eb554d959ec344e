#!/bin/sh
# tanh, GELU-tanh, ELU, SiLU and softplus, forward and both passes: Lanes before (the classes of BEFORE_CLASSES, a kernels/target/classes of the
# commit before) and after (this tree's) and PyTorch, alternated over two rounds, 1 thread, in one lanes-bench hold.
# From the repository root, after
#   ./mvnw -q -B -ntp -pl benchmarks -am test-compile dependency:build-classpath -Dmdep.outputFile=cp.txt -Dmdep.includeScope=test
#   lanes-bench sh benchmarks/results/2026-12-07-activation-tails/sitting.sh OUT_DIR BEFORE_CLASSES
set -e
J=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
OUT=$(mkdir -p "$1" && cd "$1" && pwd)
BEFORE=$(cd "$2" && pwd)
cd "$(dirname "$0")/../../.."
REST="benchmarks/target/test-classes:benchmarks/target/classes:nn/target/classes:$(cat benchmarks/cp.txt)"
for r in 1 2; do
  for v in before after; do
    if [ $v = before ]; then K=$BEFORE; else K=kernels/target/classes; fi
    echo "$r $v $(date -u +%T) load $(cut -d' ' -f1 /proc/loadavg)" >> $OUT/order.txt
    $J --add-modules jdk.incubator.vector -cp "$K:$REST" org.openjdk.jmh.Main 'ActivationsBenchmark' \
      -p activation=tanh,geluTanh,elu,silu,softplus -f 1 -rf json -rff $OUT/lanes-$v-$r.json > $OUT/lanes-$v-$r.log 2>&1
  done
  echo "$r pytorch $(date -u +%T) load $(cut -d' ' -f1 /proc/loadavg)" >> $OUT/order.txt
  env -u OPENBLAS_CORETYPE /usr/bin/python3 benchmarks/pytorch/peer.py --threads 1 --workloads activation \
    --activations tanh,geluTanh,elu,silu,softplus --out $OUT/pytorch-$r.json > $OUT/pytorch-$r.log 2>&1
done

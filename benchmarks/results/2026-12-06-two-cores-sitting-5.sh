# Sitting 5 of 2026-12-06-two-cores.md: parts claimed from a shared counter (GemmPool, branch cores) against
# main's fixed assignment, interleaved: BEFORE = kernels classes of main 76420bb (/tmp/cores-before-classes; the
# 784-256-10 step's cuts are the same under both Plans), AFTER = this worktree.
J=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
DEPS=$(cat /tmp/cores-cp.txt)
AFTER=benchmarks/target/test-classes:benchmarks/target/classes:$DEPS
BEFORE=benchmarks/target/test-classes:benchmarks/target/classes:$(echo "$DEPS" | sed "s#/work/wt-cores/kernels/target/classes#/tmp/cores-before-classes#")
OUT=${OUT:-/tmp/cores-sit}
benchmarks/results/sitting-properties.sh
for round in 1 2; do
  for v in before after; do
    if [ $v = before ]; then CP=$BEFORE; else CP=$AFTER; fi
    echo "== round $round $v $(date -u +%T)"
    $J -cp $CP org.openjdk.jmh.Main 'TrainingStepBenchmark.step' -p net=784-256-10 -p batch=64 -p threads=1,2 -f 2 -rf json -rff $OUT/s5-step-$v-$round.json 2>&1 | grep -E "^TrainingStep.*samples"
  done
done
for v in before after; do
  if [ $v = before ]; then CP=$BEFORE; else CP=$AFTER; fi
  echo "== $v $(date -u +%T)"
  $J -cp $CP org.openjdk.jmh.Main 'GemmBenchmark.gemm' -p impl=vector -p threads=2 -p shape=NT:64x256x784,TN:256x784x64 -f 2 -rf json -rff $OUT/s5-gemm-$v.json 2>&1 | grep -E "^GemmBenchmark.gemm "
done
date -u; cut -d' ' -f1-3 /proc/loadavg

# Sitting 2 of 2026-12-06-two-cores.md: the minimum-work rule per part (branch cores) before/after, the two nets'
# batch-64 steps at 1 and 2 threads, and the step timeline. BEFORE is a copy of kernels/target/classes built
# from main 76420bb (cp -r kernels/target/classes /tmp/cores-before-classes before the Plan change).
J=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
DEPS=$(cat /tmp/cores-cp.txt)
AFTER=benchmarks/target/test-classes:benchmarks/target/classes:$DEPS
BEFORE=benchmarks/target/test-classes:benchmarks/target/classes:$(echo "$DEPS" | sed "s#/work/wt-cores/kernels/target/classes#/tmp/cores-before-classes#")
OUT=${OUT:-/tmp/cores-sit}
benchmarks/results/sitting-properties.sh
for v in before after; do
  if [ $v = before ]; then CP=$BEFORE; else CP=$AFTER; fi
  echo "== $v"
  $J -cp $CP org.openjdk.jmh.Main 'GemmBenchmark.gemm' -p impl=vector -p threads=2 -p shape=NT:64x100x784 -f 2 -rf json -rff $OUT/s2-gemm-$v.json 2>&1 | grep -E "^GemmBenchmark"
  $J -cp $CP org.openjdk.jmh.Main 'TrainingStepBenchmark.step' -p net=784-100-200-10 -p batch=64 -p threads=2 -f 2 -rf json -rff $OUT/s2-seedstep-$v.json 2>&1 | grep -E "^TrainingStep"
done
echo "== after"
$J -cp $AFTER org.openjdk.jmh.Main 'TrainingStepBenchmark.step' -p net=784-256-10,784-100-200-10 -p batch=64 -p threads=1,2 -f 2 -rf json -rff $OUT/s2-step.json 2>&1 | grep -E "^TrainingStep"
$J -cp $AFTER org.openjdk.jmh.Main 'TrainingStepTimelineBenchmark' -p threads=1,2 -f 2 -rf json -rff $OUT/s2-timeline.json 2>&1 | grep -E "^TrainingStepTimeline"
date -u; cut -d' ' -f1-3 /proc/loadavg

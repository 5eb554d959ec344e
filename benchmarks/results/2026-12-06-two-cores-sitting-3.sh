# Sitting 3 of 2026-12-06-two-cores.md: the batch-64 steps at 1 and 2 threads on branch cores' code (Plan with
# MIN_FLOPS_PER_PART), 3 forks for 784-256-10, with what else ran on the machine before and after.
J=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
CP=benchmarks/target/test-classes:benchmarks/target/classes:$(cat /tmp/cores-cp.txt)
OUT=${OUT:-/tmp/cores-sit}
benchmarks/results/sitting-properties.sh
ps -eo pcpu,etime,comm --sort=-pcpu | head -4
$J -cp $CP org.openjdk.jmh.Main 'TrainingStepBenchmark.step' -p net=784-256-10 -p batch=64 -p threads=1,2 -f 3 -rf json -rff $OUT/s3-step.json 2>&1 | grep -E "^TrainingStep"
$J -cp $CP org.openjdk.jmh.Main 'TrainingStepBenchmark.step' -p net=784-100-200-10 -p batch=64 -p threads=1,2 -f 2 -rf json -rff $OUT/s3-seedstep.json 2>&1 | grep -E "^TrainingStep"
ps -eo pcpu,etime,comm --sort=-pcpu | head -4
date -u; cut -d' ' -f1-3 /proc/loadavg

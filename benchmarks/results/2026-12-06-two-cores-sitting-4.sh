# Sitting 4 of 2026-12-06-two-cores.md: the 784-256-10 batch-64 step at 1 and 2 threads, every JMH line
# time-stamped, while a monitor (/tmp/cores-sit/monitor.sh) logs any other java process running meanwhile.
J=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
CP=benchmarks/target/test-classes:benchmarks/target/classes:$(cat /tmp/cores-cp.txt)
OUT=${OUT:-/tmp/cores-sit}
benchmarks/results/sitting-properties.sh
$J -cp $CP org.openjdk.jmh.Main 'TrainingStepBenchmark.step' -p net=784-256-10 -p batch=64 -p threads=1,2 -f 3 -rf json -rff $OUT/s4-step.json 2>&1 \
  | while IFS= read -r line; do echo "$(date -u +%T) $line"; done | grep -E "Iteration|Fork|^.{9}TrainingStep"

#!/bin/sh
# The GEMM beside OpenBLAS on this host, 1 and 2 threads, with the FMA ceiling before and after. From the repository
# root, after `./mvnw install -DskipTests` and the benchmarks classpath in benchmarks/cp.txt:
#   flock -x /tmp/lanes-bench.lock env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE sh benchmarks/results/2026-12-07-zen4/sitting.sh OUT
# (the training step of the same sitting: benchmarks/results/2026-12-07-step/sitting.sh OUT2)
set -e
OUT=$1; J=${J:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}; BEFORE=unused
mkdir -p "$OUT"
. benchmarks/results/versions-jmh.sh
jmh after ceiling 'GemmLimitsBenchmark.fmaPeak' -f 2 -wi 3 -i 5 -w 1 -r 1
jmh after gemm-suite 'GemmBenchmark' -p impl=vector,openblas -p threads=1,2
jmh after ceiling-after 'GemmLimitsBenchmark.fmaPeak' -f 1 -wi 3 -i 5 -w 1 -r 1 -p shape=NT:64x256x784

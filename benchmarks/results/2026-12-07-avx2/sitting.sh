#!/bin/sh
# The GEMM on an AVX2 host (256-bit vectors, 16 vector registers): the kernels before and after the register tile
# read A by row offset plus p, alternated in one hold with OpenBLAS, 1 thread, with the FMA ceiling at both ends.
# From the repository root, with the earlier commit's kernels compiled at $BEFORE:
#   BEFORE=/tmp/wt-before/kernels/target/classes OUT=benchmarks/results/2026-12-07-avx2 \
#     flock -x /tmp/lanes-bench.lock sh benchmarks/results/2026-12-07-avx2/sitting.sh
set -e
J=${J:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
. benchmarks/results/versions-jmh.sh
unset OPENBLAS_CORETYPE
SHAPES=NN:1024x1024x1024,NT:64x256x784,NT:128x256x784,TN:256x784x128,TN:256x784x64,NN:128x784x256
RUN="-f 1 -wi 3 -i 5 -p threads=1 -p shape=$SHAPES"
jmh after ceiling-start 'GemmLimitsBenchmark.fmaPeak' -p shape=NT:64x256x784 -f 1 -wi 3 -i 5
for r in 1 2 3 4 5; do
  jmh before before-$r 'dev.lanes.benchmarks.GemmBenchmark' -p impl=vector $RUN
  jmh after after-$r 'dev.lanes.benchmarks.GemmBenchmark' -p impl=vector $RUN
  jmh after openblas-$r 'dev.lanes.benchmarks.GemmBenchmark' -p impl=openblas $RUN
done
jmh after ceiling-end 'GemmLimitsBenchmark.fmaPeak' -p shape=NT:64x256x784 -f 1 -wi 3 -i 5

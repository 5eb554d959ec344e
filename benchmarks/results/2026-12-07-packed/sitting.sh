#!/bin/sh
# Weights packed once (Quantizer.pack) against the imported model packing at every call and ONNX Runtime, one
# thread, with the FMA ceiling of the sitting; ROUNDS rounds (default 2). From the repository root, after
# `./mvnw install -DskipTests` and the benchmarks classpath in benchmarks/cp.txt:
#   flock -x /tmp/lanes-bench.lock sh benchmarks/results/2026-12-07-packed/sitting.sh OUT
set -e
OUT=$1; J=${J:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}; BEFORE=unused
mkdir -p "$OUT"
. benchmarks/results/versions-jmh.sh
for r in $(seq 1 "${ROUNDS:-2}"); do
  jmh after ceiling-$r 'GemmLimitsBenchmark.fmaPeak' -f 2 -wi 3 -i 5 -w 1 -r 1
  jmh after onnx-$r 'OnnxInferenceBenchmark' -p runtime=lanes,lanes-packed,onnxruntime -p batch=1,4,12,16,64,1024
done
# The products alone (GemmBenchmark, B packed in the set-up for vector-packed), one thread:
jmh after gemm 'GemmBenchmark' -p impl=vector,vector-packed -p threads=1 \
  -p shape=NT:1x256x784,NT:4x256x784,NT:12x256x784,NT:16x256x784,NT:64x256x784,NT:1024x256x784,NT:16x128x256,NT:16x10x128

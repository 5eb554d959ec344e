#!/bin/sh
# BatchNorm1d(1024) in training mode on 1024x1024 floats, Lanes (JMH) and PyTorch alternated, 1 thread.
set -e
J=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
OUT=$(mkdir -p "$1" && cd "$1" && pwd)
cd "$(dirname "$0")/../../.."
CP="benchmarks/target/test-classes:benchmarks/target/classes:kernels/target/classes:nn/target/classes:onnx/target/classes:$(cat benchmarks/cp.txt)"
echo "start $(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg)" > $OUT/order.txt
for r in 1 2; do
  $J --add-modules jdk.incubator.vector -cp "$CP" org.openjdk.jmh.Main NormalizationBenchmark -p provider=vector -p layer=batchNorm \
    -rf json -rff $OUT/lanes-$r.json > $OUT/lanes-$r.log 2>&1
  echo "lanes $r done $(date -u +%T)" >> $OUT/order.txt
  env -u OPENBLAS_CORETYPE MALLOC_MMAP_THRESHOLD_=268435456 MALLOC_TRIM_THRESHOLD_=1073741824 MALLOC_TOP_PAD_=268435456 \
    /usr/bin/python3 benchmarks/pytorch/layers_peer.py --threads 1 --layers batchNorm --out $OUT/pytorch-pinned-$r.json 2> $OUT/pytorch-pinned-$r.log
  env -u OPENBLAS_CORETYPE /usr/bin/python3 benchmarks/pytorch/layers_peer.py --threads 1 --layers batchNorm --out $OUT/pytorch-$r.json 2> $OUT/pytorch-$r.log
  echo "pytorch $r done $(date -u +%T)" >> $OUT/order.txt
done
echo "end $(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg)" >> $OUT/order.txt

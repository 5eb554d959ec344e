J=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
CP=$(cat /tmp/gemm-fullcp.txt)
cd /work/wt-gemm
date -u; uptime
env -u OPENBLAS_CORETYPE $J -cp $CP org.openjdk.jmh.Main 'GemmLimitsBenchmark' -p shape=NT:1024x256x784,NT:1024x128x256 -f 1 -wi 3 -i 5 -rf json -rff /tmp/gemm-sit/limits1.json 2>&1 | grep -E "gflop|^Benchmark"
date -u; uptime

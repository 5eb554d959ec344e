J=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
CP=$(cat /tmp/gemm-fullcp.txt)
cd /work/wt-gemm
date -u; uptime
$J -cp $CP org.openjdk.jmh.Main 'GemmLimitsBenchmark.(fmaPeak|kernelL1)' -p shape=NT:128x256x784 -f 2 -wi 3 -i 5 -rf json -rff /tmp/gemm-sit/ceiling1.json 2>&1 | grep -E "^GemmLimits|^Benchmark"
date -u
$J --add-modules jdk.incubator.vector -cp $CP dev.lanes.kernels.vector.gemm.BlockingProbe +NT:1024x256x784 real kc=384 kc=384,order=ir kc=400 kc=800 kc=800,order=ir kc=800,mc=48 kc=800,mc=192 kc=800,nc=128 kc=800,nc=128,order=ir 2>&1 | grep -v WARN
date -u; uptime

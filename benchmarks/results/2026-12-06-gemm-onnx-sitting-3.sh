J=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
CP=$(cat /tmp/gemm-fullcp.txt)
cd /work/wt-gemm
date -u; uptime
$J --add-modules jdk.incubator.vector -Drounds=6 -Dseconds=0.3 -cp $CP dev.lanes.kernels.vector.gemm.BlockingProbe +NT:1024x256x784 +NT:1024x128x256 NN:1024x1024x1024 NN:2048x2048x2048 TN:256x784x128 NN:128x784x256 +NT:128x256x784 NT:64x256x784 kc=384 kc=512 kc=800 kc=1024 kc=800,nc=256 2>&1 | grep -v "WARN\|MISM"
date -u; uptime

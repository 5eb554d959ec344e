set -x
J=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
CP=$(cat /tmp/onnxspeed-cpdev.txt)
cd /work/wt-onnxspeed
date -u; uptime; lscpu | grep 'Model name'; grep -o 'avx512f' /proc/cpuinfo | head -1; $J -version 2>&1 | head -2
$J -cp $CP org.openjdk.jmh.Main OnnxInferenceBenchmark -f 2 -jvmArgsAppend '--add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED' -rf json -rff /tmp/onnxspeed-sit/onnx-a.json 2>&1 | grep -E "^Onnx|^Benchmark"
date -u; uptime
$J -cp $CP org.openjdk.jmh.Main QuantizedInferenceBenchmark -p net=784-256-128-10 -p batch=1024 -p precision=fp32 -f 2 -wi 3 -i 5 -jvmArgsAppend '--add-modules jdk.incubator.vector' -rf json -rff /tmp/onnxspeed-sit/quant.json 2>&1 | grep -E "^Quant|^Benchmark"
date -u; uptime
$J -cp $CP org.openjdk.jmh.Main OnnxInferenceBenchmark -p batch=1024 -f 2 -jvmArgsAppend '--add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED' -rf json -rff /tmp/onnxspeed-sit/onnx-b.json 2>&1 | grep -E "^Onnx|^Benchmark"
date -u; uptime

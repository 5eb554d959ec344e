J=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
for side in pre post pre post; do
  echo "== $side $(date -u +%T)"
  $J -cp $(cat /tmp/$side-cp.txt) org.openjdk.jmh.Main ActivationsBenchmark -p activation=silu,tanh,geluTanh -f 1 -wi 2 -i 4 -w 1s -r 1s -jvmArgsAppend '--add-modules jdk.incubator.vector' 2>&1 | grep -E "^ActivationsBenchmark"
done

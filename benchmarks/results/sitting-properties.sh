#!/usr/bin/env bash
# Prints what a benchmark sitting ran on, as key=value lines, for a sitting script's sitting.properties: the date,
# the commit, the machine, its vector flags, the JDK, PyTorch if it is installed, and the load average at the start.
#   benchmarks/results/sitting-properties.sh > "$out/sitting.properties"
set -euo pipefail
cd "$(dirname "$0")/../.."
. .mvn/lanes-jdk.sh
echo "date=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo "commit=$(git rev-parse --short HEAD)"
echo "machine=$(lscpu | sed -n 's/^Model name: *//p' | head -n 1), nproc=$(nproc)"
echo "flags=$(grep -o 'avx[0-9a-z_]*\|fma' /proc/cpuinfo | sort -u | tr '\n' ' ')"
echo "jdk=$("$JAVA_HOME/bin/java" -version 2>&1 | sed -n 2p)"
echo "torch=$(/usr/bin/python3 -c 'import torch; print(torch.__version__)' 2>/dev/null || echo none)"
echo "load.start=$(cut -d' ' -f1-3 /proc/loadavg)"

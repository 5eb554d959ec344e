#!/bin/sh
# "Your own data" beside scikit-learn: writes scikit-learn's bundled tables as CSV (cli/scripts/sklearn_tables.py,
# which also trains and times MLPClassifier / MLPRegressor on them), then trains and evaluates Lanes on the same
# training and test rows with its --csv defaults, once per kernel provider. Run from the repository root after
# building the CLI jar (./lanes or ./mvnw package): sh cli/scripts/tables_compare.sh [DIR]
set -eu
dir=${1:-runs/tables}
mkdir -p "$dir"
java=${LANES_JAVA:-$(ls -d /usr/lib/jvm/temurin-25* 2>/dev/null | head -1)/bin/java}
uptime
OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 /usr/bin/python3 -W ignore cli/scripts/sklearn_tables.py "$dir"
for table in iris:target wine:target breast_cancer:target diabetes:progression; do
  name=${table%%:*}
  target=${table#*:}
  for provider in vector scalar; do
    run="$dir/$name-$provider"
    trained=$("$java" --add-modules jdk.incubator.vector -jar cli/target/lanes-cli.jar train --csv "$dir/$name-train.csv" \
      --target "$target" --holdout 0 --seed 0 --threads 1 --provider "$provider" --no-progress -o "$run" 2>/dev/null \
      | grep '^Trained' | sed 's/;.*//')
    score=$("$java" --add-modules jdk.incubator.vector -jar cli/target/lanes-cli.jar evaluate "$run/model.safetensors" \
      --csv "$dir/$name-test.csv" 2>/dev/null | grep -E '^(Accuracy|R²)' | sed 's/  (.*//')
    echo "$name: Lanes ($provider, 1 thread) $score; $trained"
  done
done
uptime

#!/bin/sh
# "Your own data" beside scikit-learn: writes scikit-learn's bundled tables as CSV (cli/scripts/sklearn_tables.py,
# which also trains and times MLPClassifier / MLPRegressor on them), then trains and evaluates Lanes on the same
# training and test rows with its --csv defaults through ./lanes (what a user runs: the default provider choice,
# the AOT cache), and once more with each provider forced. Every run is a process of its own and is repeated
# REPEATS times (default 3): per run it prints the training time each side reports (scikit-learn: pipeline.fit;
# Lanes: preprocessing and training, wall clock) and the whole process's wall time (python: interpreter start,
# import, data, fit and predict of one table; Lanes: JVM start to exit of `lanes train`, files written).
# Run from the repository root after building the CLI jar (./lanes builds it): sh cli/scripts/tables_compare.sh [DIR]
# (the test set is scored once per table and provider, after the first run: every run gives the same bits).
set -eu
dir=${1:-runs/tables}
repeats=${REPEATS:-3}
mkdir -p "$dir"
now() { date +%s.%N; }
uptime
OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 /usr/bin/python3 -W ignore cli/scripts/sklearn_tables.py "$dir" > /dev/null
for table in iris:target wine:target breast_cancer:target digits:target diabetes:progression; do
  name=${table%%:*}
  target=${table#*:}
  for i in $(seq "$repeats"); do
    start=$(now)
    line=$(OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 /usr/bin/python3 -W ignore cli/scripts/sklearn_tables.py "$dir" "$name")
    end=$(now)
    echo "$line; whole process $(echo "$end - $start" | bc) s"
  done
  for provider in default vector scalar; do
    for i in $(seq "$repeats"); do
      run="$dir/$name-$provider"
      choice=""
      [ "$provider" = default ] || choice="--provider $provider"
      start=$(now)
      # shellcheck disable=SC2086 # choice is empty or two words
      ./lanes train --csv "$dir/$name-train.csv" --target "$target" --holdout 0 --seed 0 --threads 1 $choice \
        --no-progress -o "$run" > "$run.log" 2>&1
      end=$(now)
      trained=$(tr '\n' ' ' < "$run.log" | sed -n 's/.*Trained in \([0-9.]* [a-z]*\).*/\1/p')
      kernels=$(sed -n 's/^kernels: \([a-z]*\).*/\1/p' "$run.log")
      [ "$i" = 1 ] && score=$(./lanes evaluate "$run/model.safetensors" --csv "$dir/$name-test.csv" 2>/dev/null \
        | grep -E '^(Accuracy|R²)' | sed 's/  (.*//;s/ (.*//;s/  MSE.*//')
      echo "$name: Lanes ($provider -> $kernels, 1 thread) $score; trained in $trained; whole process $(echo "$end - $start" | bc) s"
    done
  done
done
uptime

# A/B of ./lanes startup, alternating two checkouts run by run (each with its jar built):
#   sh cli/scripts/startup_ab.sh A_CHECKOUT B_CHECKOUT
# The tables come from `python3 cli/scripts/sklearn_tables.py /tmp/warm-tables`. Nothing else may run meanwhile.
A_ROOT=${1:?usage: startup_ab.sh A_CHECKOUT B_CHECKOUT}; B_ROOT=${2:?usage: startup_ab.sh A_CHECKOUT B_CHECKOUT}
mkdir -p /tmp/warm-r
T=/tmp/warm-tables
now() { date +%s.%N; }
uptime
for table in iris:target wine:target breast_cancer:target digits:target diabetes:progression; do
  name=${table%%:*}; target=${table#*:}
  for i in 0 1 2 3 4 5; do
    for side in A B; do
      root=$A_ROOT; [ $side = B ] && root=$B_ROOT
      s=$(now); $root/lanes train --csv $T/$name-train.csv --target $target --holdout 0 --seed 0 --threads 1 --no-progress -o /tmp/warm-r/ab-$name-$side > /tmp/warm-r/ab-$name-$side.log 2>&1; e=$(now)
      tr=$(tr '\n' ' ' < /tmp/warm-r/ab-$name-$side.log | sed -n 's/.*Trained in \([0-9.]* [a-z]*\).*/\1/p')
      echo "$name $side run$i whole $(echo "$e - $s" | bc) train $tr"
    done
  done
done
for i in 0 1 2 3 4 5; do
  for side in A B; do
    root=$A_ROOT; [ $side = B ] && root=$B_ROOT
    s=$(now); $root/lanes train --epochs 1 --limit 5000 --no-progress -o /tmp/warm-r/ab-fm-$side > /tmp/warm-r/ab-fm-$side.log 2>&1; e=$(now)
    echo "fm $side run$i whole $(echo "$e - $s" | bc) $(grep -o 'Warm-up.*' /tmp/warm-r/ab-fm-$side.log) | $(grep -o 'Test accuracy[^,]*' /tmp/warm-r/ab-fm-$side.log)"
  done
done
uptime

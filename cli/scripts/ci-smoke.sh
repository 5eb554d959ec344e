#!/bin/sh
# CI's end-to-end check of the main job on the real data set: a short training run (5,000 images, one epoch)
# through the real launcher, then checks that the model, metrics, chart and summary exist and that the test
# accuracy is far above chance (10%). Needs Debian's dataset-fashion-mnist (or LANES_DATA / --data);
# it never downloads, and fails, rather than skips, when the data set is missing.
#
#   apt-get install -y dataset-fashion-mnist && sh cli/scripts/ci-smoke.sh
set -eu
root=$(CDPATH= cd -- "$(dirname -- "$0")/../.." && pwd)
out=$root/cli/target/ci-smoke
rm -rf "$out"
"$root/lanes" train --limit 5000 --test-limit 2000 --epochs 1 --no-download --no-progress -o "$out"
for f in model.safetensors metrics.csv learning-curve.png summary.json checkpoint.safetensors; do
  [ -s "$out/$f" ] || { echo "ci-smoke: $out/$f is missing or empty" >&2; exit 1; }
done
[ "$(wc -l < "$out/metrics.csv")" -eq 2 ] || { echo "ci-smoke: metrics.csv should hold a header and one epoch" >&2; exit 1; }
head -c 8 "$out/learning-curve.png" | od -An -tx1 | grep -q "89 50 4e 47" || { echo "ci-smoke: learning-curve.png is not a PNG" >&2; exit 1; }
accuracy=$(sed -n 's/.*"test_accuracy": \([0-9.]*\).*/\1/p' "$out/summary.json")
"$root/lanes" evaluate "$out/model.safetensors" --test-limit 2000 --no-download > "$out/evaluate.txt"
grep -q "Confusion matrix" "$out/evaluate.txt" || { echo "ci-smoke: evaluate printed no confusion matrix" >&2; exit 1; }
if awk -v a="$accuracy" 'BEGIN { exit !(a > 0.50) }'; then
  echo "ci-smoke: test accuracy $accuracy after one epoch on 5,000 images (chance is 0.10); all outputs present"
  echo "ci-smoke: 1 passed, 0 failed"
else
  echo "ci-smoke: test accuracy '$accuracy' is not above 0.50" >&2
  echo "ci-smoke: 0 passed, 1 failed"
  exit 1
fi

#!/usr/bin/env bash
# Whole-process Monte Carlo timings of vagval beside the numpy baseline
# (../shared/bench/bench_montecarlo.py), run side by side on the same
# model: the baseline's model_8x3.json (8 criteria × 3 alternatives, full
# reciprocal matrices), written as a vagval workspace. Medians of RUNS runs;
# the numpy interpreter's start-up is measured (`rng-only`) and reported.
#
# A third row times the shipped Tranås workspace with `--data ranges` (the
# scripted ten-year cost run in Lua for every sample); numpy has no peer.
#
# Usage: tests/bench/montecarlo.sh [SAMPLES_SIMPLEX] [SAMPLES_PERTURB] [RUNS] [SAMPLES_RANGES]
#   needs python3 with numpy (python3 -m venv /tmp/bench-venv &&
#   /tmp/bench-venv/bin/pip install numpy; then PY=/tmp/bench-venv/bin/python).
set -euo pipefail
cd "$(dirname "$0")/../.."
simplex=${1:-10000000}
perturb=${2:-2000000}
runs=${3:-3}
ranges=${4:-1000000}
py=${PY:-python3}
bench=${BENCH:-../shared/bench}
ws=$(mktemp -d)
trap 'rm -rf "$ws"' EXIT

"$py" - "$bench/model_8x3.json" "$ws" <<'PY'
import json, os, sys
model = json.load(open(sys.argv[1])); out = sys.argv[2]
crit, alts = model["criteria"], model["alternatives"]
def pairs(matrix, ids):
    return ",\n".join(f'  ["{ids[i]}", "{ids[j]}", {matrix[i][j]!r}]'
                      for i in range(len(ids)) for j in range(i + 1, len(ids)))
os.makedirs(f"{out}/criteria")
with open(f"{out}/vagval.toml", "w") as f:
    f.write('format_version = 1\ngoal = "Benchmark 8 x 3"\n\n')
    for a in alts:
        f.write(f'[[alternatives]]\nid = "{a}"\nname = "{a}"\n\n')
    f.write("[weights]\njudgments = [\n" + pairs(model["criteria_matrix"], crit) + "\n]\n")
mats = model["alternative_matrices"]
for k, c in enumerate(crit):
    m = mats[c] if isinstance(mats, dict) else mats[k]
    with open(f"{out}/criteria/{c}.toml", "w") as f:
        f.write(f'id = "{c}"\nname = "{c}"\n\n[pairwise]\njudgments = [\n' + pairs(m, alts) + "\n]\n")
PY

cargo build --release -p vagval-cli >/dev/null 2>&1
vagval=target/release/vagval
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
timed() { # command… → seconds
  local s e; s=$(date +%s.%N); "$@" >/dev/null 2>&1; e=$(date +%s.%N)
  echo "$e - $s" | bc -l
}
row() { # label, samples, vagval args, numpy mode
  local label=$1 n=$2 args=$3 mode=$4 v p
  v=$(for _ in $(seq "$runs"); do timed $vagval --workspace "$ws" sensitivity monte-carlo --samples "$n" --seed 42 $args --format json; done | median)
  p=$(for _ in $(seq "$runs"); do timed "$py" "$bench/bench_montecarlo.py" "$mode" np "$n" --model "$bench/model_8x3.json" --seed 42; done | median)
  printf '%-26s %12s  vagval %7.3f s (%6.1f M/s)  numpy %7.3f s  ratio %5.1f×\n' \
    "$label" "$n" "$v" "$(echo "$n / $v / 1000000" | bc -l)" "$p" "$(echo "$p / $v" | bc -l)"
}
start=$(for _ in $(seq "$runs"); do timed "$py" "$bench/bench_montecarlo.py" dirichlet rng-only 1000 --model "$bench/model_8x3.json" --seed 42; done | median)
echo "numpy start-up (rng-only, 1000 samples): ${start} s; cores: $(nproc)"
row "weights on the simplex" "$simplex" "--weights simplex" dirichlet
row "judgments perturbed" "$perturb" "--weights perturb --spread 2" perturb
r=$(for _ in $(seq "$runs"); do timed $vagval sensitivity monte-carlo --data ranges --samples "$ranges" --seed 1 --format json; done | median)
printf '%-26s %12s  vagval %7.3f s (%6.3f M/s)  numpy –\n' \
  "Tranås, --data ranges" "$ranges" "$r" "$(echo "$ranges / $r / 1000000" | bc -l)"

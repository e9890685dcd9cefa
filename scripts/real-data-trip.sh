#!/usr/bin/env bash
# The real-data TRIP analysis of docs/BENCHMARKS.md 6.3: a NetworkProfiler run along the EMT
# score on the sample catalog, then TRIP predicting gefitinib and erlotinib ln IC50 from those
# networks (cross-endpoint: the EMT score uses expression only, so the leakage rule of
# METHOD.md 2.1 holds), each with its controls and verdict, then the top subnetworks.
# Targets: the 200 most variable genes of sample-data/expression.tsv.gz (population variance
# over all 975 lines, ties by symbol) plus CDH1 and VIM. Hyperparameters are fixed
# (h = 0.2, lambda = 0.05, gamma = 0.1, no recursion): the default estimator would take hours
# per modulator on a 2-core machine (see the README's speed section).
# Usage: scripts/real-data-trip.sh SAMPLENET_BINARY SAMPLE_CATALOG OUT_DIR
# Environment: PAIRS (default "emt:gefitinib emt:erlotinib", modulator:response) and
# TRIP_ARGS (extra `samplenet trip` options, e.g. "--repeats 1" to fit a short session) and
# TARGET_COUNT (default 200 most variable genes). A pair whose response is its modulator
# (e.g. gefitinib:gefitinib) gets per-fold profiles and network inversion (METHOD.md 2.2).
# Resumable: a modulator whose files already exist in OUT_DIR is skipped; an interrupted
# profile is resumed, and a circular pair's TRIP reuses the per-fold profiles in OUT_DIR/NAME.folds.
set -euo pipefail
bin=$1
sample=$2
out=$3
mkdir -p "$out"
catalog="$out/real.sqlite"
[ -f "$catalog" ] || cp "$sample" "$catalog"
targets="$out/targets.txt"
if [ ! -f "$targets" ]; then
  python3 - "$(dirname "$0")/../sample-data/expression.tsv.gz" "${TARGET_COUNT:-200}" > "$targets" <<'PY'
import gzip, statistics, sys
rows = []
with gzip.open(sys.argv[1], "rt") as f:
    next(f)
    for line in f:
        fields = line.rstrip("\n").split("\t")
        rows.append((-statistics.pvariance([float(v) for v in fields[1:]]), fields[0]))
rows.sort()
genes = [g for _, g in rows[:int(sys.argv[2])]]
for extra in ("CDH1", "VIM"):
    if extra not in genes:
        genes.append(extra)
print("\n".join(genes))
PY
fi
sn() { "$bin" "$@" --catalog "$catalog"; }
for pair in ${PAIRS:-emt:gefitinib emt:erlotinib}; do
  modulator=${pair%%:*}
  response=${pair##*:}
  name="$modulator-$response"
  if [ -f "$out/$name.subnetworks.tsv" ]; then echo "$name: done"; continue; fi
  if [ -f "$out/$modulator.run" ]; then
    run=$(cat "$out/$modulator.run")
    status=$(sn runs --format json | python3 -c "import json,sys; print(next(r['status'] for r in json.load(sys.stdin) if r['id'] == $run))")
    [ "$status" = finished ] || sn profile --resume "$run" > /dev/null
  else
    sn profile --modulator "$modulator" --targets "@$targets" --bandwidth 0.2 --lambda 0.05 --gamma 0.1 \
      --no-recursion --batch 32 > "$out/$modulator.run.tmp" &
    pid=$!
    while [ ! -s "$out/$modulator.run.tmp" ] && kill -0 $pid 2>/dev/null; do sleep 1; done
    cp "$out/$modulator.run.tmp" "$out/$modulator.run"
    wait $pid
    rm -f "$out/$modulator.run.tmp"
    run=$(cat "$out/$modulator.run")
  fi
  # A circular pair keeps its per-fold profiles, so an interrupted run resumes with them.
  folds=()
  [ "$modulator" != "$response" ] || folds=(--fold-dir "$out/$name.folds")
  # shellcheck disable=SC2086 # TRIP_ARGS is a list of options
  trip=$(sn trip --run "$run" --response "$response" "${folds[@]}" ${TRIP_ARGS:-} 2> "$out/$name.trip.log")
  echo "$trip" > "$out/$name.trip"
  sn subnetworks --trip "$trip" --top 10 > "$out/$name.subnetworks.tsv" 2>> "$out/$name.trip.log"
  tail -n 16 "$out/$name.trip.log"
done

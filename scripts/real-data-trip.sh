#!/usr/bin/env bash
# The real-data TRIP analysis of the README (issue 5): NetworkProfiler runs for gefitinib,
# erlotinib and EMT on the sample catalog, then TRIP on each, then the top subnetworks.
# Targets: the 200 most variable genes of sample-data/expression.tsv.gz (population variance
# over all 975 lines, ties by symbol) plus CDH1 and VIM. Hyperparameters are fixed
# (h = 0.2, lambda = 0.05, gamma = 0.1, no recursion): the default estimator would take hours
# per modulator on a 2-core machine (see the README's speed section).
# Usage: scripts/real-data-trip.sh SAMPLENET_BINARY SAMPLE_CATALOG OUT_DIR
# Resumable: a modulator whose files already exist in OUT_DIR is skipped; an interrupted
# profile is resumed.
set -euo pipefail
bin=$1
sample=$2
out=$3
mkdir -p "$out"
catalog="$out/real.sqlite"
[ -f "$catalog" ] || cp "$sample" "$catalog"
targets="$out/targets.txt"
if [ ! -f "$targets" ]; then
  python3 - "$(dirname "$0")/../sample-data/expression.tsv.gz" > "$targets" <<'PY'
import gzip, statistics, sys
rows = []
with gzip.open(sys.argv[1], "rt") as f:
    next(f)
    for line in f:
        fields = line.rstrip("\n").split("\t")
        rows.append((-statistics.pvariance([float(v) for v in fields[1:]]), fields[0]))
rows.sort()
genes = [g for _, g in rows[:200]]
for extra in ("CDH1", "VIM"):
    if extra not in genes:
        genes.append(extra)
print("\n".join(genes))
PY
fi
sn() { "$bin" "$@" --catalog "$catalog"; }
for modulator in gefitinib erlotinib emt; do
  if [ -f "$out/$modulator.subnetworks.tsv" ]; then echo "$modulator: done"; continue; fi
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
  trip=$(sn trip --run "$run" 2> "$out/$modulator.trip.log")
  echo "$trip" > "$out/$modulator.trip"
  sn subnetworks --trip "$trip" --top 10 > "$out/$modulator.subnetworks.tsv"
  tail -n 12 "$out/$modulator.trip.log"
done

#!/usr/bin/env bash
# `make test-slurm`: a sharded profile run on a real single-node Slurm (scripts/slurm-local.sh)
# submitted by `samplenet profile --shards 3 --slurm --submit`; one array task is cancelled
# (scancel) before it runs, so the merge job's afterok dependency fails and Slurm drops it; the
# task is resubmitted alone, the merge after it, and the merged run's edges must equal a
# single-process run's byte for byte. Exit 0 on success.
set -euo pipefail
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
sample=$2
work=$(mktemp -d /tmp/samplenet-slurm.XXXXXX)
here=$(cd "$(dirname "$0")" && pwd)
trap '"$here/slurm-local.sh" stop "$work/slurm" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
eval "$("$here/slurm-local.sh" start "$work/slurm")"
cp "$sample" "$work/sharded.sqlite"
cp "$sample" "$work/single.sqlite"
args=(profile --modulator emt --targets CDH1,VIM,SPARC,KRT19,ESRP1,EPCAM --regulators AEBP1,AHR,AKNA,ARID3A,ZEB1,SNAI2
      --held-out 20 --bandwidth-grid 0.2,1 --gamma-grid 0.1 --lambda-count 5 --rounds 1)
"$bin" "${args[@]}" --threads 1 --catalog "$work/single.sqlite" > /dev/null 2>&1
# Hold the queue so that task 3 can be cancelled before it starts.
"$bin" "${args[@]}" --shards 3 --out "$work/shards" --slurm --submit --catalog "$work/sharded.sqlite" 2> "$work/plan.log" > /dev/null
cat "$work/plan.log" >&2
array=$(sed -n 's/.*submitted: array job \([0-9]*\) .*/\1/p' "$work/plan.log")
merge=$(sed -n 's/.*merge job \([0-9]*\) after it.*/\1/p' "$work/plan.log")
[ -n "$array" ] && [ -n "$merge" ] || { echo "FAIL: no job ids" >&2; exit 1; }
scancel "${array}_3"
wait_gone() { for _ in $(seq 1 300); do squeue -h -j "$1" 2>/dev/null | grep -q . || return 0; sleep 1; done; echo "FAIL: job $1 still queued" >&2; exit 1; }
wait_gone "$array"
wait_gone "$merge"
[ -f "$work/shards/shard-1-of-3.tsv" ] && [ -f "$work/shards/shard-2-of-3.tsv" ] && [ ! -f "$work/shards/shard-3-of-3.tsv" ] \
  || { echo "FAIL: expected shards 1 and 2 only" >&2; ls "$work/shards" >&2; exit 1; }
"$bin" runs --catalog "$work/sharded.sqlite" | grep -q incomplete || { echo "FAIL: the merge ran despite the cancelled task" >&2; exit 1; }
"$bin" runs shards "$work/shards" >&2
# Rerun the cancelled shard alone, then the merge after it.
again=$(sbatch --parsable --array=3 "$work/shards/shards.sbatch")
merge2=$(sbatch --parsable --dependency=afterok:"$again" "$work/shards/merge.sbatch")
wait_gone "$again"
wait_gone "$merge2"
cat "$work"/shards/slurm-merge-"$merge2".out >&2 || true
"$bin" runs --catalog "$work/sharded.sqlite" | grep -q finished || { echo "FAIL: run not finished after the merge" >&2; exit 1; }
if cmp -s <("$bin" edges --run 1 --catalog "$work/sharded.sqlite") <("$bin" edges --run 1 --catalog "$work/single.sqlite") \
   && cmp -s <("$bin" runs targets 1 --format tsv --catalog "$work/sharded.sqlite") <("$bin" runs targets 1 --format tsv --catalog "$work/single.sqlite"); then
  echo "test-slurm: PASS (array job $array with task 3 cancelled and rerun as job $again; merged edges equal the single-process run)"
else
  echo "FAIL: merged run differs from the single-process run" >&2
  exit 1
fi

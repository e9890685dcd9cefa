#!/usr/bin/env bash
# The real-data inference of docs/BENCHMARKS.md 7 (issue 20, item 7): which edges vary with the
# modulator, with their controls.
#  A. CDH1 along the EMT score: default estimator (static arm on), the same with
#     --adjust tissue, and along an EMT score recomputed without CDH1 or any regulator
#     (`modulator emt --exclude`); each with the static-vs-varying verdict, a 200-permutation
#     test (BH q), CollecTRI AUPRC and the recall of Shimamura et al. 2011's ten pre-specified
#     regulators next to the static rankings. When the verdict is "static is as good", the same
#     run without the static arm is tested too, so the q-values of the best finite h are shown.
#     The drug part also reports the enrichment of the top targets by modulation evidence.
#  B. Gefitinib within NSCLC lines (--cells on the GDSC tissue): targets are the EGFR/ErbB
#     pathway genes present in the data plus the most variable genes within those lines; the
#     permutation test, and enrichment of the top regulators against the EGFR/ErbB gene sets.
# Usage: scripts/real-data-inference.sh SAMPLENET_BINARY SAMPLE_CATALOG PRIORS_DIR OUT_DIR
# PRIORS_DIR holds collectri_human.tsv and egfr_erbb_pathways.gmt (the user's files; nothing
# is shipped). Environment: PARTS (default "gefitinib cdh1 cdh1_tissue cdh1_noreg"; parts in
# separate processes may share OUT_DIR), PERMUTATIONS (default 200), THREADS (default 1),
# VARIABLE (default 27 most variable NSCLC genes besides the pathway genes). Resumable: a step
# whose output exists is skipped.
set -euo pipefail
bin=$1
sample=$2
priors=$3
out=$4
perms=${PERMUTATIONS:-200}
parts=" ${PARTS:-gefitinib cdh1 cdh1_tissue cdh1_noreg} "
wants() { [[ "$parts" == *" $1 "* ]]; }
threads=${THREADS:-1}
mkdir -p "$out"
cat="$out/inference.sqlite"
[ -f "$cat" ] || cp "$sample" "$cat"
sn() { "$bin" "$@" --catalog "$cat"; }
here=$(cd "$(dirname "$0")/.." && pwd)

# Shimamura et al. 2011 (PLoS ONE 6:e20804) named these CDH1 regulators; all ten are regulators here.
printf '%s\n' ZEB1 ZEB2 SNAI2 TCF4 FOXA1 FOXA2 KLF4 GRHL2 ZNF217 KLF5 > "$out/shimamura10.txt"

# step NAME COMMAND...: runs once, output to $out/NAME.out, the time to $out/NAME.time.
step() {
  local name=$1; shift
  [ -s "$out/$name.out" ] && return 0
  echo "== $name: $*" >&2
  local t0; t0=$(date +%s)
  "$@" > "$out/$name.tmp"
  mv "$out/$name.tmp" "$out/$name.out"
  echo $(( $(date +%s) - t0 )) > "$out/$name.time"
}

# profile NAME ARGS...: a profile run, resumed if interrupted; its id in $out/NAME.out.
profile() {
  local name=$1; shift
  if [ -s "$out/$name.id" ] && [ ! -s "$out/$name.out" ]; then
    sn profile --resume "$(cat "$out/$name.id")" --threads "$threads" > /dev/null
    cp "$out/$name.id" "$out/$name.out"
    return 0
  fi
  [ -s "$out/$name.out" ] && return 0
  echo "== $name: profile $*" >&2
  local t0; t0=$(date +%s)
  sn profile "$@" --threads "$threads" | tee "$out/$name.id" > /dev/null
  cp "$out/$name.id" "$out/$name.out"
  echo $(( $(date +%s) - t0 )) > "$out/$name.time"
}

# inference NAME: verdict, permutation test, q-values and validation of run $out/NAME.out.
inference() {
  local name=$1 extra=${2:-}
  local run; run=$(cat "$out/$name.out")
  step "$name.targets" sn runs targets "$run" --format tsv
  step "$name.test" sn test --run "$run" --permutations "$perms" --threads "$threads"
  step "$name.q" sn test-results --run "$run" --format tsv
  # shellcheck disable=SC2086
  step "$name.validate" sn validate --run "$run" --prior "$priors/collectri_human.tsv" $extra --threads "$threads"
}

# B. Gefitinib within NSCLC lines.
nsclc="tissue=lung_NSCLC_adenocarcinoma,lung_NSCLC_squamous_cell_carcinoma,lung_NSCLC_large cell,lung_NSCLC_not specified"
if [ ! -s "$out/gefitinib_targets.txt" ]; then
  sqlite3 "$cat" "select symbol from gene" > "$out/genes.txt"
  cut -f3- "$priors/egfr_erbb_pathways.gmt" | tr '\t' '\n' | sort -u > "$out/egfr_genes.txt"
  grep -xF -f "$out/egfr_genes.txt" "$out/genes.txt" > "$out/gefitinib_pathway_targets.txt" || true
  sqlite3 -separator $'\t' "$cat" "select c.key from cell_line c where c.tissue like 'lung_NSCLC%'" > "$out/nsclc_lines.txt"
  python3 - "$here/sample-data/expression.tsv.gz" "$out/nsclc_lines.txt" "${VARIABLE:-27}" \
    "$out/gefitinib_pathway_targets.txt" > "$out/gefitinib_targets.txt" <<'PY'
import gzip, statistics, sys
lines = {l.strip() for l in open(sys.argv[2]) if l.strip()}
pathway = [l.strip() for l in open(sys.argv[4]) if l.strip()]
with gzip.open(sys.argv[1], "rt") as f:
    header = next(f).rstrip("\n").split("\t")
    cols = [i for i, name in enumerate(header) if i > 0 and name in lines]
    rows = []
    for line in f:
        fields = line.rstrip("\n").split("\t")
        rows.append((-statistics.pvariance([float(fields[i]) for i in cols]), fields[0]))
rows.sort()
genes = list(pathway)
for _, g in rows:
    if len(genes) >= len(pathway) + int(sys.argv[3]):
        break
    if g not in genes:
        genes.append(g)
print("\n".join(genes))
PY
fi
if wants gefitinib; then
  profile gefitinib_nsclc --modulator gefitinib --targets @"$out/gefitinib_targets.txt" --cells "$nsclc"
  inference gefitinib_nsclc "--gene-sets $priors/egfr_erbb_pathways.gmt"
fi
# A. CDH1 along EMT.
sn info > /dev/null
cut -f1 "$here/sample-data/regulators.txt" > "$out/exclude.txt"
echo CDH1 >> "$out/exclude.txt"
if ! sn info | grep -q '^  emt_noreg '; then
  sn modulator emt --signature "$here/sample-data/tan2014_KS_cellline_signature.tsv" \
    --name emt_noreg --exclude @"$out/exclude.txt" > "$out/emt_noreg.modulator.out"
fi
known="--known $out/shimamura10.txt --target CDH1"
if wants cdh1; then
  profile cdh1 --modulator emt --targets CDH1
  inference cdh1 "$known"
  if ! grep -q 'varies' "$out/cdh1.targets.out"; then
    profile cdh1_finite --modulator emt --targets CDH1 --no-static-arm
    inference cdh1_finite "$known"
  fi
fi
if wants cdh1_tissue; then
  profile cdh1_tissue --modulator emt --targets CDH1 --adjust tissue
  inference cdh1_tissue "$known"
  if ! grep -q 'varies' "$out/cdh1_tissue.targets.out"; then
    profile cdh1_tissue_finite --modulator emt --targets CDH1 --adjust tissue --no-static-arm
    inference cdh1_tissue_finite "$known"
  fi
fi
if wants cdh1_noreg; then
  profile cdh1_noreg --modulator emt_noreg --targets CDH1
  inference cdh1_noreg "$known"
fi

echo "done: $out" >&2

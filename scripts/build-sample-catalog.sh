#!/usr/bin/env bash
# Builds the sample catalog from sample-data/ with the headless commands a user would run.
# Usage: scripts/build-sample-catalog.sh SAMPLENET_BINARY OUTPUT.sqlite [SAMPLE_DATA_DIR]
# Writes to a temporary file first and moves it into place, so a failure leaves no
# half-built catalog behind.
set -euo pipefail
bin=$1
out=$2
data=${3:-$(dirname "$0")/../sample-data}
tmp="$out.building"
rm -f "$tmp" "$tmp-wal" "$tmp-shm"
mkdir -p "$(dirname "$out")"
sn() { "$bin" "$@" --catalog "$tmp"; }
sn import expression "$data/expression.tsv.gz"
sn import annotation "$data/cell_line_keys.tsv"
sn import annotation "$data/cosmic_info.csv.gz"
sn import regulators "$data/regulators.txt"
sn import response "$data/egfr_tki_response.tsv" --drug gefitinib --dataset GDSC2 --measure ln_ic50
sn import response "$data/egfr_tki_response.tsv" --drug erlotinib --dataset GDSC2 --measure ln_ic50
sn modulator emt --signature "$data/tan2014_KS_cellline_signature.tsv"
rm -f "$out" "$out-wal" "$out-shm"
mv "$tmp" "$out"
rm -f "$tmp-wal" "$tmp-shm"
"$bin" info --catalog "$out"

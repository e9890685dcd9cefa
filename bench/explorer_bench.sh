#!/usr/bin/env bash
# Explorer keystroke-to-frame latency on a catalog with ~21 million edge rows :
# the sample catalog plus a synthetic profile run (1,000 targets x 908 gefitinib cell lines x 23
# random edges), generated once into var/bench-explorer.sqlite (delete it to regenerate).
# Prints median / p99 / max latency over a scripted browsing session and the peak RSS.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bench="$root/.build/release/samplenet-bench"
catalog="$root/var/bench-explorer.sqlite"
if [ ! -f "$catalog" ]; then
  cp "$root/var/sample.sqlite" "$catalog.building"
  "$bench" explorer --catalog "$catalog.building" --generate > /dev/null
  mv "$catalog.building" "$catalog"
fi
/usr/bin/time -f "peak RSS %M KiB, %e s wall" "$bench" explorer --catalog "$catalog"

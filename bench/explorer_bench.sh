#!/usr/bin/env bash
# Explorer keystroke-to-frame latency on a catalog with ~21 million edge rows (issue 6, item 5):
# the sample catalog plus a synthetic profile run (1,000 targets x 908 gefitinib cell lines x 23
# random edges), generated once into var/bench-explorer.sqlite (delete it to regenerate).
# Prints median / p99 / max latency over a scripted browsing session and the peak RSS.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin="$root/.build/release/samplenet"
catalog="$root/var/bench-explorer.sqlite"
if [ ! -f "$catalog" ]; then
  cp "$root/var/sample.sqlite" "$catalog.building"
  "$bin" bench-explorer --catalog "$catalog.building" --generate > /dev/null
  mv "$catalog.building" "$catalog"
fi
/usr/bin/time -f "peak RSS %M KiB, %e s wall" "$bin" bench-explorer --catalog "$catalog"

#!/usr/bin/env python3
"""Sharded profile runs against one process (issue 21 items 2 and 7; docs/BENCHMARKS.md 10).

Workload: the sample catalog, the EMT score, the --targets most variable genes of
sample-data/expression.tsv.gz (default 100), all 502 regulators, fixed hyperparameters (h = 0.2,
lambda = 0.05, gamma = 0.1, no recursion), --threads 1 everywhere. The same run is made once in
one process and once as --shards N shards run one after another, then merged.

Prints: both wall times and their ratio; per shard its wall time; a shard's fixed cost (rerunning
a finished shard: process start, catalog read, data load and hash, file check); a one-target
shard against one target's share of the single run (the batch's shared Grams); the merge's wall time and its rate; the shard
files' size; and whether the merged run's `edges` output is byte-identical to the single run's
(the run fails otherwise). Standard library only.
"""
import argparse, hashlib, os, shutil, subprocess, sys, tempfile, time

from sampledata import most_variable
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.environ.get("SAMPLENET_BIN", os.path.join(ROOT, ".build/release/samplenet"))
FIXED = ["--bandwidth", "0.2", "--lambda", "0.05", "--gamma", "0.1", "--no-recursion", "--threads", "1"]


def timed(args):
    start = time.time()
    out = subprocess.run([BIN, *args], capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"failed: samplenet {' '.join(args)}\n{out.stderr}")
    return out.stdout, time.time() - start


def digest(args):
    return hashlib.sha256(subprocess.run([BIN, *args], capture_output=True, check=True).stdout).hexdigest()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--catalog", default=os.path.join(ROOT, "var/sample.sqlite"))
    ap.add_argument("--targets", type=int, default=100)
    ap.add_argument("--shards", type=int, default=4)
    a = ap.parse_args()
    if not os.path.exists(a.catalog):
        sys.exit(f"no catalog {a.catalog}: run `make run` (or scripts/build-sample-catalog.sh) first")
    work = tempfile.mkdtemp(prefix="samplenet-shard-bench.")
    try:
        single, sharded, empty = (os.path.join(work, n) for n in ("single.sqlite", "sharded.sqlite", "empty.sqlite"))
        for c in (single, sharded, empty):
            shutil.copy(a.catalog, c)
        with open(os.path.join(work, "targets.txt"), "w") as f:
            f.write("\n".join(most_variable(a.targets)) + "\n")
        run = ["profile", "--modulator", "emt", "--targets", "@" + os.path.join(work, "targets.txt"), *FIXED]
        print(f"{a.targets} targets x 502 regulators x 975 lines, fixed hyperparameters, 1 thread; {a.shards} shards", flush=True)
        _, t_single = timed(run + ["--catalog", single])
        folder = os.path.join(work, "shards")
        _, t_plan = timed(run + ["--shards", str(a.shards), "--out", folder, "--catalog", sharded])
        shard_times = [timed(["profile", "--shard", f"{i}/{a.shards}", "--out", folder, "--catalog", sharded])[1]
                       for i in range(1, a.shards + 1)]
        _, t_merge = timed(["merge", "--run", "1", folder, "--catalog", sharded])
        size = sum(os.path.getsize(os.path.join(folder, f)) for f in os.listdir(folder) if f.endswith(".tsv"))
        # A shard's fixed cost: rerunning a finished shard (process start, catalog open, data
        # load and hash, reading and verifying its file; no fitting).
        _, fixed = timed(["profile", "--shard", f"1/{a.shards}", "--out", folder, "--catalog", sharded])
        # A one-target shard: its fits plus the batch's shared Grams (METHOD.md 1.5), which a
        # batch of up to 32 targets pays once; against one target's share of the single run.
        one = ["profile", "--modulator", "emt", "--targets", most_variable(1)[0], *FIXED]
        folder1 = os.path.join(work, "one")
        timed(one + ["--shards", "1", "--out", folder1, "--catalog", empty])
        _, t_one = timed(["profile", "--shard", "1/1", "--out", folder1, "--catalog", empty])
        same = digest(["edges", "--run", "1", "--catalog", single]) == digest(["edges", "--run", "1", "--catalog", sharded])
        total = t_plan + sum(shard_times) + t_merge
        print(f"single process: {t_single:.1f} s")
        print(f"sharded: plan {t_plan:.1f} s + shards {' + '.join(f'{t:.1f}' for t in shard_times)} s + merge {t_merge:.1f} s "
              f"= {total:.1f} s ({total / t_single:.3f}x the single process, all on one core)")
        print(f"fixed cost of a shard (rerun of a finished one: start, catalog read, load and hash, verify): {fixed:.2f} s")
        print(f"a one-target shard: {t_one:.1f} s against {t_single / a.targets:.2f} s per target in the single run "
              f"(the difference is mostly the batch's shared Grams, paid once per batch of up to 32 targets per shard)")
        print(f"shard files: {size / 1e6:.1f} MB for {a.targets} targets; merge {size / 1e6 / t_merge:.1f} MB/s, "
              f"{a.targets / t_merge:.1f} targets/s")
        print(f"merged edges byte-identical to the single run: {'yes' if same else 'NO'}")
        if not same:
            sys.exit(1)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""The scale figure (issue 21 item 7; docs/BENCHMARKS.md 10.1): what a sharded run of every gene
costs on a cluster, from costs measured here.

Needs the full GDSC expression (../shared/data/gdsc/expression_5778x975.tsv.gz, or --expression);
skips with a message without it. Builds a catalog like the sample's but with all 5,778 genes, the
sample's 502 regulators kept as the candidate regulators, gefitinib as the modulator, then measures:

  1. process start (`samplenet --help`, median of 5);
  2. a real sharded run of the --real-targets most variable genes of the sample with the default estimator, 1 thread, in 2
     shards: per shard the time to read the plan, catalog and inputs and hash them, the fits, the
     writing (the shards print these), and its merge; the default estimator's seconds per target;
  3. a modulation test of those targets profiled with fixed hyperparameters (h = 0.2, lambda =
     0.05, gamma = 0.1, one round; --permutations B, 1 thread): seconds per permuted target;
  4. the merge of all 5,778 targets: plan the run in --shards shards, fill the shard files with
     random coefficients of the real shape (samplenet-bench synthetic-shards, --edges per line's
     network), merge, and report the merge's wall time, peak memory and the catalog's size.

Then predicts the wall time of all 5,778 targets, and of 200 permutations of 200 targets, on 1, 8,
64 and 512 nodes of 48 cores: each node one shard of ceil(targets / nodes) targets on 48 threads,
targets spread over the cores in whole targets (a target runs on one core), plus the measured
per-shard fixed costs, plus the merge (serial). Assumes a node's core is as fast as this
machine's, and excludes queue waits. Standard library only.
"""
import argparse, math, os, re, shutil, statistics, subprocess, sys, tempfile, time

from sampledata import most_variable

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.environ.get("SAMPLENET_BIN", os.path.join(ROOT, ".build/release/samplenet"))
BENCH = os.environ.get("SAMPLENET_BENCH_BIN", os.path.join(ROOT, ".build/release/samplenet-bench"))
FIXED = ["--bandwidth", "0.2", "--lambda", "0.05", "--gamma", "0.1", "--no-recursion"]
SHARED = os.path.join(ROOT, "..", "shared", "data", "gdsc", "expression_5778x975.tsv.gz")


def run(args, binary=BIN):
    start = time.time()
    out = subprocess.run([binary, *args], capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"failed: {os.path.basename(binary)} {' '.join(args)}\n{out.stderr}")
    return out, time.time() - start


def peak_rss_run(args):
    """Wall time and peak RSS (MiB) of one samplenet command, by /usr/bin/time."""
    start = time.time()
    out = subprocess.run(["/usr/bin/time", "-f", "%M", BIN, *args], capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"failed: samplenet {' '.join(args)}\n{out.stderr}")
    return time.time() - start, int(out.stderr.strip().splitlines()[-1]) / 1024


def timings(stderr, what):
    return [float(x) for x in re.findall(what, stderr)]


def clock(seconds):
    return f"{seconds / 3600:.1f} h" if seconds >= 5400 else f"{seconds / 60:.1f} min" if seconds >= 90 else f"{seconds:.0f} s"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--expression", default=SHARED)
    ap.add_argument("--real-targets", type=int, default=4)
    ap.add_argument("--permutations", type=int, default=19)
    ap.add_argument("--test-targets", type=int, default=2, help="targets of the modulation test measurement")
    ap.add_argument("--shards", type=int, default=64)
    ap.add_argument("--edges", type=int, default=33, help="mean edges per (target, line) network of the synthetic shards")
    ap.add_argument("--per-target-seconds", type=float, default=22.84,
                    help="core-seconds per target of the default estimator for the prediction (default: the 500-target run of "
                         "docs/BENCHMARKS.md 2.1, 11.42 s per target on 2 cores; the few targets timed here are not a sample of all genes)")
    ap.add_argument("--merge-targets", type=int, help="merge only this many targets (a quick trial; default all)")
    ap.add_argument("--work", help="keep the work folder here (default: a temporary one, removed)")
    a = ap.parse_args()
    if not os.path.exists(a.expression):
        print(f"skipped: no full expression file {a.expression} (the shared data folder); pass --expression")
        return
    for b in (BIN, BENCH):
        if not os.path.exists(b):
            sys.exit(f"no {b}: run `make build bench-build` first")
    work = a.work or tempfile.mkdtemp(prefix="samplenet-scale-bench.")
    os.makedirs(work, exist_ok=True)
    try:
        data = os.path.join(work, "data")
        os.makedirs(data, exist_ok=True)
        for name in os.listdir(os.path.join(ROOT, "sample-data")):
            target = os.path.abspath(a.expression) if name == "expression.tsv.gz" else os.path.join(ROOT, "sample-data", name)
            if not os.path.exists(os.path.join(data, name)):
                os.symlink(target, os.path.join(data, name))
        catalog = os.path.join(work, "full.sqlite")
        if not os.path.exists(catalog):
            start = time.time()
            subprocess.run([os.path.join(ROOT, "scripts/build-sample-catalog.sh"), BIN, catalog, data], check=True, capture_output=True)
            print(f"catalog with all genes built in {time.time() - start:.0f} s", flush=True)
        # The sample's 502 regulators (the TFs among its genes), as in every other benchmark.
        sample_genes = set(subprocess.run(["sh", "-c", f"zcat {ROOT}/sample-data/expression.tsv.gz | cut -f1 | tail -n +2"],
                                          capture_output=True, text=True, check=True).stdout.split())
        with open(os.path.join(ROOT, "sample-data", "regulators.txt")) as f:
            tfs = [g for g in f.read().split() if g in sample_genes]
        regulators = os.path.join(work, "regulators.txt")
        with open(regulators, "w") as f:
            f.write("\n".join(tfs) + "\n")
        starts = [run(["--help"])[1] for _ in range(5)]
        start_cost = statistics.median(starts)
        print(f"1. process start: {start_cost:.3f} s (median of 5)", flush=True)

        # 2. A real sharded run with the default estimator.
        genes = subprocess.run(["sh", "-c", f"zcat {a.expression} | cut -f1 | tail -n +2"], capture_output=True, text=True, check=True).stdout.split()
        real = os.path.join(work, "real")
        shutil.rmtree(real, ignore_errors=True)
        base = ["profile", "--modulator", "gefitinib", "--regulators", "@" + regulators, "--threads", "1", "--catalog", catalog]
        real_run = run(base + ["--targets", ",".join(most_variable(a.real_targets)), "--shards", "2", "--out", real])[0].stdout.strip()
        loads, fits, writes, walls = [], [], [], []
        for i in (1, 2):
            out, wall = run(["profile", "--shard", f"{i}/2", "--out", real, "--threads", "1", "--catalog", catalog])
            loads += timings(out.stderr, r"read and hashed in ([0-9.]+) s")
            fits += timings(out.stderr, r"fits ([0-9.]+) s")
            writes += timings(out.stderr, r"writing ([0-9.]+) s")
            walls.append(wall)
        _, merge_small = run(["merge", "--run", real_run, real, "--catalog", catalog])
        per_target = sum(fits) / a.real_targets
        load = statistics.mean(loads)
        print(f"2. default estimator, {a.real_targets} targets x 502 regulators x gefitinib lines, 1 thread, 2 shards: "
              f"{per_target:.1f} s per target; per shard: start {start_cost:.2f} s, plan/catalog/inputs read and hashed {load:.2f} s, "
              f"writing {statistics.mean(writes):.3f} s; wall {' + '.join(f'{w:.1f}' for w in walls)} s; merge {merge_small:.2f} s", flush=True)

        # 3. A modulation test of the same targets.
        # On a fixed-hyperparameter run of the same targets: every target has a finite bandwidth,
        # so every one is permuted (a target the CV found static is not, p = 1).
        fixed_run = run(base + ["--targets", ",".join(most_variable(a.test_targets)), *FIXED])[0].stdout.strip()
        out, test_wall = run(["test", "--run", fixed_run, "--permutations", str(a.permutations), "--threads", "1", "--catalog", catalog])
        per_permuted = test_wall / (a.permutations * a.test_targets)
        print(f"3. modulation test, {a.permutations} permutations x {a.test_targets} targets, 1 thread: {test_wall:.1f} s "
              f"({per_permuted:.2f} s per permuted target, process start and setup included)", flush=True)

        # 4. Merge at full scale, on synthetic shard files of the real shape.
        folder = os.path.join(work, "synthetic")
        shutil.rmtree(folder, ignore_errors=True)
        merge_catalog = os.path.join(work, "merge.sqlite")
        shutil.copy(catalog, merge_catalog)
        merged = genes[:a.merge_targets] if a.merge_targets else genes
        merge_run = run(base[:-2] + ["--catalog", merge_catalog, "--targets", ",".join(merged), "--shards", str(a.shards), "--out", folder])[0].stdout.strip()
        _, generated = run(["synthetic-shards", "--catalog", merge_catalog, "--plan", folder, "--edges", str(a.edges)], binary=BENCH)
        size = sum(os.path.getsize(os.path.join(folder, f)) for f in os.listdir(folder) if f.endswith(".tsv"))
        before = os.path.getsize(merge_catalog)
        merge_wall, merge_rss = peak_rss_run(["merge", "--run", merge_run, folder, "--catalog", merge_catalog])
        after = os.path.getsize(merge_catalog)
        print(f"4. merge of {len(merged)} targets in {a.shards} synthetic shards ({a.edges} edges per line's network on average, "
              f"{size / 1e9:.2f} GB of shard files, written in {generated:.0f} s): {merge_wall:.0f} s ({size / 1e6 / merge_wall:.1f} MB/s, "
              f"{merge_wall / a.shards:.1f} s per shard), peak RSS {merge_rss:.0f} MiB; catalog {before / 1e9:.2f} GB -> {after / 1e9:.2f} GB", flush=True)

        # Predictions.
        merge_per_target = merge_wall / len(merged)
        per_target = a.per_target_seconds
        fixed = start_cost + load
        print(f"\npredicted wall time ({len(tfs)} regulators; 48-core nodes; a profile shard per node with --batch 48 fits its targets "
              "one per core; a test shard per node runs 48 permutations at once (threads over permutations) and shards split "
              "targets, so at most 200 shards; fixed costs and the merge as measured; queue waits excluded):")
        print("| nodes | all 5,778 targets, default estimator | 200 permutations x 200 targets |")
        print("|---|---|---|")
        for nodes in (1, 8, 64, 512):
            per_node = math.ceil(len(genes) / nodes)
            profile = fixed + math.ceil(per_node / 48) * per_target + merge_per_target * len(genes)
            tested = math.ceil(200 / min(nodes, 200))
            tests = fixed + math.ceil(200 / 48) * tested * per_permuted
            print(f"| {nodes} | {clock(profile)} | {clock(tests)} |")
        print(f"(default estimator at {per_target:.2f} core-s per target; merge of every target alone: {clock(merge_wall)}; "
              f"one process on 1 core: {clock(per_target * len(genes))})")
    finally:
        if not a.work:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

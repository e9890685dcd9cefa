#!/usr/bin/env python3
"""TRIP benchmark (issue 5, item 7), on a real NetworkProfiler run.

Workload: the sample catalog, gefitinib, the --targets most variable genes of
sample-data/expression.tsv.gz (default 1,000; population variance over all 975 lines, ties by
symbol), profiled once with fixed hyperparameters (h = 0.2, lambda = 0.05, gamma = 0.1, no
recursion) into a cached catalog (var/bench-trip-<N>.sqlite; delete it to redo).

Reports, from one process per line: the size of the stack; HOSVD initialisation of the whole
stack (mode Grams + dsyev); on the first --naive-cells cells, HOSVD against the naive SVD of
the dense unfoldings (dgesvd; the dense unfolding's size is printed) and how far apart the
two subspaces are; seconds per training epoch; peak RSS of that process. Standard library only.
"""
import argparse, json, os, shutil, subprocess, sys, tempfile, time

from sampledata import most_variable
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, ".build/release/samplenet")
BENCH_BIN = os.path.join(ROOT, ".build/release/samplenet-bench")


def timed(cmd):
    fd, tfile = tempfile.mkstemp()
    os.close(fd)
    start = time.perf_counter()
    out = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", tfile] + cmd, check=True, stdout=subprocess.PIPE, text=True).stdout
    wall = time.perf_counter() - start
    rss = int(open(tfile).read().strip().splitlines()[-1]) / 1024
    os.unlink(tfile)
    return wall, rss, out


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--targets", type=int, default=1000)
    parser.add_argument("--naive-cells", type=int, default=20)
    parser.add_argument("--epochs", type=int, default=20)
    parser.add_argument("--catalog", default=os.path.join(ROOT, "var/sample.sqlite"))
    args = parser.parse_args()
    cached = os.path.join(ROOT, f"var/bench-trip-{args.targets}.sqlite")
    if not os.path.exists(cached):
        building = cached + ".building"
        shutil.copy(args.catalog, building)
        genes = most_variable(args.targets)
        with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
            f.write("\n".join(genes) + "\n")
        print(f"profiling {len(genes)} targets (gefitinib, fixed hyperparameters) into {cached} ...", file=sys.stderr)
        start = time.perf_counter()
        subprocess.run([BIN, "profile", "--catalog", building, "--modulator", "gefitinib", "--targets", "@" + f.name,
                        "--bandwidth", "0.2", "--lambda", "0.05", "--gamma", "0.1", "--no-recursion", "--batch", "32"],
                       check=True, stdout=subprocess.DEVNULL)
        print(f"  profiled in {time.perf_counter() - start:.0f} s", file=sys.stderr)
        os.unlink(f.name)
        os.replace(building, cached)
    runs = json.loads(subprocess.run([BIN, "runs", "--catalog", cached, "--format", "json"], check=True,
                                     stdout=subprocess.PIPE, text=True).stdout)
    run = next(r["id"] for r in runs if r["kind"] == "profile" and r["status"] == "finished")
    wall, rss, out = timed([BENCH_BIN, "trip", "--catalog", cached, "--run", str(run), "--naive-cells", str(args.naive_cells),
                            "--epochs", str(args.epochs)])
    r = json.loads(out)
    print(f"TRIP benchmark: run {run} of {cached}")
    print(f"  stack: {r['cells']} cells x {r['edges']:,} edges ({r['entries']:,} non-zero), "
          f"{r['regulators']} regulators x {r['targets']} targets")
    print(f"  HOSVD initialisation, whole stack (Grams + dsyev): {r['hosvdSeconds']:.2f} s")
    print(f"  on the first {r['naiveCells']} cells: HOSVD {r['hosvdSubsetSeconds']:.3f} s | naive SVD of the dense unfoldings "
          f"({r['naiveUnfoldingBytes'] / 2**20:.0f} MiB each) {r['naiveSubsetSeconds']:.2f} s | ratio "
          f"{r['naiveSubsetSeconds'] / max(r['hosvdSubsetSeconds'], 1e-9):.0f}x | subspace sin(angle) {r['subspaceDifference']:.1e}")
    naive_all = r['naiveUnfoldingBytes'] / r['naiveCells'] * r['cells']
    print(f"  (a naive SVD of the whole stack would need {naive_all / 2**30:.1f} GiB per dense unfolding)")
    print(f"  training: {r['secondsPerEpoch'] * 1000:.0f} ms per epoch over {r['epochs']} full-batch epochs (all cells, H = 8)")
    print(f"  process: {wall:.1f} s wall, peak RSS {rss:.0f} MiB")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""NetworkProfiler's full default estimator (bandwidth CV + recursive mWAICc) at scale.

Workload: the sample catalog, gefitinib (the ~900 lines with a value), every TF of the
catalog as a candidate regulator, the --targets most variable genes (default 100) as
targets, --threads workers (default: all cores). Prints the wall time, fits per second, the
peak RSS and the extrapolation to all 5,778 genes of the GDSC matrix as targets (linear in
targets: each target is independent and batches of 32 share their Grams, so the rate of a
100-target run holds).

Run: make bench-default   (or python3 bench/default_estimator_bench.py --targets 20)
"""
import argparse, os, shutil, subprocess, sys, tempfile, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from trip_bench import BIN, ROOT, most_variable  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--targets", type=int, default=100)
    parser.add_argument("--threads", type=int, default=os.cpu_count())
    parser.add_argument("--catalog", default=os.path.join(ROOT, "var/sample.sqlite"))
    args = parser.parse_args()
    genes = most_variable(args.targets)
    work = tempfile.mkdtemp()
    catalog = os.path.join(work, "bench.sqlite")
    shutil.copy(args.catalog, catalog)
    targets = os.path.join(work, "targets.txt")
    with open(targets, "w") as f:
        f.write("\n".join(genes) + "\n")
    rss_file = os.path.join(work, "rss")
    command = [BIN, "profile", "--catalog", catalog, "--modulator", "gefitinib", "--targets", "@" + targets,
               "--threads", str(args.threads)]
    print("running: samplenet " + " ".join(command[1:]), file=sys.stderr)
    start = time.perf_counter()
    out = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", rss_file] + command, check=True,
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True).stdout
    wall = time.perf_counter() - start
    rss = int(open(rss_file).read().strip().splitlines()[-1]) / 1024
    run = out.split()[0]
    fits = int(subprocess.run(["sqlite3", catalog, f"select count(*) from edge_block where run_id = {run}"], check=True,
                              stdout=subprocess.PIPE, text=True).stdout.strip() or 0) if shutil.which("sqlite3") else None
    print(f"default estimator: {len(genes)} targets, {args.threads} threads, run {run}")
    print(f"  wall {wall:.0f} s ({wall / 60:.1f} min), {wall / len(genes):.2f} s per target, peak RSS {rss:.0f} MiB")
    if fits:
        print(f"  {fits:,} stored (target, cell) networks with at least one edge")
    print(f"  extrapolated to all 5,778 genes of the GDSC matrix (same regulators): {wall / len(genes) * 5778 / 3600:.1f} h")
    shutil.rmtree(work)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""NetworkProfiler's full default estimator (bandwidth CV + recursive mWAICc) at scale.

Workload: the sample catalog, gefitinib (the ~900 lines with a value), every TF of the
catalog as a candidate regulator, the --targets most variable genes (default 100) as
targets, --threads workers (default: all cores). Prints the wall time, fits per second, the
peak RSS and the extrapolation to all 5,778 genes of the GDSC matrix as targets (linear in
targets: each target is independent and batches of 32 share their Grams, so the rate of a
100-target run holds).

Run: make bench-default   (or python3 bench/default_estimator_bench.py --targets 20)
Prints how many targets ended static (METHOD.md 1.7: fitted once, not once per line) and a
SHA-256 of the `edges` output, so two runs (e.g. before and after a change) can be compared.
--no-static-arm gives the estimator every earlier figure of BENCHMARKS 2.1 was measured on.
"""
import argparse, hashlib, os, shutil, subprocess, sys, tempfile, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from trip_bench import BIN, ROOT, most_variable  # noqa: E402


def profile(catalog, targets, threads, extra):
    """One profile run on the catalog: (run id, wall s, peak RSS MiB, SHA-256 of `edges`, static targets)."""
    work = os.path.dirname(catalog)
    rss_file = os.path.join(work, "rss")
    command = [BIN, "profile", "--catalog", catalog, "--modulator", "gefitinib", "--targets", "@" + targets,
               "--threads", str(threads)] + extra
    print("running: samplenet " + " ".join(command[1:]), file=sys.stderr)
    start = time.perf_counter()
    out = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", rss_file] + command, check=True,
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True).stdout
    wall = time.perf_counter() - start
    rss = int(open(rss_file).read().strip().splitlines()[-1]) / 1024
    run = out.split()[0]
    edges = subprocess.run([BIN, "edges", "--run", run, "--catalog", catalog], check=True, stdout=subprocess.PIPE).stdout
    targets_out = subprocess.run([BIN, "runs", "targets", run, "--catalog", catalog, "--format", "tsv"], check=True,
                                 stdout=subprocess.PIPE, text=True).stdout
    header, *rows = targets_out.splitlines()
    column = header.split("\t").index("static")
    static = sum(1 for line in rows if line.split("\t")[column] == "true")
    return run, wall, rss, hashlib.sha256(edges).hexdigest(), static


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--targets", type=int, default=100)
    parser.add_argument("--threads", type=int, default=os.cpu_count())
    parser.add_argument("--catalog", default=os.path.join(ROOT, "var/sample.sqlite"))
    parser.add_argument("--no-static-arm", action="store_true",
                        help="leave h = infinity out of the CV: every target varies (the estimator before METHOD.md 1.7)")
    args = parser.parse_args()
    genes = most_variable(args.targets)
    work = tempfile.mkdtemp()
    catalog = os.path.join(work, "bench.sqlite")
    shutil.copy(args.catalog, catalog)
    targets = os.path.join(work, "targets.txt")
    with open(targets, "w") as f:
        f.write("\n".join(genes) + "\n")
    run, wall, rss, digest, static = profile(catalog, targets, args.threads, ["--no-static-arm"] if args.no_static_arm else [])
    shutil.rmtree(work)
    print(f"default estimator{' without the static arm' if args.no_static_arm else ''}: {len(genes)} targets, "
          f"{static} of them static, {args.threads} threads, run {run}")
    print(f"  wall {wall:.0f} s ({wall / 60:.1f} min), {wall / len(genes):.2f} s per target, peak RSS {rss:.0f} MiB, "
          f"edges sha256 {digest[:16]}")
    print(f"  extrapolated to all 5,778 genes of the GDSC matrix (same regulators): {wall / len(genes) * 5778 / 3600:.1f} h")


if __name__ == "__main__":
    main()

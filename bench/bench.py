#!/usr/bin/env python3
"""NetworkProfiler benchmark: samplenet against R's glmnet on the same data, in one run.

Workload (issue 4): real GDSC expression (the 502 Lambert TFs present as regulators), the
cell lines with a GDSC2 gefitinib ln IC50, 20 target genes, fixed hyperparameters
h = 0.2, lambda = 0.05, gamma = 0.1, no recursion. --quick uses 4 targets.

Prints wall time and peak RSS of each side for 1 thread and for all cores, the time ratios,
the 1 -> N thread speed-up of samplenet (median of --repeats interleaved runs), and the
agreement of coefficients: median and max |beta difference| over the coefficients non-zero
in either result, against glmnet and against samplenet's own per-fit reference path.
Standard library only.
"""
import argparse, os, shutil, statistics, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, ".build/release/samplenet")
TARGETS = ("CDH1 VIM EPCAM KRT19 SPARC FN1 CDH2 ESRP1 CLDN4 KRT8 TGFBI CAV1 AXL ERBB3 SPINT1 "
           "RAB25 S100A4 CD44 AGR2 KRT7").split()
H, LAMBDA, GAMMA = "0.2", "0.05", "0.1"


def timed(cmd, **kw):
    """Runs cmd under /usr/bin/time; returns (wall seconds, peak RSS MiB, stdout)."""
    fd, tfile = tempfile.mkstemp()
    os.close(fd)
    start = time.perf_counter()
    out = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", tfile] + cmd, check=True,
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, **kw).stdout
    wall = time.perf_counter() - start
    rss = int(open(tfile).read().strip().splitlines()[-1]) / 1024
    os.unlink(tfile)
    return wall, rss, out


def edges(catalog, run):
    out = subprocess.run([BIN, "edges", "--run", str(run), "--catalog", catalog], check=True,
                         stdout=subprocess.PIPE, text=True).stdout
    return read_edges(out.splitlines())


def read_edges(lines, failed=None):
    """Edges keyed by (cell, regulator, target); glmnet's non-converged fits go to `failed`."""
    table = {}
    for line in lines[1:]:
        cell, reg, target, beta = line.split("\t")
        if reg == "#not-converged":
            if failed is not None:
                failed.add((cell, target))
            continue
        table[(cell, reg, target)] = float(beta)
    return table


def agreement(a, b):
    keys = set(a) | set(b)
    diffs = sorted(abs(a.get(k, 0.0) - b.get(k, 0.0)) for k in keys)
    return statistics.median(diffs), diffs[-1], len(keys)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="4 targets instead of 20")
    parser.add_argument("--repeats", type=int, default=5, help="interleaved samplenet runs per thread count")
    parser.add_argument("--catalog", default=os.path.join(ROOT, "var/sample.sqlite"))
    args = parser.parse_args()
    targets = TARGETS[:4] if args.quick else TARGETS
    cores = os.cpu_count() or 1
    work = tempfile.mkdtemp(prefix="samplenet-bench-")
    catalog = os.path.join(work, "bench.sqlite")
    shutil.copy(args.catalog, catalog)
    fixed = ["--bandwidth", H, "--lambda", LAMBDA, "--gamma", GAMMA, "--no-recursion"]
    base = [BIN, "profile", "--modulator", "gefitinib", "--targets", ",".join(targets), "--catalog", catalog,
            "--batch", str(len(targets))] + fixed

    print(f"workload: {len(targets)} targets x 502 TFs x gefitinib cell lines; h={H} lambda={LAMBDA} gamma={GAMMA}; {cores} cores")
    runs = {1: [], cores: []}
    first_run = None
    for r in range(args.repeats):
        for threads in ([1, cores] if r % 2 == 0 else [cores, 1]):
            wall, rss, out = timed(base + ["--threads", str(threads)])
            run = int(out.strip())
            first_run = first_run or run
            runs[threads].append((wall, rss, run))
            print(f"  samplenet run {run}: {threads} thread(s) {wall:.2f} s, peak RSS {rss:.0f} MiB", flush=True)
    sn = {t: (statistics.median(w for w, _, _ in v), max(m for _, m, _ in v)) for t, v in runs.items()}

    wall, rss, out = timed(base + ["--threads", str(cores), "--per-fit"])
    per_fit_run = int(out.strip())
    print(f"  samplenet per-fit reference path (run {per_fit_run}): {wall:.1f} s", flush=True)

    inputs = os.path.join(work, "inputs.tsv")
    subprocess.run([BIN, "export", "inputs", "--run", str(first_run), "--catalog", catalog, "--output", inputs],
                   check=True, stderr=subprocess.DEVNULL)
    script = os.path.join(ROOT, "bench/glmnet_reference.R")
    gl = {}
    for threads in [1, cores]:
        out_file = os.path.join(work, f"glmnet-{threads}.tsv")
        wall, rss, _ = timed(["Rscript", script, inputs, H, LAMBDA, GAMMA, str(threads), out_file])
        gl[threads] = (wall, rss, out_file)
        print(f"  glmnet {threads} core(s): {wall:.1f} s, peak RSS {rss:.0f} MiB", flush=True)

    ours = edges(catalog, first_run)
    reference = edges(catalog, per_fit_run)
    failed = set()
    theirs = read_edges(open(gl[1][2]).read().splitlines(), failed)
    fits = len({(c, t) for c, _, t in ours} | {(c, t) for c, _, t in theirs} | failed)
    converged_ours = {k: v for k, v in ours.items() if (k[0], k[2]) not in failed}
    med_g, max_g, n_g = agreement(converged_ours, theirs)
    med_p, max_p, n_p = agreement(ours, reference)
    speedups = [w1 / wn for (w1, _, _), (wn, _, _) in zip(runs[1], runs[cores])]

    print()
    print("| measure | samplenet | glmnet | ratio |")
    print("|---|---|---|---|")
    print(f"| wall time, 1 thread | {sn[1][0]:.2f} s | {gl[1][0]:.1f} s | {gl[1][0] / sn[1][0]:.1f}x faster |")
    print(f"| wall time, {cores} threads/cores | {sn[cores][0]:.2f} s | {gl[cores][0]:.1f} s | {gl[cores][0] / sn[cores][0]:.1f}x faster |")
    print(f"| peak RSS, 1 thread | {sn[1][1]:.0f} MiB | {gl[1][1]:.0f} MiB | |")
    print(f"| peak RSS, {cores} threads | {sn[cores][1]:.0f} MiB | {gl[cores][1]:.0f} MiB | |")
    print()
    print(f"samplenet 1 -> {cores} threads: median speed-up {statistics.median(speedups):.2f}x over {len(speedups)} interleaved pairs "
          f"({', '.join(f'{s:.2f}' for s in speedups)})")
    print(f"glmnet did not converge (maxit reached; it returned an empty model) on {len(failed)} of about {fits} "
          f"(target, cell) fits: {', '.join(f'{t} in {c}' for c, t in sorted(failed)[:6])}{' ...' if len(failed) > 6 else ''}; "
          f"those are left out of the comparison (samplenet's KKT check holds there)")
    print(f"agreement with glmnet: median |diff| {med_g:.2e}, max {max_g:.2e} over {n_g} coefficients non-zero in either "
          f"(bar: median <= 1e-7, max <= 1e-4)")
    print(f"agreement with the per-fit path: median |diff| {med_p:.2e}, max {max_p:.2e} over {n_p} coefficients (bar: max <= 1e-6)")
    ok = med_g <= 1e-7 and max_g <= 1e-4 and max_p <= 1e-6
    shutil.rmtree(work)
    print("agreement:", "PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

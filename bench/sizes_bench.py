#!/usr/bin/env python3
"""The fixed-hyperparameter path against the glmnet loop across run sizes (issue 21 item 6;
docs/BENCHMARKS.md 1.5): where a small run's fixed costs go, and the ratio at each size.

Workload: the sample catalog, gefitinib restricted to N lines drawn at random (seed 1) and
imported as a modulator of their own, T targets (the first T of bench.py's list), the 502
regulators, h = 0.2, lambda = 0.05, gamma = 0.1, no recursion, 1 thread on both sides, catalog
writes included on ours. For each (T, N): samplenet's wall time (the process, as a user runs it)
and its parts read from `--timings` (start to inputs loaded, the kernels' designs with their
Grams, the solves, and the rest: run record, commits, exit); then glmnet (bench/glmnet_reference.R, 1 core) on the run's exported inputs; the ratio.
Needs R's glmnet (`make bench-profile` installs it). Standard library only.
"""
import argparse, os, random, re, shutil, sqlite3, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.environ.get("SAMPLENET_BIN", os.path.join(ROOT, ".build/release/samplenet"))
TARGETS = ("CDH1 VIM EPCAM KRT19 SPARC FN1 CDH2 ESRP1 CLDN4 KRT8 TGFBI CAV1 AXL ERBB3 SPINT1 "
           "RAB25 S100A4 CD44 AGR2 KRT7").split()
FIXED = ["--bandwidth", "0.2", "--lambda", "0.05", "--gamma", "0.1", "--no-recursion", "--threads", "1"]
SIZES = [(1, 300), (5, 300), (10, 300), (20, 300), (10, 100), (10, 908)]


def run(cmd):
    start = time.perf_counter()
    out = subprocess.run(cmd, capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{out.stderr}")
    return out, time.perf_counter() - start


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--catalog", default=os.path.join(ROOT, "var/sample.sqlite"))
    a = ap.parse_args()
    if subprocess.run(["sh", "-c", "command -v Rscript"], capture_output=True).returncode != 0:
        sys.exit("no Rscript: run `make bench-profile` once (it installs r-cran-glmnet), or apt-get install r-cran-glmnet")
    work = tempfile.mkdtemp(prefix="samplenet-sizes-bench.")
    try:
        catalog = os.path.join(work, "sizes.sqlite")
        shutil.copy(a.catalog, catalog)
        with sqlite3.connect(catalog) as db:
            table = db.execute("SELECT c.key, v.value FROM modulator_value v JOIN modulator m ON m.id = v.modulator_id "
                               "JOIN cell_line c ON c.id = v.cell_id WHERE m.name = 'gefitinib' AND c.expr_col IS NOT NULL ORDER BY c.key").fetchall()
        print("| targets | lines | fits | samplenet (process) | of which: start and inputs | designs (weights, Gram) | solves | rest (run record, commits, exit) | glmnet loop | ratio |")
        print("|---|---|---|---|---|---|---|---|---|---|")
        for targets, lines in SIZES:
            chosen = random.Random(1).sample(table, min(lines, len(table)))
            name = f"gef{lines}"
            path = os.path.join(work, name + ".tsv")
            if not os.path.exists(path):
                with open(path, "w") as f:
                    f.write("cell\tvalue\n" + "".join(f"{c}\t{v}\n" for c, v in chosen))
                run([BIN, "import", "modulator", name, path, "--catalog", catalog])
            out, ours = run([BIN, "profile", "--modulator", name, "--targets", ",".join(TARGETS[:targets]), "--batch", str(targets),
                             "--timings", "--catalog", catalog, *FIXED])
            parts = {k: float(v) for k, v in re.findall(r"(inputs|designs|solves|all) ([0-9.]+) s", out.stderr)}
            rest = parts["all"] - parts["inputs"] - parts["designs"] - parts["solves"]
            inputs = os.path.join(work, "inputs.tsv")
            run([BIN, "export", "inputs", "--run", out.stdout.strip(), "--catalog", catalog, "--output", inputs])
            _, theirs = run(["Rscript", os.path.join(ROOT, "bench/glmnet_reference.R"), inputs, "0.2", "0.05", "0.1", "1",
                             os.path.join(work, "glmnet.tsv")])
            cells = len(chosen)
            print(f"| {targets} | {cells} | {targets * cells} | {ours:.2f} s | {parts['inputs']:.2f} s | {parts['designs']:.2f} s | "
                  f"{parts['solves']:.2f} s | {rest:.2f} s | {theirs:.1f} s | {theirs / ours:.1f}x |", flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

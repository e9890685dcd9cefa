#!/usr/bin/env python3
"""How far results move when OpenBLAS runs another CPU's kernels (`make bench-blas-cores`).

SampleNet's own kernels give the same bits on every x86-64 CPU; OpenBLAS (Grams, small
factorisations) picks kernels per CPU. This runs the same profiles with OPENBLAS_CORETYPE set
to each kernel family this CPU can execute, and prints, per family, how many edges differ from
the CPU's own choice and the largest |beta difference| relative to the largest |beta|.
Runs on a copy of var/sample.sqlite; nothing here is a unit test (the environment variable is
OpenBLAS's, not ours).
"""
import os, shutil, subprocess, sys, tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, ".build/release/samplenet")
REGS = os.path.join(ROOT, "Tests/EndToEndTests/Fixtures/regulators30.txt")
CORES = ["Prescott", "Nehalem", "Sandybridge", "Haswell", "Zen", "SkylakeX"]
WORKLOADS = {
    "fixed, 502 TFs, 4 targets": ["--targets", "CDH1,VIM,ZEB1,EPCAM", "--bandwidth", "0.2", "--lambda", "0.05", "--gamma", "0.1", "--no-recursion"],
    "default estimator, 30 TFs, 2 targets": ["--targets", "CDH1,VIM", "--regulators", "@" + REGS],
}


def flags():
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("flags"):
                return set(line.split(":")[1].split())
    return set()


def runnable(core, have):
    need = {"Sandybridge": {"avx"}, "Haswell": {"avx2", "fma"}, "Zen": {"avx2", "fma"}, "SkylakeX": {"avx512f"}}
    return need.get(core, set()) <= have


def edges(catalog, coretype, args):
    env = dict(os.environ)
    if coretype:
        env["OPENBLAS_CORETYPE"] = coretype
    copy = catalog + f".{coretype or 'native'}.sqlite"
    shutil.copy(catalog, copy)
    subprocess.run([BIN, "profile", "--catalog", copy, "--modulator", "gefitinib", "--threads", "2"] + args,
                   check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    out = subprocess.run([BIN, "edges", "--run", "1", "--catalog", copy], check=True, stdout=subprocess.PIPE, text=True).stdout
    table = {}
    for line in out.splitlines()[1:]:
        cell, regulator, target, beta = line.split("\t")
        table[(cell, regulator, target)] = float(beta)
    os.unlink(copy)
    return table


def main():
    source = os.path.join(ROOT, "var/sample.sqlite")
    if not os.path.exists(source):
        sys.exit("run `make var/sample.sqlite` first")
    have = flags()
    with tempfile.TemporaryDirectory() as tmp:
        catalog = os.path.join(tmp, "c.sqlite")
        shutil.copy(source, catalog)
        for name, args in WORKLOADS.items():
            native = edges(catalog, None, args)
            scale = max(abs(v) for v in native.values())
            print(f"{name}: {len(native)} edges, max |beta| {scale:.3g}")
            for core in CORES:
                if not runnable(core, have):
                    print(f"  {core:12s} not run (this CPU cannot execute it)")
                    continue
                other = edges(catalog, core, args)
                keys = set(native) | set(other)
                support = len(set(native) ^ set(other))
                differ = sum(1 for k in keys if native.get(k, 0.0) != other.get(k, 0.0))
                worst = max(abs(native.get(k, 0.0) - other.get(k, 0.0)) for k in keys)
                print(f"  {core:12s} {differ:7d} edges differ ({support} in only one), max |dbeta| / max |beta| = {worst / scale:.2e}")


if __name__ == "__main__":
    main()

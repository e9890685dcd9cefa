#!/usr/bin/env python3
"""Derive SampleNet's bundled sample data from the source GDSC/EMT/TF files.

Usage:
    python3 sample-data/derive.py --source DIR [--out sample-data]

DIR is the folder of source files (gdsc/, emt/ and the Lambert 2018 TF list; README.md
names each file); --out defaults to this script's folder. Python 3 standard library only. Deterministic: the same
inputs give byte-identical outputs (gzip with mtime=0, empty file name, level 9).

Outputs (in --out):
  expression.tsv.gz   all 975 cell-line columns, 1,200 gene rows (see README.md)
  regulators.txt      Lambert 2018 TFs present in expression.tsv.gz, sorted
  cell_line_keys.tsv, egfr_tki_response.tsv, cosmic_info.csv.gz,
  tan2014_KS_cellline_signature.tsv   verbatim copies
"""

import argparse
import csv
import gzip
import hashlib
import io
import math
import os
import shutil
import statistics
import sys

N_GENES = 1200
REQUIRED = ("CDH1", "VIM")

EXPRESSION_SRC = os.path.join("gdsc", "expression_5778x975.tsv.gz")
TF_SRC = "regulators_lambert2018_tfs.txt"
TAN_SRC = os.path.join("emt", "tan2014_KS_cellline_signature.tsv")
VERBATIM = [
    (os.path.join("gdsc", "cell_line_keys.tsv"), "cell_line_keys.tsv"),
    (os.path.join("gdsc", "egfr_tki_response.tsv"), "egfr_tki_response.tsv"),
    (os.path.join("gdsc", "cosmic_info.csv.gz"), "cosmic_info.csv.gz"),
    (TAN_SRC, "tan2014_KS_cellline_signature.tsv"),
]


def fail(msg):
    sys.exit("derive.py: error: " + msg)


def read_expression(path):
    """Return (header_line, [(gene, raw_line, values)]) with lines kept verbatim."""
    with gzip.open(path, "rt", encoding="utf-8", newline="") as f:
        header = f.readline()
        if not header.endswith("\n") or "\r" in header:
            fail("unexpected header line ending in %s" % path)
        cols = header[:-1].split("\t")
        if cols[0] != "GENE":
            fail("first header field is %r, expected 'GENE'" % cols[0])
        rows = []
        for lineno, line in enumerate(f, start=2):
            if not line.endswith("\n"):
                line += "\n"  # normalise a missing final newline
            fields = line[:-1].split("\t")
            if len(fields) != len(cols):
                fail("%s line %d: %d fields, expected %d"
                     % (path, lineno, len(fields), len(cols)))
            rows.append((fields[0], line, fields[1:]))
    return header, cols[1:], rows


def read_tfs(path):
    with open(path, encoding="utf-8") as f:
        return [s for s in (l.strip() for l in f) if s and not s.startswith("#")]


def read_tan(path):
    with open(path, encoding="utf-8", newline="") as f:
        return [(r["GENE"], r["CLASS"]) for r in csv.DictReader(f, delimiter="\t")]


def gzip_bytes(data):
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, mtime=0,
                       compresslevel=9) as gz:
        gz.write(data)
    return buf.getvalue()


def write_atomic(path, data):
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, path)


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--source", required=True,
                    help="folder of the source files (gdsc/, emt/, the TF list; see README.md)")
    ap.add_argument("--out", default=here, help="output folder (default: script dir)")
    args = ap.parse_args()
    source = os.path.normpath(args.source)
    out = os.path.normpath(args.out)
    os.makedirs(out, exist_ok=True)

    header, cells, rows = read_expression(os.path.join(source, EXPRESSION_SRC))
    genes = [g for g, _, _ in rows]
    if len(set(genes)) != len(genes):
        dups = sorted({g for g in genes if genes.count(g) > 1})
        fail("duplicate gene symbols in expression matrix: %s" % ", ".join(dups))
    present = set(genes)

    tfs = read_tfs(os.path.join(source, TF_SRC))
    tan = read_tan(os.path.join(source, TAN_SRC))

    tf_set = set(t for t in tfs if t in present)
    tan_present = [g for g, _ in tan if g in present]
    tan_missing = [(g, c) for g, c in tan if g not in present]
    emt_set = set(tan_present) - tf_set  # reason precedence: TF, then EMT

    selected = tf_set | emt_set
    if len(selected) > N_GENES:
        fail("TF + EMT genes (%d) exceed %d" % (len(selected), N_GENES))

    # Population variance across all cells of each remaining gene; highest first,
    # ties broken by symbol (code-point order).
    variance = {}
    for g, _, vals in rows:
        if g not in selected:
            variance[g] = statistics.pvariance([float(v) for v in vals])
    ranked = sorted(variance, key=lambda g: (-variance[g], g))
    hv = ranked[:N_GENES - len(selected)]
    hv_set = set(hv)
    selected |= hv_set

    for g in REQUIRED:
        if g not in selected:
            fail("required gene %s is not in the subset" % g)

    # Expression subset: header and selected rows verbatim, in source order.
    subset = [(g, line, vals) for g, line, vals in rows if g in selected]
    assert len(subset) == N_GENES
    non_numeric = na_like = non_finite = 0
    for _, _, vals in subset:
        for v in vals:
            if v.strip().upper() in ("", "NA", "NAN", "N/A", "NULL"):
                na_like += 1
                continue
            try:
                x = float(v)
            except ValueError:
                non_numeric += 1
                continue
            if not math.isfinite(x):
                non_finite += 1
    text = header + "".join(line for _, line, _ in subset)
    expr_path = os.path.join(out, "expression.tsv.gz")
    write_atomic(expr_path, gzip_bytes(text.encode("utf-8")))

    reg_path = os.path.join(out, "regulators.txt")
    write_atomic(reg_path, "".join(t + "\n" for t in sorted(tf_set)).encode("utf-8"))

    outputs = [expr_path, reg_path]
    for src, dst in VERBATIM:
        dst_path = os.path.join(out, dst)
        shutil.copyfile(os.path.join(source, src), dst_path)
        outputs.append(dst_path)

    # Summary.
    print("expression: %d genes x %d cell lines (source: %d genes)"
          % (len(subset), len(cells), len(rows)))
    print("  TF (Lambert 2018, present in matrix):      %4d of %d listed"
          % (len(tf_set), len(tfs)))
    print("  EMT signature (Tan 2014), not already TF:  %4d  (%d of %d Tan genes present, %d also TFs)"
          % (len(emt_set), len(tan_present), len(tan), len(tan_present) - len(emt_set)))
    print("  high-variance fill:                        %4d  (variance range %.4f .. %.4f)"
          % (len(hv), variance[hv[0]], variance[hv[-1]]) if hv else
          "  high-variance fill:                           0")
    print("  value check: %d NA-like, %d non-numeric, %d non-finite"
          % (na_like, non_numeric, non_finite))
    print("Tan genes missing from matrix (%d): %s"
          % (len(tan_missing), ", ".join("%s (%s)" % gc for gc in tan_missing) or "none"))
    print("files:")
    for p in outputs:
        print("  %-36s %9d bytes  sha256 %s" % (os.path.basename(p), os.path.getsize(p), sha256(p)))


if __name__ == "__main__":
    main()

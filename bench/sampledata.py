"""What the benchmark scripts read from sample-data/ (standard library only)."""
import gzip, os, statistics

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def most_variable(count):
    """The `count` genes of sample-data/expression.tsv.gz with the largest population variance
    over all lines, ties by symbol."""
    rows = []
    with gzip.open(os.path.join(ROOT, "sample-data/expression.tsv.gz"), "rt") as f:
        next(f)
        for line in f:
            fields = line.rstrip("\n").split("\t")
            rows.append((-statistics.pvariance([float(v) for v in fields[1:]]), fields[0]))
    rows.sort()
    return [g for _, g in rows[:count]]

"""Basemap decode: the shipped Natural Earth TopoJSON into polygons, against its floor.

Run from the repository root: ``python tests/benchmarks/bench_basemap.py [--quick]``
(``--quick``: two runs each instead of seven).

Floor: reading the file and ``json.loads`` of it, which any decoder must do; the rest is
our arc decoding and polygon assembly. Each figure is the median of several runs measured
in the same process. Not collected by pytest (``bench_*``).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from desktop.core.basemap import BASEMAP_FILE, decode_topojson  # noqa: E402
from desktop.core.resources import resource_path  # noqa: E402

RUNS = 7


def median_seconds(fn, runs: int = RUNS) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> None:
    """Print the decode time beside its floor."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="two runs each")
    runs = 2 if parser.parse_args(argv).quick else RUNS
    path = resource_path(*BASEMAP_FILE)
    floor = median_seconds(lambda: json.loads(path.read_text(encoding="utf-8")), runs)
    decode = median_seconds(lambda: decode_topojson(path), runs)
    print(f"basemap {path.name} ({path.stat().st_size / 1e6:.1f} MB), median of {runs} runs")
    print(f"  floor (read + json.loads): {floor * 1000:7.1f} ms")
    print(f"  decode_topojson:           {decode * 1000:7.1f} ms  ({decode / floor:.1f}x floor)")


if __name__ == "__main__":
    main()

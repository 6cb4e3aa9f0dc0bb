"""Full-text search at 100,000 annotations: ``search()`` (the function behind ``fragment
search`` and the window's search box) against a bare FTS5 ``MATCH`` over the same index.

Run from the repository root: ``python tests/benchmarks/bench_search.py [--quick]
[--photos N] [--annotations M]``. The case is ``bench_bigcase.build_case`` (10,000 photos,
100,000 annotations with Latin readings such as ``9M27K 042``, 20 claims); ``--quick``
(500 photos, 5,000 annotations) is what ``tests/unit/test_bench_search.py`` runs to check
that it completes.

For each query: the median of 9 runs of ``search(session, query, limit=50)`` in one read
session (ranked, with snippets, every word also matched folded; when more than 1,000
objects match, the best of the first 1,000), and the floor: the median
of a bare ``SELECT rowid FROM search_index WHERE search_index MATCH 'folded : "9m27k" *'``
of the query's words already folded, fetching every match (what any ranked search must
visit), without ranking, snippets, the unfolded alternative or reading the rows. The
target is under 100 ms at 100,000 annotations.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from sqlalchemy import text  # noqa: E402

from desktop.core.casefile import CaseFile  # noqa: E402
from desktop.core.queries.search import parse_query, search  # noqa: E402
from tests.benchmarks.bench_bigcase import build_case  # noqa: E402

#: (query, what it exercises)
QUERIES = (
    ("9M27K", "a reading (one annotation in eight)"),
    ("9М27К", "the same typed in Cyrillic (folded)"),
    ("9M2", "a prefix (one annotation in eight)"),
    ("9M", "a two-letter prefix (nearly every reading)"),
    ("9N210 001", "two words"),
    ('"strike on village 7"', "a phrase (claims)"),
    ("IMG_00123", "a photo name"),
    ("zzzz", "no match"),
)
RUNS = 9


def _median_ms(run: Callable[[], object]) -> float:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def measure(root: Path) -> list[tuple[str, str, float, float, int, int]]:
    """(query, note, median ms, floor ms, results, objects matched) for every query."""
    rows = []
    with CaseFile.open(root, readonly=True) as case, case.read_session() as session:
        for query, note in QUERIES:
            bare = " AND ".join(
                f'folded : "{" ".join(term.folded)}"' + ("" if term.phrase else " *")
                for term in parse_query(query))

            def floor(bare: str = bare) -> list[object]:
                return list(session.execute(text(
                    "SELECT rowid FROM search_index WHERE search_index MATCH :q"),
                    {"q": bare}).scalars())

            found = search(session, query)
            matches = len(floor())
            measured = _median_ms(lambda query=query: search(session, query))
            rows.append((query, note, measured, _median_ms(floor), len(found), matches))
    return rows


def main(argv: list[str] | None = None) -> int:
    """Build the case, measure, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="500 photos, 5,000 annotations")
    parser.add_argument("--photos", type=int, default=None)
    parser.add_argument("--annotations", type=int, default=None)
    ns = parser.parse_args(argv)
    photos = ns.photos or (500 if ns.quick else 10_000)
    annotations = ns.annotations or (5_000 if ns.quick else 100_000)
    with tempfile.TemporaryDirectory() as tmp:
        print(f"building a case of {photos} photos and {annotations} annotations…",
              flush=True)
        start = time.perf_counter()
        root = build_case(Path(tmp) / "Search.fragment", photos, annotations)
        print(f"built in {time.perf_counter() - start:.1f} s", flush=True)
        rows = measure(root)
    print(f"\nsearch at {annotations:,} annotations (median of {RUNS}, limit 50)\n")
    print("| query | what | measured | floor | ratio | results | matches |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for query, note, measured, floor, found, matches in rows:
        ratio = f"x{measured / floor:.2f}" if floor > 0 else "-"
        print(f"| `{query}` | {note} | {measured:.1f} ms | {floor:.1f} ms | {ratio} | "
              f"{found} | {matches:,} |")
    slowest = max(row[2] for row in rows)
    print(f"\nslowest query: {slowest:.1f} ms (target: under 100 ms)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

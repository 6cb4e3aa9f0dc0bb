"""Reference collections: indexing a folder, and finding a photo among many references.

Run from the repository root: ``python tests/benchmarks/bench_checks.py [--images N]``.

Indexing: ``index_folder`` (read, SHA-256, decode, pHash) per image, against the floor of
reading and decoding the same files with Pillow. Lookup: ``HashIndex.search`` within
``MATCH_BITS`` for each probe, against a plain Python scan of every hash and an exact dict
lookup (the least any index can take, and blind to near matches). Then ``run_checks`` end to
end on a case of 10 photos checked against the collection. Medians, same process, same data.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from PIL import Image  # noqa: E402

from desktop.core.casefile import CaseFile  # noqa: E402
from desktop.core.checks.hashindex import HashIndex  # noqa: E402
from desktop.core.checks.references import add_reference, index_folder  # noqa: E402
from desktop.core.checks.run import MATCH_BITS, run_checks  # noqa: E402
from desktop.core.ingest import import_paths  # noqa: E402
from tests.unit.distractors import write_distractors  # noqa: E402


def _each(fn, items) -> float:  # type: ignore[no-untyped-def]
    times = []
    for item in items:
        start = time.perf_counter()
        fn(item)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--images", type=int, default=5000)
    parser.add_argument("--quick", action="store_true", help="200 reference images")
    args = parser.parse_args()
    count = 200 if args.quick else args.images
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "refs"
        files = write_distractors(folder, count)
        photo = ROOT / "tests/data/photos/jpg/gps/DSCN0010.jpg"
        shutil.copy(photo, folder / "real.jpg")

        def decode(path: Path) -> None:
            with Image.open(path) as image:
                image.load()

        start = time.perf_counter()
        for path in files:
            decode(path)
        floor_index = (time.perf_counter() - start) / len(files)
        start = time.perf_counter()
        images = index_folder(folder)
        per_image = (time.perf_counter() - start) / len(images)
        print(f"{len(images)} reference images")
        print(f"  index per image:  {per_image * 1000:6.2f} ms   floor (read + decode) "
              f"{floor_index * 1000:6.2f} ms  ({per_image / floor_index:.1f}x)")

        hashes = [(int(i.phash, 16), i.name) for i in images]
        tree = HashIndex(hashes)
        exact = dict(hashes)
        probes = [h for h, _ in hashes[:: max(1, len(hashes) // 200)]]
        bk = _each(lambda p: list(tree.search(p, MATCH_BITS)), probes)
        scan = _each(lambda p: [n for h, n in hashes if (h ^ p).bit_count() <= MATCH_BITS],
                     probes)
        floor = _each(lambda p: exact.get(p), probes)
        print(f"  lookup within {MATCH_BITS} bits: HashIndex {bk * 1000:7.3f} ms   plain "
              f"Python scan {scan * 1000:7.3f} ms ({scan / bk:.1f}x)   exact dict "
              f"{floor * 1e6:.1f} µs")

        case = CaseFile.create(Path(tmp) / "Bench", title="bench", investigator="bench")
        try:
            new = Path(tmp) / "new"
            new.mkdir()
            for n, path in enumerate(files[:9]):
                shutil.copy(path, new / f"p{n}.jpg")
            shutil.copy(photo, new / "p9.jpg")
            import_paths(case, [new])
            add_reference(case, folder)
            start = time.perf_counter()
            summary = run_checks(case)
            took = time.perf_counter() - start
            print(f"  run_checks, 10 photos against {len(images)} references: "
                  f"{took * 1000:.0f} ms ({summary.created} findings)")
        finally:
            case.close()


if __name__ == "__main__":
    main()

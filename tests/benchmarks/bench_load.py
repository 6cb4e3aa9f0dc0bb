"""``fragment load`` of a large interchange document against a floor measured in the same run.

Run from the repository root:  ``python tests/benchmarks/bench_load.py [--quick]
[--photos N] [--annotations M]`` (default 2,000 photos and 20,000 annotations; ``--quick``:
40 photos, 400 annotations).

The document has small distinct JPEGs (320x240, every tenth with GPS, padded after their
end to about half a megabyte so that hashing and copying them costs what a camera's files
cost: ``--padding-kib``), ``M / N``
rectangle annotations per photo (three in four with a reading), a claim per 100 photos, a
claimed location per 20 photos, and a link from every tenth annotation to a claim.

Floor: what any all-or-nothing load has to do at least, in one process: read, SHA-256 and
copy (with fsync) every photo file, plus one transaction of bare ``executemany`` inserts of
the same number of rows (photos, annotations, claims, locations, links, and one audit row
for each) into a SQLite table of comparable width, committed with the case's pragmas. The
target of issue 10 is absolute: 2,000 photos and 20,000 annotations in under 90 s.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import os
import random
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from PIL import Image  # noqa: E402

from desktop.core.casefile import CaseFile  # noqa: E402
from desktop.core.interchange.load import load_case  # noqa: E402

READINGS = ("9M55K", "9N210", "3VM18", "9M27K", "M77", "M85", "RS-BKF", "9N235")


def _jpeg(rnd: random.Random, i: int, gps: bool, padding: int) -> bytes:
    """A small JPEG that differs from every other one (a noise tile and a comment), with
    ``padding`` random bytes after its end so that it is as large as a camera's file
    (hashed and copied like one) while decoding stays cheap."""
    image = Image.frombytes("RGB", (320, 240), rnd.randbytes(320 * 240 * 3))
    exif = Image.Exif()
    if gps:
        exif[0x8825] = {1: "N", 2: (39.0, 45.0, float(i % 60)), 3: "E",
                        4: (46.0, 44.0, float(i % 60))}
    buf = io.BytesIO()
    image.save(buf, "JPEG", quality=60, comment=f"frame {i}".encode(), exif=exif)
    return buf.getvalue() + rnd.randbytes(padding)


def build_document(folder: Path, photos: int, annotations: int, padding: int = 0) -> Path:
    """Write the photos and ``case.json`` into ``folder``; returns the JSON's path."""
    files = folder / "files"
    files.mkdir(parents=True)
    rnd = random.Random(10)
    doc: dict[str, Any] = {
        "format": "fragment-case", "version": 1,
        "case": {"title": "Load benchmark", "description": "synthetic"},
        "sources": [{"key": "s1", "title": "Synthetic source", "language": "en"}],
        "actors": [{"key": "a1", "name": "Synthetic agency", "kind": "agency"}],
        "claims": [], "locations": [], "photos": [], "annotations": [], "links": [],
    }
    claims = max(1, photos // 100)
    for c in range(claims):
        doc["claims"].append({"key": f"c{c}", "statement": f"Claim {c}: strike on village {c}",
                              "actor": "a1", "source": "s1", "claimed_on": "2021-03-19"})
    for i in range(photos):
        (files / f"IMG_{i:05d}.jpg").write_bytes(_jpeg(rnd, i, gps=i % 10 == 0, padding=padding))
        doc["photos"].append({"key": f"p{i}", "file": f"files/IMG_{i:05d}.jpg",
                              "notes": f"photo {i}"})
        if i % 20 == 0:
            doc["locations"].append({"key": f"l{i}", "name": f"Site {i}",
                                     "coordinates": f"39.{i:05d} 46.{i:05d}"})
            doc["links"].append({"from": f"c{(i // 20) % claims}", "to": f"l{i}",
                                 "relation": "about"})
    for n in range(annotations):
        i = n % photos
        item: dict[str, Any] = {"key": f"n{n}", "photo": f"p{i}", "kind": "index_code",
                                "confidence": "probable",
                                "shape": {"type": "rect", "x": n % 200, "y": n % 150,
                                          "w": 100, "h": 80}}
        if n % 4:
            item["text"] = READINGS[n % len(READINGS)]
        doc["annotations"].append(item)
        if n % 10 == 0:
            doc["links"].append({"from": f"n{n}", "to": f"c{n % claims}",
                                 "stance": "supports"})
    path = folder / "case.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def floor_seconds(doc_path: Path, target: Path) -> float:
    """Read, hash and copy every photo (fsync), then insert as many rows in one transaction."""
    doc = json.loads(doc_path.read_text(encoding="utf-8"))
    target.mkdir()
    rows = sum(len(doc[k]) for k in ("photos", "annotations", "claims", "locations", "links"))
    start = time.perf_counter()
    for i, photo in enumerate(doc["photos"]):
        data = (doc_path.parent / photo["file"]).read_bytes()
        hashlib.sha256(data).hexdigest()
        with open(target / f"{i}", "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
    db = sqlite3.connect(target / "floor.sqlite", isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    db.execute("CREATE TABLE obj (id INTEGER PRIMARY KEY, uid TEXT, label TEXT, a TEXT, "
               "b TEXT, c INTEGER, d INTEGER)")
    db.execute("CREATE TABLE audit (id INTEGER PRIMARY KEY, hash TEXT, details TEXT, "
               "state TEXT)")
    db.execute("BEGIN IMMEDIATE")
    db.executemany("INSERT INTO obj (uid, label, a, b, c, d) VALUES (?, ?, ?, ?, ?, ?)",
                   ((os.urandom(16).hex(), f"A{k}", "index_code", "9M55K", k, k)
                    for k in range(rows)))
    db.executemany("INSERT INTO audit (hash, details, state) VALUES (?, ?, ?)",
                   ((hashlib.sha256(str(k).encode()).hexdigest(), '{"after": {}}', "[]")
                    for k in range(rows)))
    db.execute("COMMIT")
    db.close()
    return time.perf_counter() - start


def verify_floor_seconds(case_dir: Path) -> float:
    """What any verify must do: hash every original and run SQLite's integrity check."""
    start = time.perf_counter()
    for path in sorted((case_dir / "originals").rglob("*")):
        if path.is_file():
            digest = hashlib.sha256()
            with open(path, "rb") as handle:
                while chunk := handle.read(1 << 20):
                    digest.update(chunk)
    db = sqlite3.connect(f"file:{case_dir / 'case.sqlite'}?mode=ro", uri=True)
    db.execute("PRAGMA integrity_check").fetchall()
    db.close()
    return time.perf_counter() - start


_VERIFY_CHILD = """
import json, resource, sys, time
from desktop.core.verify import open_case_or_bag, verify_case

def memory_kib(key):
    # VmHWM is this program's own peak; ru_maxrss on Linux keeps the peak of the process
    # that started it (it survives exec), which would be the benchmark's own
    try:
        with open("/proc/self/status") as status:
            return next(int(l.split()[1]) for l in status if l.startswith(key + ":"))
    except OSError:  # not Linux
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

before = memory_kib("VmRSS")
start, cpu = time.perf_counter(), time.process_time()
case = open_case_or_bag(sys.argv[1])
try:
    report = verify_case(case)
finally:
    case.close()
seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
peak = memory_kib("VmHWM")
print(json.dumps({"seconds": seconds, "cpu": cpu, "ok": report.ok, "events": report.audit_events,
                  "peak_mib": peak / 1024, "growth_mib": (peak - before) / 1024}))
"""


def verify_in_child(case_dir: Path) -> dict[str, Any]:
    """``verify`` in a fresh process (as ``fragment verify`` runs): time and peak memory."""
    out = subprocess.run([sys.executable, "-c", _VERIFY_CHILD, str(case_dir)], check=True,
                         capture_output=True, text=True, cwd=ROOT,
                         env={**os.environ, "PYTHONPATH": str(ROOT)})
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def _cpu() -> float:
    """CPU seconds of this process and of its finished workers (the machine may be busy)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def main(argv: list[str] | None = None) -> int:
    """Build the document, measure the floor and the load, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="40 photos, 400 annotations")
    parser.add_argument("--photos", type=int, default=0)
    parser.add_argument("--annotations", type=int, default=0)
    parser.add_argument("--padding-kib", type=int, default=512,
                        help="random bytes after each JPEG's end, in KiB (default 512)")
    parser.add_argument("--profile", metavar="FILE", help="write a cProfile of the load")
    parser.add_argument("--verify-rounds", type=int, default=3,
                        help="verify floor and verify runs, taken in turn (A B A B ...); "
                        "medians reported (default 3; 1 with --quick)")
    args = parser.parse_args(argv)
    if args.quick:
        args.verify_rounds = 1
    photos = args.photos or (40 if args.quick else 2_000)
    annotations = args.annotations or (400 if args.quick else 20_000)
    with tempfile.TemporaryDirectory(prefix="bench-load-") as tmp_name:
        tmp = Path(tmp_name)
        doc_path = build_document(tmp / "doc", photos, annotations, args.padding_kib * 1024)
        size_mb = sum(f.stat().st_size for f in (tmp / "doc" / "files").iterdir()) / 1e6
        floor = floor_seconds(doc_path, tmp / "floor")
        case = CaseFile.create(tmp / "Bench", title="bench", investigator="bench")
        try:
            profiler = None
            if args.profile:
                import cProfile
                profiler = cProfile.Profile()
                profiler.enable()
            start, cpu_start = time.perf_counter(), _cpu()
            changes = load_case(case, doc_path)
            elapsed, cpu = time.perf_counter() - start, _cpu() - cpu_start
            if profiler is not None:
                profiler.disable()
                profiler.dump_stats(args.profile)
        finally:
            case.close()
        floors, floor_cpus, verifies = [], [], []
        for _ in range(max(1, args.verify_rounds)):  # in turn: the machine's load moves
            cpu_start = _cpu()
            floors.append(verify_floor_seconds(tmp / "Bench.fragment"))
            floor_cpus.append(_cpu() - cpu_start)
            verifies.append(verify_in_child(tmp / "Bench.fragment"))
        verify_floor = statistics.median(floors)
        verify = {**verifies[-1],
                  "seconds": statistics.median(v["seconds"] for v in verifies),
                  "cpu": statistics.median(v["cpu"] for v in verifies),
                  "ok": all(v["ok"] for v in verifies)}
        created = len(changes.created)
        print(f"document: {photos} photos ({size_mb:.0f} MB), {annotations} annotations; "
              f"{created} objects created")
        print(f"floor (hash + copy every photo, bare inserts of as many rows): {floor:.2f} s")
        print(f"load: {elapsed:.2f} s (x{elapsed / floor:.1f} the floor; target < 90 s at "
              f"2,000 photos / 20,000 annotations)")
        print(f"load CPU time (this process and its workers): {cpu:.2f} s")
        print(f"verify: {verify['seconds']:.2f} s, floor (sha256 of every original + "
              f"PRAGMA integrity_check) {verify_floor:.2f} s, "
              f"x{verify['seconds'] / verify_floor:.1f} (target <= x2); "
              f"{verify['events']} audit events, {'ok' if verify['ok'] else 'FAILED'}; "
              f"CPU {verify['cpu']:.2f} s")
        print("verify runs (floor / verify, wall; medians above): "
              + ", ".join(f"{f:.2f} / {v['seconds']:.2f} s" for f, v in zip(
                  floors, verifies, strict=True))
              + f"; CPU: floor {statistics.median(floor_cpus):.2f} s, verify "
              f"{verify['cpu']:.2f} s")
        print(f"verify memory: peak RSS {verify['peak_mib']:.0f} MiB, "
              f"{verify['growth_mib']:.0f} MiB above the process before verify")
        print(f"load average: {os.getloadavg()[0]:.1f}")
        return 0 if verify["ok"] else 1


if __name__ == "__main__":
    raise SystemExit(main())

"""Benchmark: the dossier of 40 twelve-megapixel photos with 120 annotations.

Not a timed test (pytest does not collect ``bench_*.py``). Run from the repository root::

    python -m tests.benchmarks.bench_dossier [--photos 40] [--keep DIR]
        [--case-photos 10000] [--annotations-per-photo 10] [--case-dir DIR] [--workers N]
        [--rounds 3]

It prints the build time and file size next to a floor measured in the same run: the time
Pillow needs just to decode (at reduced scale) and downscale the same photos once, in as many
processes as the build uses for its images (``--workers``, default: the idle CPUs). Photos
are synthetic noise and gradients, saved as JPEG quality 90. On a shared machine the floor
itself moves from run to run, so floor and build are run in turn (``--rounds``, A B A B
...) and the medians, their ratio and the CPU times (this process and its image workers:
the figures a busy machine inflates least) are reported.

``--case-photos N`` puts the 40 photos in a case of N photos: the others are rows without
files, each imported with its own audit event and carrying ``--annotations-per-photo``
annotations, each created with its own event, as the GUI records them (10,000 photos and
10 annotations each make an audit log of 110,000 events). The dossier still shows the 40.
"""

from __future__ import annotations

import argparse
import hashlib
import multiprocessing
import os
import random
import resource
import shutil
import statistics
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

from PIL import Image, ImageDraw

from db.models import Annotation, AnnotationKind, Confidence, Photo, ShapeType
from desktop.core.casefile import CaseFile
from desktop.core.export.dossier import build_dossier
from desktop.core.export.images import default_workers
from desktop.core.queries.dossier import DossierOptions, VerificationInfo, dossier_data
from desktop.core.verify import verify_case

WIDTH, HEIGHT = 4000, 3000  # 12 megapixels


def make_photo(path: Path, seed: int) -> None:
    """Noise over gradients: a hard case for JPEG, like a real photo of rough metal."""
    rng = random.Random(seed)
    small = Image.effect_noise((WIDTH // 4, HEIGHT // 4), 40 + seed % 20).convert("RGB")
    gradient = Image.linear_gradient("L").resize((WIDTH // 4, HEIGHT // 4)).convert("RGB")
    base = Image.blend(small, gradient, 0.5).resize((WIDTH, HEIGHT), Image.Resampling.BILINEAR)
    noise = Image.effect_noise((WIDTH, HEIGHT), 18).convert("RGB")
    image = Image.blend(base, noise, 0.25)
    draw = ImageDraw.Draw(image)
    for _ in range(3):
        x, y = rng.randrange(200, WIDTH - 1400), rng.randrange(200, HEIGHT - 600)
        draw.rectangle((x, y, x + 1200, y + 400), fill=(205, 205, 195))
        draw.text((x + 60, y + 100), f"9M723 {rng.randrange(1000, 9999)}", fill=(20, 20, 20),
                  font_size=180)
    image.save(path, "JPEG", quality=90)


def build_case(root: Path, count: int, photos: Path | None = None) -> CaseFile:
    """A case with ``count`` photos and three annotations on each, written as rows.

    Photos are generated into ``photos`` (default: a folder in ``root``); ones already there
    are reused.
    """
    source = photos or root / "photos"
    source.mkdir(parents=True, exist_ok=True)
    case = CaseFile.create(root / "Bench", title="Benchmark", investigator="Bench")
    with case.write_session() as session:
        for i in range(count):
            path = source / f"photo-{i:02d}.jpg"
            if not path.is_file():
                make_photo(path, i)
            sha = hashlib.sha256(path.read_bytes()).hexdigest()
            case.originals.put_file(path, sha, "jpg")
            photo = Photo(sha256=sha, file_name=path.name, ext="jpg", format="JPEG",
                          byte_size=path.stat().st_size, width=WIDTH, height=HEIGHT)
            session.add(photo)
            session.flush()
            for n in range(1, 4):
                kind = AnnotationKind.REDACTION if n == 3 else AnnotationKind.INDEX_CODE
                session.add(Annotation(
                    photo_id=photo.id, number=n, shape_type=ShapeType.RECT,
                    geometry={"x": 300 + n * 900, "y": 400 + n * 500, "w": 700, "h": 300},
                    kind=kind, transcription="" if n == 3 else "9М723",
                    confidence=Confidence.PROBABLE,
                ))
        case.audit(session, "bench.seed", "case", None, {"photos": count})
        case.audit(session, "test.setup", "case")
    return case


def add_rows(case: CaseFile, photos: int, per_photo: int) -> None:
    """``photos`` photo rows without files, each with ``per_photo`` annotations, one audit
    event per created row (as imports and the GUI record them)."""
    batch = 500
    for first in range(0, photos, batch):
        with case.write_session() as session:
            for i in range(first, min(first + batch, photos)):
                photo = Photo(sha256=f"{i:064x}", file_name=f"IMG_{i:05d}.jpg", ext="jpg",
                              format="JPEG", byte_size=2_000_000, width=WIDTH, height=HEIGHT)
                session.add(photo)
                session.flush()
                case.audit(session, "photo.import", "photo", photo.id, {"label": photo.label})
                for n in range(1, per_photo + 1):
                    annotation = Annotation(
                        photo_id=photo.id, number=n, shape_type=ShapeType.RECT,
                        geometry={"x": 10 * n, "y": 10, "w": 50, "h": 20},
                        kind=AnnotationKind.INDEX_CODE, transcription=f"9M55K {n:03d}",
                        confidence=Confidence.PROBABLE)
                    session.add(annotation)
                    session.flush()
                    case.audit(session, "annotation.create", "annotation", annotation.id,
                               {"label": annotation.label})


def _decode_once(path: Path) -> None:
    with Image.open(path) as image:
        w, h = image.size
        image.draft("RGB", (w * 1600 // max(w, h), h * 1600 // max(w, h)))
        image.load()
        image.thumbnail((1600, 1600), Image.Resampling.LANCZOS)


def _cpu() -> float:
    """CPU seconds of this process and of its finished children (the image workers)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def floor_seconds(paths: list[Path], workers: int = 1) -> float:
    """Decode each photo at reduced scale and downscale it once, in ``workers`` processes
    (the number the dossier build uses)."""
    start = time.perf_counter()
    if workers < 2:
        for path in paths:
            _decode_once(path)
    else:
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            list(pool.map(_decode_once, paths))
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photos", type=int, default=40)
    parser.add_argument("--keep", type=Path, help="copy the dossier here")
    parser.add_argument("--photos-dir", type=Path, help="generate photos here once, reuse them")
    parser.add_argument("--workers", type=int, help="image worker processes (default: CPUs)")
    parser.add_argument("--case-photos", type=int, default=0,
                        help="photo rows (without files) the case holds besides the photos "
                        "of the dossier, each with its own audit event")
    parser.add_argument("--annotations-per-photo", type=int, default=0,
                        help="annotations on each of those rows, each with its own event")
    parser.add_argument("--case-dir", type=Path,
                        help="build the case here and keep it; reuse it when it exists")
    parser.add_argument("--rounds", type=int, default=3,
                        help="floor and dossier runs, taken in turn (A B A B ...); the "
                        "medians and their ratio are reported")
    parser.add_argument("--quick", action="store_true",
                        help="4 photos in a case of 300 rows with 2 annotations each (900 "
                        "events), for the test that checks the benchmark runs")
    args = parser.parse_args(argv)
    if args.quick:
        args.photos, args.case_photos, args.annotations_per_photo = 4, 300, 2
        args.rounds = 1
    with tempfile.TemporaryDirectory(prefix="fragment-bench-") as tmp:
        root = args.case_dir or Path(tmp)
        t0 = time.perf_counter()
        if (root / "Bench.fragment" / "case.sqlite").is_file():
            case = CaseFile.open(root / "Bench.fragment")
            print(f"reusing the case in {root}")
        else:
            case = build_case(root, args.photos, args.photos_dir)
            print(f"generated {args.photos} photos of {WIDTH}x{HEIGHT} "
                  f"in {time.perf_counter() - t0:.1f} s")
            if args.case_photos:
                t0 = time.perf_counter()
                add_rows(case, args.case_photos, args.annotations_per_photo)
                print(f"added {args.case_photos} photo rows with "
                      f"{args.annotations_per_photo} annotations each "
                      f"in {time.perf_counter() - t0:.1f} s")
        try:
            paths = sorted(case.originals.iter_files())
            chosen = tuple(range(1, args.photos + 1))
            # The export service verifies the whole case first (its own figure: the target
            # of `fragment verify`) and hands the result on, as here. (The rows without
            # files fail that check; the export would refuse, the benchmark goes on.)
            t0 = time.perf_counter()
            report = verify_case(case)
            check = VerificationInfo(checked_at=datetime.now(UTC), originals=report.checked,
                                     events=report.audit_events, head=report.head)
            verify_seconds = time.perf_counter() - t0
            workers = args.workers or default_workers()
            runs: list[tuple[float, float, float, float, float, float]] = []
            for round_ in range(args.rounds):  # floor and build in turn: A B A B ...
                cpu = _cpu()
                floor = floor_seconds(paths, workers)
                floor_cpu = _cpu() - cpu
                marks: dict[str, float] = {}

                def progress(done: int, total: int, message: str,
                             marks: dict[str, float] = marks) -> None:
                    marks.setdefault(message, time.perf_counter())

                cpu = _cpu()
                start = time.perf_counter()
                data = dossier_data(case, DossierOptions(photo_ids=chosen), verification=check)
                read = time.perf_counter() - start
                out = build_dossier(data, Path(tmp) / f"dossier-{round_}.pdf",
                                    progress=progress, workers=workers)
                seconds = time.perf_counter() - start
                build_cpu = _cpu() - cpu
                images = marks["laying out pages"] - marks["preparing images"]
                runs.append((floor, seconds, read, images, floor_cpu, build_cpu))
                print(f"run {round_ + 1}: floor {floor:.2f} s (CPU {floor_cpu:.2f} s), "
                      f"dossier {seconds:.2f} s (CPU {build_cpu:.2f} s), "
                      f"x{seconds / floor:.2f}", flush=True)
        finally:
            case.close()
        floor = statistics.median(r[0] for r in runs)
        seconds = statistics.median(r[1] for r in runs)
        read = statistics.median(r[2] for r in runs)
        images = statistics.median(r[3] for r in runs)
        floor_cpu = statistics.median(r[4] for r in runs)
        build_cpu = statistics.median(r[5] for r in runs)
        size_mb = out.stat().st_size / 1e6
        originals_mb = sum(p.stat().st_size for p in paths) / 1e6
        print(f"annotations: {data.annotation_count}, audit events: {data.audit.count}")
        print(f"verify before the export (not in the build): {verify_seconds:.2f} s")
        print(f"floor (decode+downscale once, {workers} process(es)), median of {len(runs)}: "
              f"{floor:.2f} s, CPU {floor_cpu:.2f} s")
        print(f"dossier build, median of {len(runs)}: {seconds:.2f} s, CPU {build_cpu:.2f} s: "
              f"read {read:.2f} s, images {images:.2f} s, "
              f"layout {seconds - images - read:.2f} s")
        print(f"ratio of medians: x{seconds / floor:.2f} (wall), "
              f"x{build_cpu / floor_cpu:.2f} (CPU); load average {os.getloadavg()[0]:.1f}")
        print(f"dossier size: {size_mb:.1f} MB  (originals: {originals_mb:.0f} MB)")
        if args.keep:
            shutil.copy(out, args.keep)
    return 0


if __name__ == "__main__":
    sys.exit(main())

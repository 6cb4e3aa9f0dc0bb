"""Import throughput against a floor measured in the same run.

Run from the repository root::

    python tests/benchmarks/bench_import.py [--quick] [--megapixels 12,24,50] [--per-size N]
        [--corpus] [--photos-dir DIR]

By default it imports photos as investigators receive them: ``--per-size`` (default 4)
generated JPEGs of each of 12, 24 and 50 megapixels (smooth gradients under fine noise,
quality 90, with a camera's EXIF, so they compress like photos; their sizes are printed).
``--corpus`` imports the real photos shipped with the tests instead; ``--quick`` (6 photos
of 1 and 2 megapixels) only checks that the benchmark runs.

Floor: what any import must do at least: read every file, SHA-256 it, and copy it with an
fsync (one process). Second floor: the same plus one decode of each photo at the reduced
scale the import decodes it to (JPEG DCT scaling for the 256 px thumbnail), since an import
must check that every picture decodes. The import does that plus EXIF, the thumbnail, the
checks' fingerprint and the database, in worker processes. Two figures: ``import_paths`` in
this process, and ``fragment add`` as a user runs it (a new process: interpreter start, the
imports the command needs, worker start-up), whose floors add a bare interpreter start.
CPU times (this process and its finished children) are printed too: a busy machine
inflates them least. Not collected by pytest (the file is named ``bench_*``).
"""

from __future__ import annotations

import argparse
import hashlib
import io
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from PIL import Image, ImageDraw  # noqa: E402

from desktop.core.imaging import THUMBNAIL_SIZE, draft_box  # noqa: E402

# The import's worker processes are spawned: each imports this module as its main module
# first, so the case and import modules (SQLAlchemy...) are imported in main() only, as the
# command's workers import only what they need.

CORPUS = ROOT / "tests" / "data" / "photos"  # the real photos shipped with the tests
SHAPES = {1: (1200, 900), 2: (1600, 1200), 12: (4000, 3000), 24: (6000, 4000),
          50: (8660, 5774)}  # megapixels -> 4:3 or 3:2 sensor sizes


def floor_seconds(files: list[Path], target: Path, *, decode: bool = False) -> float:
    """Read, hash and copy (with fsync) every file once, in this process; with ``decode``,
    also decode each picture once at the scale the import decodes it to."""
    target.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    for i, path in enumerate(files):
        data = path.read_bytes()
        hashlib.sha256(data).hexdigest()
        with open(target / f"{i}", "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        if decode:
            with Image.open(io.BytesIO(data)) as image:
                image.draft("RGB", draft_box(image.size, THUMBNAIL_SIZE))
                image.load()
    return time.perf_counter() - start


def _exif(index: int) -> bytes:
    exif = Image.Exif()
    exif[0x010F], exif[0x0110] = "BenchCam", "Model 7"  # Make, Model
    exif[0x0132] = f"2024:05:{1 + index % 28:02d} 10:{index % 60:02d}:00"  # DateTime
    return exif.tobytes()


def camera_photos(folder: Path, megapixels: list[int], per_size: int) -> list[Path]:
    """``per_size`` photo-like JPEGs of each size: gradients, a label, and fine noise that
    compresses like a real photo's detail; each photo's pixels differ."""
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for mp in megapixels:
        width, height = SHAPES[mp]
        gradient = Image.linear_gradient("L").resize((width, height))
        radial = Image.radial_gradient("L").resize((width, height))
        coarse = Image.effect_noise((width // 4, height // 4), 50).resize((width, height))
        base = Image.merge("RGB", (gradient, radial, coarse))
        base = Image.blend(base, Image.effect_noise((width, height), 24).convert("RGB"), 0.2)
        for i in range(per_size):
            image = base.copy()
            ImageDraw.Draw(image).text((width // 10, height // 3 + 40 * i), f"9M723 {mp}-{i}",
                                       fill=(20, 20, 20), font_size=max(40, height // 20))
            path = folder / f"cam_{mp:02d}mp_{i:02d}.jpg"
            image.save(path, "JPEG", quality=90, exif=_exif(i))
            out.append(path)
    return out


def _cpu() -> float:
    """CPU seconds of this process and of its finished children (workers, commands)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def cli_add_seconds(tmp: Path, inputs: list[Path]) -> tuple[float, float, float]:
    """(``fragment add`` in a new process, a bare interpreter start) in seconds, and the
    command's CPU seconds (with its workers)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    subprocess.run([sys.executable, str(ROOT / "main.py"), "new", str(tmp / "Cli"),
                    "--title", "bench", "--investigator", "bench"], check=True, env=env,
                   capture_output=True)
    start, cpu = time.perf_counter(), _cpu()
    subprocess.run([sys.executable, str(ROOT / "main.py"), "add", str(tmp / "Cli.fragment"),
                    *map(str, inputs)], check=True, env=env, capture_output=True)
    add, cpu = time.perf_counter() - start, _cpu() - cpu
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", "pass"], check=True, env=env)
    return add, time.perf_counter() - start, cpu


def _sizes(text: str) -> list[int]:
    sizes = [int(part) for part in text.split(",") if part.strip()]
    unknown = sorted(set(sizes) - set(SHAPES))
    if unknown:
        raise argparse.ArgumentTypeError(f"no sensor size for {unknown} MP; "
                                         f"choose among {sorted(SHAPES)}")
    return sizes


def _describe(files: list[Path]) -> str:
    groups: dict[tuple[int, int], list[int]] = {}
    for path in files:
        with Image.open(path) as image:
            groups.setdefault(image.size, []).append(path.stat().st_size)
    return "; ".join(f"{len(sizes)} of {w}x{h} ({w * h / 1e6:.0f} MP, "
                     f"{sum(sizes) / len(sizes) / 1e6:.1f} MB each)"
                     for (w, h), sizes in sorted(groups.items()))


def main(argv: list[str] | None = None) -> int:
    """Measure and print photos/s, MB/s and the ratios to both floors."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megapixels", type=_sizes, default=[12, 24, 50],
                        help="sizes of the generated photos (default 12,24,50)")
    parser.add_argument("--per-size", type=int, default=4, help="photos of each size")
    parser.add_argument("--corpus", action="store_true",
                        help="import the test corpus of real photos instead")
    parser.add_argument("--photos-dir", type=Path,
                        help="generate the photos here once and reuse them in later runs")
    parser.add_argument("--quick", action="store_true", help="6 photos of 1 and 2 MP")
    args = parser.parse_args(argv)
    from desktop.core.casefile import CaseFile
    from desktop.core.ingest import expand_paths, import_paths

    if args.quick:
        args.megapixels, args.per_size = [1, 2], 3
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        if args.corpus:
            inputs = [CORPUS]
        else:
            folder = args.photos_dir or tmp / "in"
            if not any(folder.glob("cam_*.jpg")):
                start = time.perf_counter()
                camera_photos(folder, args.megapixels, args.per_size)
                print(f"generated in {time.perf_counter() - start:.1f} s")
            inputs = [folder]
        files = expand_paths(inputs)
        total_mb = sum(f.stat().st_size for f in files) / 1e6
        floor_cpu = _cpu()
        floor = floor_seconds(files, tmp / "floor")
        floor_cpu = _cpu() - floor_cpu
        shutil.rmtree(tmp / "floor")
        decode_cpu = _cpu()
        floor_decode = floor_seconds(files, tmp / "floor", decode=True)
        decode_cpu = _cpu() - decode_cpu
        shutil.rmtree(tmp / "floor")
        with CaseFile.create(tmp / "Bench", title="bench", investigator="bench") as case:
            start, cpu = time.perf_counter(), _cpu()
            report = import_paths(case, inputs)
            elapsed, cpu = time.perf_counter() - start, _cpu() - cpu
        imported = report.count("imported")
        cli, interpreter, cli_cpu = cli_add_seconds(tmp, inputs)
        print(f"files: {len(files)} ({total_mb:.1f} MB); imported {imported}, "
              f"rejected {report.count('rejected')}, duplicates {report.count('duplicate')}")
        print(f"photos: {_describe(files)}")
        print(f"floor (read + sha256 + copy with fsync, 1 process): {floor:.2f} s, "
              f"{len(files) / floor:.0f} files/s, {total_mb / floor:.0f} MB/s")
        print(f"floor + one reduced decode (1 process): {floor_decode:.2f} s")
        print(f"import (workers: {os.cpu_count()} CPUs): {elapsed:.2f} s, "
              f"{imported / elapsed:.1f} photos/s, {total_mb / elapsed:.1f} MB/s")
        print(f"ratio import/floor: {elapsed / floor:.2f}x; "
              f"to floor + decode: {elapsed / floor_decode:.2f}x")
        print(f"fragment add (new process): {cli:.2f} s; floor + interpreter start "
              f"{floor + interpreter:.2f} s; ratio {cli / (floor + interpreter):.2f}x; "
              f"to floor + decode + interpreter: {cli / (floor_decode + interpreter):.2f}x")
        print(f"CPU time (the figure a busy machine inflates least): floor {floor_cpu:.2f} s, "
              f"floor + decode {decode_cpu:.2f} s, import with its workers {cpu:.2f} s, "
              f"fragment add {cli_cpu:.2f} s")
        print(f"load average: {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

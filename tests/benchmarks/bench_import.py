"""Import throughput against a floor measured in the same run.

Run from the repository root:  ``python tests/benchmarks/bench_import.py [--synthetic N]
[--quick]`` (``--quick``: 6 synthetic photos, to check that the benchmark runs).

The floor is what any import must do at least: read every file, SHA-256 it, and copy it
with an fsync (one process). The import does that plus decoding, EXIF, thumbnails and the
database, in worker processes. Two figures: ``import_paths`` in this process, and
``fragment add`` as a user runs it (a new process: interpreter start, the imports the
command needs, worker start-up), whose floor adds a bare interpreter start. Not collected
by pytest (the file is named ``bench_*``).
"""

from __future__ import annotations

import argparse
import hashlib
import io
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from PIL import Image  # noqa: E402

from desktop.core.casefile import CaseFile  # noqa: E402
from desktop.core.ingest import expand_paths, import_paths  # noqa: E402

CORPUS = ROOT / "tests" / "data" / "photos"  # the real photos shipped with the tests


def floor_seconds(files: list[Path], target: Path) -> float:
    """Read, hash and copy (with fsync) every file once, in this process."""
    target.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    for i, path in enumerate(files):
        data = path.read_bytes()
        hashlib.sha256(data).hexdigest()
        with open(target / f"{i}", "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
    return time.perf_counter() - start


def synthetic(folder: Path, count: int) -> list[Path]:
    """``count`` camera-sized noisy JPEGs (1600x1200), all different."""
    folder.mkdir(parents=True, exist_ok=True)
    rnd = random.Random(1)
    base = Image.frombytes("RGB", (1600, 1200), rnd.randbytes(1600 * 1200 * 3))
    out = []
    for i in range(count):
        buf = io.BytesIO()
        base.save(buf, "JPEG", quality=85, comment=f"frame {i}".encode())
        path = folder / f"synthetic_{i:04d}.jpg"
        path.write_bytes(buf.getvalue())
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


def main(argv: list[str] | None = None) -> int:
    """Measure and print photos/s, MB/s and the ratio to the floor."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--synthetic", type=int, default=0,
                        help="benchmark N generated 1600x1200 JPEGs instead of the corpus")
    parser.add_argument("--quick", action="store_true", help="6 synthetic photos")
    args = parser.parse_args(argv)
    if args.quick:
        args.synthetic = args.synthetic or 6
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        if args.synthetic:
            inputs = [tmp / "in"]
            synthetic(tmp / "in", args.synthetic)
        else:
            inputs = [CORPUS]
        files = expand_paths(inputs)
        total_mb = sum(f.stat().st_size for f in files) / 1e6
        floor_cpu = _cpu()
        floor = floor_seconds(files, tmp / "floor")
        floor_cpu = _cpu() - floor_cpu
        shutil.rmtree(tmp / "floor")
        with CaseFile.create(tmp / "Bench", title="bench", investigator="bench") as case:
            start, cpu = time.perf_counter(), _cpu()
            report = import_paths(case, inputs)
            elapsed, cpu = time.perf_counter() - start, _cpu() - cpu
        imported = report.count("imported")
        cli, interpreter, cli_cpu = cli_add_seconds(tmp, inputs)
        print(f"files: {len(files)} ({total_mb:.1f} MB); imported {imported}, "
              f"rejected {report.count('rejected')}, duplicates {report.count('duplicate')}")
        print(f"floor (read + sha256 + copy with fsync, 1 process): {floor:.2f} s, "
              f"{len(files) / floor:.0f} files/s, {total_mb / floor:.0f} MB/s")
        print(f"import (workers: {os.cpu_count()} CPUs): {elapsed:.2f} s, "
              f"{imported / elapsed:.1f} photos/s, {total_mb / elapsed:.1f} MB/s")
        print(f"ratio import/floor: {elapsed / floor:.2f}x")
        print(f"fragment add (new process): {cli:.2f} s; floor + interpreter start "
              f"{floor + interpreter:.2f} s; ratio {cli / (floor + interpreter):.2f}x")
        print(f"CPU time (the figure a busy machine inflates least): floor {floor_cpu:.2f} s, "
              f"import with its workers {cpu:.2f} s, fragment add {cli_cpu:.2f} s")
        print(f"load average: {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

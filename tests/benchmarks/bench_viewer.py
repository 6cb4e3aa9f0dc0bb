"""The viewer with big photos: memory while paging, and the time to the first sharp picture,
each against a floor measured in the same run.

Run from the repository root:  ``python tests/benchmarks/bench_viewer.py`` (offscreen by
default; 200 photos of 24 MP).  ``--quick`` pages through a few small photos so that a test
can run it; ``--photos N`` and ``--megapixels M`` change the workload.

What is measured, in the real main window (browser, viewer, controller, thread pool):
- first sharp paint: from selecting a photo that is not cached until the viewer shows it at
  least at view resolution (viewport x device pixel ratio) and has painted. Floor: Pillow
  ``draft()`` + ``resize`` of the same file to the same size, in this thread.
- paging: Page Down through every photo, waiting each time for the sharp picture; every
  other page follows a look at the photo (the pool is idle: the neighbours had time to be
  decoded ahead), the others follow at once; then three pages back. The median time per
  page, and the resident memory (RSS) before, at its peak and after. Floor for RSS: the process
  after the window opened and showed the first photo.
- zoom to 1:1: the time until the full resolution replaces the view-resolution picture.
  Floor: a plain Pillow full decode of the same file.

The photos are synthetic JPEGs (a gradient plus noise, so that they compress like real
photos). To keep the run short only a few distinct files are encoded; each photo row gets
its own hash and a hard link to one of them in the store, so every page is a separate photo
to the viewer. Not collected by pytest (``bench_*``).
"""

from __future__ import annotations

import argparse
import gc
import math
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from PIL import Image  # noqa: E402
from PySide6.QtCore import QThreadPool  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from db.models import Photo  # noqa: E402
from desktop.core.casefile import CaseFile  # noqa: E402
from desktop.core.imaging import derived_path, thumbnail_path  # noqa: E402

DISTINCT_FILES = 8


def rss_bytes() -> int:
    """Resident memory of this process (psutil when installed, else /proc, else the peak)."""
    try:
        import psutil

        return int(psutil.Process().memory_info().rss)
    except ImportError:
        pass
    try:
        with open("/proc/self/statm") as handle:
            return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        import resource

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return int(peak) * (1 if sys.platform == "darwin" else 1024)


def make_jpeg(path: Path, width: int, height: int, seed: int) -> None:
    """A photo-like JPEG: smooth gradients with fine noise (realistic compressed size)."""
    gradient = Image.linear_gradient("L").resize((width, height))
    radial = Image.radial_gradient("L").resize((width, height))
    noise = Image.effect_noise((width // 2, height // 2), 40 + seed * 3).resize((width, height))
    rgb = Image.merge("RGB", (gradient, radial, noise))
    rgb = Image.blend(rgb, Image.effect_noise((width, height), 30).convert("RGB"), 0.25)
    rgb.save(path, "JPEG", quality=88)


def link(source: Path, target: Path) -> None:
    """A hard link (a copy where links are not possible)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:
        target.write_bytes(source.read_bytes())


def fill(case: CaseFile, files: list[Path], count: int, width: int, height: int) -> None:
    """``count`` photo rows, each with its own hash and a hard link to one of ``files``,
    and its thumbnail already built (as an import builds it)."""
    thumbs = []
    for i, source in enumerate(files):
        sha = f"{0xffff0000 + i:064x}"
        link(source, case.originals.path_for(sha, "jpg"))
        thumbs.append(thumbnail_path(case, sha, "jpg"))
    with case.write_session() as session:
        for i in range(count):
            sha = f"{i + 1:064x}"
            source = files[i % len(files)]
            link(source, case.originals.path_for(sha, "jpg"))
            link(thumbs[i % len(files)], derived_path(case.derived_dir, "thumb", sha))
            session.add(Photo(sha256=sha, file_name=f"IMG_{i:04d}.jpg", ext="jpg",
                              format="JPEG", byte_size=source.stat().st_size, width=width,
                              height=height, orientation=1, flags=[], imported_by="bench"))
        case.audit(session, "test.setup", "case")


def wait_until(app: QApplication, condition: Callable[[], bool], timeout: float = 60.0) -> bool:
    """Process events until ``condition()`` holds (False on timeout)."""
    end = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > end:
            return False
        app.processEvents()
        time.sleep(0.0005)
    return True


def needed_width(window, photo) -> int:  # type: ignore[no-untyped-def]
    """Decoded width at which the photo is sharp at the current zoom (view resolution)."""
    view = window.view
    want = math.ceil(photo.width * view.zoom() * view.devicePixelRatioF())
    return min(photo.width, want)


def is_sharp(window) -> bool:  # type: ignore[no-untyped-def]
    """The viewer shows the selected photo at least at view resolution."""
    photo = window.canvas.photo
    if photo is None:
        return False
    return window.view.canvas.decoded_width() >= needed_width(window, photo) - 1


def pool_idle(app: QApplication) -> None:
    """Let background work (thumbnails, decodes ahead) finish before a timed sample."""
    pool = QThreadPool.globalInstance()
    wait_until(app, lambda: pool.activeThreadCount() == 0, timeout=120)
    app.processEvents()


def floor_view_decode(path: Path, size: tuple[int, int]) -> float:
    """Pillow draft() + resize to ``size`` (the decode a sharp first paint needs)."""
    start = time.perf_counter()
    with Image.open(path) as image:
        image.draft("RGB", size)
        image.convert("RGB").resize(size, Image.Resampling.BILINEAR)
    return time.perf_counter() - start


def floor_full_decode(path: Path) -> float:
    """A plain full-resolution Pillow decode."""
    start = time.perf_counter()
    with Image.open(path) as image:
        image.load()
    return time.perf_counter() - start


def clear_cache(window) -> None:  # type: ignore[no-untyped-def]
    """Forget decoded pictures (no-op for a viewer without a cache)."""
    cache = getattr(window.canvas, "cache", None)
    if cache is not None:
        cache.clear()


def select_cold(app: QApplication, window, photo_id: int) -> float:  # type: ignore[no-untyped-def]
    """Time from selecting an uncached photo to its sharp picture painted."""
    pool_idle(app)  # decodes ahead finish into the cache: clear it after them
    clear_cache(window)
    gc.collect()
    start = time.perf_counter()
    window.ctx.bus.photo_selected.emit(photo_id)
    if not wait_until(app, lambda: is_sharp(window)):
        raise SystemExit("timed out waiting for a sharp picture")
    window.view.viewport().repaint()
    return time.perf_counter() - start


def page(app: QApplication, window, delta: int) -> float:  # type: ignore[no-untyped-def]
    """Page Down (1) or Up (-1) in the browser; time until the sharp picture is painted."""
    before = window.canvas.photo.id if window.canvas.photo else 0
    start = time.perf_counter()
    window.browser.step(delta)
    ok = wait_until(app, lambda: window.canvas.photo is not None
                    and window.canvas.photo.id != before and is_sharp(window))
    if not ok:
        raise SystemExit("timed out waiting for the next photo")
    window.view.viewport().repaint()
    return time.perf_counter() - start


def parse(argv: list[str] | None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true",
                        help="a few small photos (for the test that runs this benchmark)")
    parser.add_argument("--photos", type=int, default=None, help="photos to page through")
    parser.add_argument("--megapixels", type=float, default=None, help="size of each photo")
    args = parser.parse_args(argv)
    if args.photos is None:
        args.photos = 8 if args.quick else 200
    if args.megapixels is None:
        args.megapixels = 3.0 if args.quick else 24.0
    return args


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print each figure beside its floor."""
    args = parse(argv)
    from desktop.qt.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    width = int(math.sqrt(args.megapixels * 1e6 * 3 / 2)) // 16 * 16
    height = width * 2 // 3
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        distinct = min(DISTINCT_FILES, args.photos)
        print(f"encoding {distinct} JPEGs of {width}x{height} "
              f"({width * height / 1e6:.1f} MP)…", flush=True)
        files = []
        for i in range(distinct):
            files.append(tmp / f"src{i}.jpg")
            make_jpeg(files[-1], width, height, i)
        mean_mb = statistics.mean(f.stat().st_size for f in files) / 1e6
        case = CaseFile.create(tmp / "Bench", title="Bench", investigator="bench")
        fill(case, files, args.photos, width, height)
        window = MainWindow.create()
        window.resize(1920, 1200)
        window.show()
        try:
            window._set_case(case)
            wait_until(app, lambda: window.canvas.photo is not None and is_sharp(window))
            pool_idle(app)
            model = window.browser.model
            photos = [model.photo_at(r) for r in range(model.rowCount())]
            vp = window.view.viewport().size()
            print(f"viewport {vp.width()}x{vp.height()}, device pixel ratio "
                  f"{window.view.devicePixelRatioF():g}, {len(photos)} photos, "
                  f"JPEG {mean_mb:.1f} MB each", flush=True)

            # first sharp paint, cold, against the floor decode of the same file
            samples = photos[1:min(len(photos), 4 if args.quick else 10)] or photos[:1]
            firsts, floors = [], []
            for photo in samples:
                firsts.append(select_cold(app, window, photo.id))
                size = (needed_width(window, photo),
                        max(1, round(needed_width(window, photo) * height / width)))
                path = case.originals.path_for(photo.sha256, photo.ext)
                pool_idle(app)  # the floor gets the machine to itself, as ours did
                floors.append(floor_view_decode(path, size))

            # paging through every photo with Page Down, then back
            window.browser.select_row(0)
            wait_until(app, lambda: is_sharp(window))
            pool_idle(app)
            gc.collect()
            rss_start = rss_bytes()
            rss_peak = rss_half = rss_start
            pages, rapid = [], []
            for i in range(len(photos) - 1):
                if i % 2 == 0:  # a look at the photo: the neighbours are decoded meanwhile
                    pool_idle(app)
                    pages.append(page(app, window, 1))
                else:  # straight on, while the decode ahead may still be running
                    rapid.append(page(app, window, 1))
                rss_peak = max(rss_peak, rss_bytes())
                if i == (len(photos) - 1) // 2:
                    rss_half = rss_bytes()
            backs = []
            for _ in range(min(3, len(photos) - 1)):
                pool_idle(app)
                backs.append(page(app, window, -1))
            pool_idle(app)
            gc.collect()
            app.processEvents()
            rss_end = rss_bytes()
            rss_peak = max(rss_peak, rss_end)

            # zoom to actual pixels: full resolution decoded in the background
            photo = window.canvas.photo
            path = case.originals.path_for(photo.sha256, photo.ext)
            pool_idle(app)
            start = time.perf_counter()
            window.view.one_to_one()
            wait_until(app, lambda: window.view.canvas.decoded_width() == photo.width)
            window.view.viewport().repaint()
            zoom_full = time.perf_counter() - start
            floor_full = min(floor_full_decode(path) for _ in range(2))
            cache = getattr(window.canvas, "cache", None)
            cache_bytes = cache.bytes if cache is not None else -1
            budget = cache.budget if cache is not None else -1
        finally:
            window.jobs.cancel_all()
            window.jobs.wait()
            window.close_case()
            window.close()
            case.close()

    def row(label: str, ours: float, floor: float) -> None:
        ratio = ours / floor if floor > 0 else float("inf")
        print(f"{label:<38} {ours * 1000:9.1f} ms   floor {floor * 1000:8.1f} ms   "
              f"x{ratio:5.2f}")

    mib = 1024 * 1024
    floor_first = statistics.median(floors)
    print(f"\n{len(photos)} photos of {width}x{height}; load average "
          f"{os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    row("first sharp paint (median)", statistics.median(firsts), floor_first)
    row("page down after a look (median)", statistics.median(pages), floor_first)
    row("page down after a look (slowest)", max(pages), floor_first)
    if rapid:
        row("page down at once (median)", statistics.median(rapid), floor_first)
    row("page back after a look (median)", statistics.median(backs), floor_first)
    row("zoom 1:1, full resolution", zoom_full, floor_full)
    print(f"{'RSS before paging':<38} {rss_start / mib:9.0f} MiB")
    print(f"{'RSS peak while paging':<38} {rss_peak / mib:9.0f} MiB   "
          f"growth {(rss_peak - rss_start) / mib:6.0f} MiB")
    print(f"{'RSS half-way':<38} {rss_half / mib:9.0f} MiB   "
          f"growth {(rss_half - rss_start) / mib:6.0f} MiB")
    print(f"{'RSS after paging':<38} {rss_end / mib:9.0f} MiB   "
          f"growth {(rss_end - rss_start) / mib:6.0f} MiB")
    if budget >= 0:
        print(f"{'decoded-picture cache':<38} {cache_bytes / mib:9.0f} MiB   "
              f"budget {budget / mib:6.0f} MiB")
    else:
        print(f"{'decoded-picture cache':<38}      none")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

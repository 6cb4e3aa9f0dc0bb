"""Photo browser with 10,000 photos: population, sort/filter, data() and scrolling, each
against a floor measured in the same run.

Run from the repository root:  ``python tests/benchmarks/bench_browser.py [--quick]``
(offscreen by default). ``--quick`` (500 photos) checks that the benchmark runs.

Floors: reading the same rows with a bare SQL ``SELECT`` (for the query), a plain Python
list sort (for sort/filter), and a ``QStringListModel`` in an identical ``QListView`` with
the default delegate (for ``data()`` and scrolling). Not collected by pytest (``bench_*``).
The photos are database rows without files, so no thumbnail is decoded: this measures the
browser itself; thumbnail decoding runs in workers and never blocks painting.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QStringListModel, Qt, QThreadPool  # noqa: E402
from PySide6.QtWidgets import QApplication, QListView  # noqa: E402
from sqlalchemy import text  # noqa: E402

from db.models import Photo  # noqa: E402
from desktop.core.casefile import CaseFile  # noqa: E402
from desktop.core.queries.photos import list_photos  # noqa: E402
from desktop.qt.item_models.photo_model import PhotoModel, PhotoRole, SortKey  # noqa: E402
from desktop.qt.item_models.thumbnails import ThumbnailLoader  # noqa: E402
from desktop.qt.jobs import JobRunner  # noqa: E402
from desktop.qt.panels.photo_browser import CELL, PhotoDelegate  # noqa: E402

N = 10_000


def timed(fn) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def fill(case: CaseFile, n: int) -> None:
    """Insert ``n`` photo rows (no files: the browser is measured, not decoding)."""
    base = datetime(2021, 3, 15, tzinfo=UTC)
    with case.write_session() as session:
        for i in range(n):
            session.add(Photo(
                sha256=f"{i:064x}", file_name=f"IMG_{(i * 7919) % n:05d}.jpg", ext="jpg",
                format="JPEG", byte_size=2_000_000, width=4000, height=3000, orientation=1,
                taken_at=(base + timedelta(minutes=(i * 37) % 5000)).isoformat(),
                camera_make="Canon" if i % 3 else "Nikon", camera_model="X",
                gps_lat=39.76 if i % 5 == 0 else None, gps_lon=46.74 if i % 5 == 0 else None,
                flags=["truncated"] if i % 97 == 0 else [], imported_by="bench"))
        case.audit(session, "test.setup", "case")


def scroll(view: QListView, app: QApplication) -> tuple[float, int]:
    """Scroll from top to bottom one page at a time, painting every page."""
    bar = view.verticalScrollBar()
    bar.setValue(0)
    app.processEvents()
    frames = 0
    start = time.perf_counter()
    while True:
        view.viewport().repaint()
        frames += 1
        if bar.value() >= bar.maximum():
            break
        bar.setValue(bar.value() + bar.pageStep())
    return time.perf_counter() - start, frames


def data_pass(model, roles: list[int]) -> float:  # type: ignore[no-untyped-def]
    def run() -> None:
        for row in range(model.rowCount()):
            index = model.index(row, 0)
            for role in roles:
                model.data(index, role)
    return timed(run)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print every figure beside its floor."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="500 photos")
    count = 500 if parser.parse_args(argv).quick else N
    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        case = CaseFile.create(Path(tmp) / "Bench", title="Bench", investigator="bench")
        try:
            print(f"inserting {count} photo rows…")
            fill(case, count)
            with case.read_session() as session:
                floor_query = timed(lambda: session.execute(text("SELECT * FROM photo")).all())
            photos: list = []
            with case.read_session() as session:
                query = timed(lambda: photos.extend(list_photos(session)))
            loader = ThumbnailLoader(JobRunner(QThreadPool.globalInstance()))  # no case: no jobs
            model = PhotoModel(loader)
            populate = timed(lambda: model.set_photos(photos))
            floor_sort = timed(lambda: sorted(photos, key=lambda p: p.file_name.casefold()))
            sort = timed(lambda: model.set_sort(SortKey.NAME))
            sort_taken = timed(lambda: model.set_sort(SortKey.TAKEN))
            filt = timed(lambda: model.set_filter("nikon"))
            filtered = model.rowCount()
            model.set_filter("")

            names = [p.file_name for p in photos]
            floor_model = QStringListModel(names)
            roles = [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.DecorationRole]
            floor_data = data_pass(floor_model, roles)
            ours_data = data_pass(model, [*roles, PhotoRole.HAS_GPS, PhotoRole.ANNOTATIONS,
                                          PhotoRole.FLAGS])

            def make_view(m, delegate: bool) -> QListView:  # type: ignore[no-untyped-def]
                view = QListView()
                view.setViewMode(QListView.ViewMode.IconMode)
                view.setUniformItemSizes(True)
                view.setGridSize(CELL)
                view.setResizeMode(QListView.ResizeMode.Adjust)
                if delegate:
                    view.setItemDelegate(PhotoDelegate(view))
                view.setModel(m)
                view.resize(320, 800)
                view.show()
                app.processEvents()
                return view

            floor_view = make_view(floor_model, False)
            floor_scroll, floor_frames = scroll(floor_view, app)
            view = make_view(model, True)
            ours_scroll, frames = scroll(view, app)
        finally:
            case.close()

    def row(label: str, ours: float, floor: float) -> None:
        ratio = ours / floor if floor > 0 else float("inf")
        print(f"{label:<34} {ours * 1000:9.1f} ms   floor {floor * 1000:8.1f} ms   x{ratio:5.1f}")

    print(f"\n{count} photos")
    row("list_photos() query", query, floor_query)
    row("model.set_photos()", populate, floor_sort)
    row("sort by name", sort, floor_sort)
    row("sort by date taken", sort_taken, floor_sort)
    row(f"filter 'nikon' ({filtered} rows)", filt, floor_sort)
    row("data() for every row (5 roles)", ours_data, floor_data)
    row(f"scroll {frames} pages, painted", ours_scroll, floor_scroll)
    per_frame = ours_scroll / max(frames, 1) * 1000
    print(f"\nper painted page: {per_frame:.2f} ms (floor "
          f"{floor_scroll / max(floor_frames, 1) * 1000:.2f} ms); 16.7 ms is one frame at 60 Hz")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

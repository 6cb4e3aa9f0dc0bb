"""Viewer with photos larger than the view: decoded at view resolution, full resolution only
when zoomed in, neighbours decoded ahead, recent pictures cached within a byte budget, and
nothing else kept alive (jobs release their closures)."""

from __future__ import annotations

import gc
import weakref
from pathlib import Path

from PIL import Image
from PySide6.QtCore import QPointF, QThreadPool
from PySide6.QtGui import QColor

from desktop.core.picture_cache import picture_bytes
from desktop.qt.jobs import Job, JobRunner
from tests.qt.test_annotate_flow import _import


def _photos(folder: Path, count: int, size: tuple[int, int] = (1600, 1200)) -> list[Path]:
    """Distinct JPEGs larger than the viewer (a gradient over a colour, some noise)."""
    paths = []
    for i in range(count):
        base = Image.new("RGB", size, ((i * 37) % 255, (i * 91) % 255, 120))
        noise = Image.effect_noise(size, 30 + i).convert("RGB")
        path = folder / f"big{i}.jpg"
        Image.blend(base, noise, 0.3).save(path, "JPEG", quality=85)
        paths.append(path)
    return paths


def _settle(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """Wait until every background job (decodes ahead, thumbnails) has finished."""
    qtbot.waitUntil(lambda: window.jobs.running == 0, timeout=30000)


def _open(qtbot, window, paths: list[Path]) -> None:  # type: ignore[no-untyped-def]
    _import(qtbot, window, paths)
    window.browser.select_row(0)
    qtbot.waitUntil(lambda: window.canvas.photo is not None and window.canvas.is_sharp(),
                    timeout=20000)


def test_a_finished_job_keeps_nothing_alive(qtbot) -> None:  # type: ignore[no-untyped-def]
    class Picture:  # stands for a decoded full-resolution photo held by a closure
        pass

    runner = JobRunner(QThreadPool.globalInstance())
    held, jobs, results = [], [], []
    for _ in range(5):
        picture = Picture()
        held.append(weakref.ref(picture))
        job = Job(lambda _control, p=picture: id(p))
        jobs.append(weakref.ref(job))
        job.signals.result.connect(results.append)
        runner.start(job)
        del job, picture
    qtbot.waitUntil(lambda: runner.running == 0 and len(results) == 5, timeout=10000)
    gc.collect()
    assert all(ref() is None for ref in held)  # the closures let go of their data
    assert all(ref() is None for ref in jobs)  # and the jobs themselves are gone


def test_a_queued_job_can_be_taken_back(qtbot) -> None:  # type: ignore[no-untyped-def]
    pool = QThreadPool()
    pool.setMaxThreadCount(1)
    runner = JobRunner(pool)
    gate = __import__("threading").Event()
    blocker = runner.start(Job(lambda _c: gate.wait(10)))
    ran: list[int] = []
    queued = runner.start(Job(lambda _c: ran.append(1)))
    assert runner.take(queued)
    assert not runner.take(blocker)  # already running: it finishes normally
    gate.set()
    qtbot.waitUntil(lambda: runner.running == 0, timeout=10000)
    pool.waitForDone()
    assert ran == []


def test_view_resolution_first_full_resolution_only_when_zoomed(qtbot, window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    _open(qtbot, window, _photos(tmp_path, 2))
    canvas, photo = window.canvas, window.canvas.photo
    fit = canvas.pictures.fit_side(photo)
    assert fit < photo.width  # the view is smaller than the photo
    assert window.view.canvas.decoded_width() == fit
    assert not canvas.is_full_resolution()
    assert max(canvas.cache.sides(photo.sha256)) == fit  # nothing larger was decoded
    window.view.one_to_one()  # zoomed past the view resolution: full one in the background
    qtbot.waitUntil(canvas.is_full_resolution, timeout=20000)
    assert canvas.is_sharp()
    assert photo.width in canvas.cache.sides(photo.sha256)
    assert not window.view.sharpening.isVisible()
    window.view.fit()  # fitted again: the full picture stays, nothing new is decoded
    assert canvas.is_sharp()


def test_neighbours_decoded_ahead_and_going_back_uses_the_cache(qtbot, window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    _open(qtbot, window, _photos(tmp_path, 4))
    model, canvas = window.browser.model, window.canvas
    window.browser.select_row(1)
    qtbot.waitUntil(canvas.is_sharp, timeout=20000)
    after, before = model.photo_at(2), model.photo_at(0)
    qtbot.waitUntil(lambda: bool(canvas.cache.sides(after.sha256))
                    and bool(canvas.cache.sides(before.sha256)), timeout=20000)
    window.browser.step(1)  # Page Down: the picture decoded ahead shows at once
    assert canvas.photo.id == after.id and canvas.is_sharp()
    window.browser.step(-1)  # and back: from the cache, nothing decoded again
    assert canvas.photo.id == model.photo_at(1).id and canvas.is_sharp()


def test_paging_stays_within_the_budget_and_releases_pictures(qtbot, window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    count = 8
    _open(qtbot, window, _photos(tmp_path, count))
    canvas = window.canvas
    fit = canvas.pictures.fit_side(canvas.photo)
    one = picture_bytes(Image.new("RGB", (fit, fit * 3 // 4)))
    canvas.cache.budget = 3 * one  # three view-sized pictures
    seen: list[weakref.ref] = []
    for _ in range(count - 1):
        window.browser.step(1)
        qtbot.waitUntil(canvas.is_sharp, timeout=20000)
        seen.append(weakref.ref(canvas.pictures.base))
        assert canvas.cache.bytes <= canvas.cache.budget
    window.view.one_to_one()  # one full-resolution picture too: larger than this budget
    qtbot.waitUntil(canvas.is_full_resolution, timeout=20000)
    seen.append(weakref.ref(canvas.pictures.base))
    _settle(qtbot, window)
    gc.collect()
    live = [ref for ref in seen if ref() is not None]
    assert canvas.cache.bytes <= canvas.cache.budget and len(canvas.cache) <= 3
    # only what the cache keeps and the picture on screen are still alive
    assert len(live) <= len(canvas.cache) + 1
    assert canvas.pictures.base is not None and seen[-1]() is canvas.pictures.base
    assert window.jobs.running == 0


def test_orientation_is_applied_at_view_resolution(qtbot, window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    stored = Image.new("RGB", (2400, 1600), (40, 40, 40))
    stored.paste((220, 20, 20), (0, 0, 1200, 800))  # top-left stored -> top-right shown
    exif = Image.Exif()
    exif[0x0112] = 6
    path = tmp_path / "rotated-big.jpg"
    stored.save(path, "JPEG", exif=exif.tobytes(), quality=92)
    _open(qtbot, window, [path])
    photo, scene = window.canvas.photo, window.view.canvas
    assert (photo.width, photo.height) == (1600, 2400)
    pixmap = scene.image_item.pixmap()
    assert pixmap.width() < 1600 and pixmap.height() > pixmap.width()  # upright, reduced
    assert (scene.sceneRect().width(), scene.sceneRect().height()) == (1600, 2400)

    def colour(x: float, y: float) -> QColor:
        """The shown pixel at displayed-photo coordinates (the annotation frame)."""
        point = scene.image_item.mapFromScene(QPointF(x, y))
        return QColor(pixmap.toImage().pixel(int(point.x()), int(point.y())))

    assert colour(1200, 600).red() > 180 and colour(1200, 600).green() < 80
    assert colour(400, 600).red() < 90
    assert colour(1200, 1800).red() < 90


def test_larger_window_decodes_the_new_view_resolution_not_full(qtbot, window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    _open(qtbot, window, _photos(tmp_path, 1))
    canvas, photo = window.canvas, window.canvas.photo
    small = canvas.pictures.fit_side(photo)
    window.resize(1900, 1200)  # still fitted, in a larger view
    qtbot.waitUntil(lambda: canvas.pictures.fit_side(photo) > small, timeout=5000)
    qtbot.waitUntil(canvas.is_sharp, timeout=20000)
    larger = canvas.pictures.fit_side(photo)
    assert window.view.canvas.decoded_width() == larger < photo.width
    assert canvas.cache.sides(photo.sha256) == [small, larger]

"""The viewer's cache of decoded pictures: byte budget, least recently used dropped first,
the smallest sufficient picture returned; and the view-resolution size of a fitted photo."""

from __future__ import annotations

from PIL import Image

from desktop.core.picture_cache import PictureCache, fit_side, picture_bytes


def _picture(width: int, height: int) -> Image.Image:
    return Image.new("RGB", (width, height), (120, 60, 30))


def test_budget_drops_the_least_recently_used() -> None:
    one = picture_bytes(_picture(100, 50))
    assert one == 100 * 50 * 4  # Pillow pads RGB to four bytes a pixel
    cache = PictureCache(budget=3 * one)
    for name in ("a", "b", "c"):
        cache.put(name, _picture(100, 50))
    assert cache.get("a", 100) is not None  # "a" is now the most recently used
    cache.put("d", _picture(100, 50))
    assert cache.get("b", 1) is None  # the least recently used went
    assert all(cache.get(n, 1) is not None for n in ("a", "c", "d"))
    assert cache.bytes == 3 * one <= cache.budget and len(cache) == 3


def test_smallest_sufficient_picture_and_sides() -> None:
    cache = PictureCache()
    small, full = _picture(600, 400), _picture(3000, 2000)
    cache.put("p", full)
    cache.put("p", small)
    assert cache.get("p", 500) is small
    assert cache.get("p", 601) is full
    assert cache.get("p", 3001) is None
    assert cache.sides("p") == [600, 3000]
    cache.put("p", _picture(600, 400))  # the same size again replaces, never doubles
    assert cache.bytes == picture_bytes(small) + picture_bytes(full)


def test_a_picture_larger_than_the_budget_is_not_kept() -> None:
    cache = PictureCache(budget=1000)
    cache.put("big", _picture(100, 100))
    assert len(cache) == 0 and cache.bytes == 0
    cache.clear()
    assert cache.bytes == 0


def test_fit_side_is_the_viewport_times_the_pixel_ratio_never_more_than_the_photo() -> None:
    # a 6000x4000 photo in an 800x600 viewport is fitted by width: 800 wide
    assert fit_side((6000, 4000), (800, 600), 1.0) == 800
    assert fit_side((6000, 4000), (800, 600), 2.0) == 1600
    # portrait (e.g. EXIF orientation 6): fitted by height, long side 600
    assert fit_side((4000, 6000), (800, 600), 1.0) == 600
    # a small photo is never decoded larger than itself
    assert fit_side((300, 200), (800, 600), 2.0) == 300
    assert fit_side((0, 0), (800, 600), 1.0) == 0

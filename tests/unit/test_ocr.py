"""Optional OCR on a rendered stencil; skipped when the extra is not installed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

from desktop.core.ocr import NOT_INSTALLED, ocr_available, suggest_readings
from desktop.core.resources import resource_path
from tests.conftest import ROOT

needs_ocr = pytest.mark.skipif(not ocr_available(),
                               reason="the optional OCR extra is not installed")


def _font(size: int) -> ImageFont.FreeTypeFont:
    candidates = [resource_path("fonts", "DejaVuSans-Bold.ttf"),
                  Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")]
    for path in candidates:
        if path.is_file():
            return ImageFont.truetype(str(path), size)
    pytest.skip("no TrueType font with Cyrillic letters is available to render the test image")


def _stencil(text: str, *, dark: bool = False) -> Image.Image:
    bg, fg = ((58, 64, 52), (205, 200, 185)) if dark else ((235, 235, 228), (25, 25, 25))
    img = Image.new("RGB", (460, 150), bg)
    ImageDraw.Draw(img).text((30, 30), text, fill=fg, font=_font(76))
    return img


@needs_ocr
def test_reads_a_cyrillic_index_code() -> None:
    candidates = suggest_readings(_stencil("9М723"))  # Cyrillic М, as stencilled
    assert candidates, "no text recognised"
    best = candidates[0]
    assert best.normalized == "9M723"
    assert 0.5 < best.confidence <= 1.0
    assert [m.code for m in best.matches] == ["9M723"]
    xs = [x for x, _ in best.box]
    assert 0 <= min(xs) < max(xs) <= 460  # the box is in the crop's own pixels


@needs_ocr
def test_adjustments_are_applied_first() -> None:
    # Light text on dark paint, inverted and stretched before recognition.
    candidates = suggest_readings(_stencil("9М723", dark=True),
                                  adjustments={"invert": True, "autolevels": True})
    assert candidates and candidates[0].normalized == "9M723"


@needs_ocr
def test_small_crop_and_blank_crop() -> None:
    small = _stencil("9М723").resize((92, 30), Image.Resampling.LANCZOS)
    readings = [c.normalized for c in suggest_readings(small)]
    assert "9M723" in readings
    assert suggest_readings(Image.new("RGB", (200, 80), "white")) == []


def test_without_the_extra_everything_else_works() -> None:
    # A fresh interpreter in which the engine cannot be imported, as on an install without
    # the extra: OCR says so in one sentence; catalog look-ups still work.
    script = (
        "import sys; sys.modules['rapidocr_onnxruntime'] = sys.modules['rapidocr'] = None\n"
        "from PIL import Image\n"
        "from desktop.core.errors import UserError\n"
        "from desktop.core.ocr import ocr_available, suggest_readings\n"
        "from desktop.core.catalog import default_catalog\n"
        "assert not ocr_available()\n"
        "try:\n"
        "    suggest_readings(Image.new('RGB', (10, 10)))\n"
        "except UserError as exc:\n"
        "    print(exc)\n"
        "print(default_catalog().match('9М723')[0].code)\n"
    )
    proc = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                          text=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == [NOT_INSTALLED, "9M723"]


@needs_ocr
def test_loading_the_engine_leaves_qt_settings_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("QT_QPA_PLATFORM_PLUGIN_PATH", raising=False)
    script = (
        "import os\n"
        "from desktop.core.ocr import ocr_available\n"
        "assert ocr_available()\n"
        "print(os.environ.get('QT_QPA_PLATFORM_PLUGIN_PATH', 'unset'))\n"
    )
    proc = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                          text=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "unset"


@needs_ocr
@pytest.mark.slow
def test_stencilled_index_codes_of_the_demo_are_read_in_context(tmp_path: Path) -> None:
    """Each demo photo's index-code box, read with its surroundings, gives 9M723 (or most of it)."""
    from desktop.core.demo import build_demo_case
    from desktop.core.imaging import open_display_image
    from desktop.core.markings import normalize_marking
    from desktop.core.ocr import context_box, suggest_readings_in_region
    from desktop.core.queries.investigation import list_annotations
    from desktop.core.queries.photos import list_photos

    case = build_demo_case(tmp_path / "Demo")
    try:
        with case.read_session() as session:
            regions = [(photo, a.geometry) for photo in list_photos(session)
                       for a in list_annotations(session, photo.id) if a.kind == "index_code"]
        reads = []
        for photo, g in regions:
            image = open_display_image(case.root / photo.store_path)
            box = (g["x"], g["y"], g["w"], g["h"])
            left, top, right, bottom = context_box(box, image.size)
            assert left < g["x"] and top < g["y"]  # surroundings are included
            assert right <= image.width and bottom <= image.height
            texts = [normalize_marking(c.text) for c in suggest_readings_in_region(image, box)]
            reads.append(any(t.startswith("9M72") for t in texts))
    finally:
        case.close()
    assert len(regions) == 3
    assert sum(reads) >= 2, reads  # a tight crop read none of the three

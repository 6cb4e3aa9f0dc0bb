"""A scale card drawn directly with the Measure tool's "Scale Card (4 Corners)": four real
clicks at the corners of an A4 sheet photographed from low down (its near short side looks
longer than its long sides), its size typed in Reading, then a line across an object lying
on the sheet, whose value the Inspector gives within its uncertainty of the truth.

The photo is synthetic with known geometry: the sheet's plane maps to the photo by a known
homography, so the true length of anything drawn on it is known.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

from PySide6.QtCore import Qt

from desktop.core.measure import homography
from desktop.qt.actions import ActionId
from tests.qt.test_annotate_flow import _import
from tests.qt.test_measure_canvas import _annotations, _choose, _click, _drag, _key, _pos

SHEET_MM = [(0.0, 0.0), (210.0, 0.0), (210.0, 297.0), (0.0, 297.0)]
# corner 1 near left, 2 near right (the 210 mm side, 500 px), 3 far right, 4 far left
SHEET_PX = [(250.0, 620.0), (750.0, 620.0), (650.0, 380.0), (330.0, 380.0)]
H = homography(SHEET_MM, SHEET_PX)
ROD_MM = [(30.0, 60.0), (180.0, 240.0)]  # a rod lying on the sheet
TRUTH_CM = math.hypot(150.0, 180.0) / 10  # 23.4 cm


def _px(point: tuple[float, float]) -> tuple[float, float]:
    x, y, w = H @ (point[0], point[1], 1.0)
    return (x / w, y / w)


def _photo(folder: Path) -> Path:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (1000, 700), (92, 84, 70))
    draw = ImageDraw.Draw(image)
    draw.polygon(SHEET_PX, fill=(245, 245, 238), outline=(20, 20, 20))
    draw.line([_px(p) for p in ROD_MM], fill=(60, 60, 66), width=6)
    path = folder / "sheet.jpg"
    image.save(path, quality=92)
    return path


def _value_cm(text: str) -> tuple[float, float]:
    match = re.search(r"(\d+\.\d) ± (\d+\.\d) cm", text)
    assert match, text
    return float(match[1]), float(match[2])


def test_a_card_drawn_by_its_corners_measures_an_object_on_it(qtbot, window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    _import(qtbot, window, [_photo(tmp_path)])
    qtbot.waitUntil(lambda: window.canvas.photo is not None, timeout=10000)
    window.resize(1366, 768)
    window.view.fit()
    _choose(window, ActionId.MEASURE_CARD)
    status = window.measure_label
    assert "four corners in order" in status.text()  # which order, before the first click
    assert "the side you will write first" in status.text()
    vp = window.view.viewport()
    for n, corner in enumerate(SHEET_PX[:3]):
        _click(qtbot, window, *corner)
        assert ("corner 2" if n == 0 else "corner 3" if n == 1 else "corner 4") in \
            status.text()
    # a fourth click that would cross the outline is refused and said so
    _click(qtbot, window, 760.0, 390.0)
    assert "cross" in status.text()
    assert [a for a in _annotations(window) if a.kind == "scale_reference"] == []
    qtbot.mouseMove(vp, _pos(window, *SHEET_PX[3]))
    _click(qtbot, window, *SHEET_PX[3])
    (card,) = [a for a in _annotations(window) if a.kind == "scale_reference"]
    assert card.shape_type == "polygon" and len(card.geometry["points"]) == 4
    assert window.registry[ActionId.UNDO].text() == f"&Undo Add scale reference {card.label}"
    field = window.inspector.transcription
    assert field.hasFocus()
    assert field.placeholderText() == "A4, 210 x 297 mm, 85.6 x 54 mm"
    qtbot.keyClicks(field, "A4")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    box = window.inspector.measurement
    qtbot.waitUntil(lambda: box.value.isVisible(), timeout=5000)
    assert box.value.text() == "A4, 21.0 cm x 29.7 cm (± 1.0 mm)"
    assert box.method.text().startswith("Corner 1 to 2 is the 21.0 cm side")  # the rule
    assert "(fixed)" in box.pointing.text()
    assert not box.feature_box.isVisible()  # nothing to pick for a reference
    qtbot.wait(200)  # let the layout settle before looking
    window.grab().save(str(tmp_path / "card.png"))

    _choose(window, ActionId.MEASURE_LINE)
    _drag(qtbot, window, _px(ROD_MM[0]), _px(ROD_MM[1]))
    (rod,) = [a for a in _annotations(window) if a.kind == "measurement"]
    assert window.registry[ActionId.UNDO].text() == f"&Undo Add measurement {rod.label}"
    value, uncertainty = _value_cm(box.value.text())
    assert abs(value - TRUTH_CM) <= 2 * uncertainty, (box.value.text(), TRUTH_CM)
    assert box.method.text().startswith(f"Plane of {card.label} 'A4', rectified")
    assert "2 px (fixed)" in box.pointing.text()
    # shown after the reference's shorter texts, the method is not cut short
    method = box.method
    qtbot.waitUntil(lambda: method.height() >= method.heightForWidth(method.width()),
                    timeout=2000)
    # the list shows the value, not a catalog match of the reading
    qtbot.keyClicks(field, "fragment width")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    texts = [window.annotation_list.list.item(i).text()
             for i in range(window.annotation_list.list.count())]
    assert any(t.startswith(rod.label) and f"= {box.value.text()}" in t for t in texts), texts
    assert not any("→" in t for t in texts)
    qtbot.wait(600)
    window.grab().save(str(tmp_path / "measurement.png"))
    _key(qtbot, window, Qt.Key.Key_Escape)

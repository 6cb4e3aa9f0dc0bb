"""The files every build ships besides the app: licence notices, SBOM, HTML user guide."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT


def run_script(name: str, out: Path) -> str:
    done = subprocess.run([sys.executable, str(ROOT / "packaging" / name), str(out)],
                          env=os.environ | {"PYTHONPATH": str(ROOT)}, capture_output=True,
                          text=True, timeout=300, check=True)
    return done.stdout


def test_notices_and_sbom_list_every_bundled_library(tmp_path: Path) -> None:
    run_script("third_party_notices.py", tmp_path)
    assert (tmp_path / "LICENSE.txt").read_text(encoding="utf-8") == (
        ROOT / "LICENSE").read_text(encoding="utf-8")
    notices = (tmp_path / "THIRD-PARTY-NOTICES.txt").read_text(encoding="utf-8")
    for name in ("PySide6_Essentials", "shiboken6", "SQLAlchemy", "reportlab", "bagit",
                 "rfc8785", "pillow_heif", "psycopg", "onnxruntime"):
        assert f"\n{name} " in notices, name
    # the OCR engine: RapidOCR 3 from the ocr extra, or the older package of the lock file
    assert "\nrapidocr " in notices or "\nrapidocr-onnxruntime " in notices
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in notices and "Version 3" in notices
    assert "DejaVu" in notices and "world-atlas" in notices
    assert "All emojis designed by OpenMoji" in notices and "Attribution-ShareAlike 4.0" in notices
    assert "Natural Earth populated places" in notices and "CC0 1.0 Universal" in notices
    assert "PSF" in notices or "PYTHON SOFTWARE FOUNDATION" in notices
    assert "pytest" not in notices.split("=====")[0]  # test tools are not bundled
    sbom = json.loads((tmp_path / "sbom.cdx.json").read_text(encoding="utf-8"))
    assert sbom["bomFormat"] == "CycloneDX"
    names = {c["name"].lower().replace("_", "-") for c in sbom["components"]}
    assert {"pyside6-essentials", "sqlalchemy", "bagit", "rfc8785"} <= names
    assert "pytest" not in names
    assert sbom["metadata"]["component"]["name"] == "fragment"


def test_user_guide_pages_link_to_each_other(tmp_path: Path) -> None:
    run_script("user_guide.py", tmp_path)
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    pages = sorted(p.stem for p in (ROOT / "docs").glob("*.md"))
    for stem in pages:
        assert f"href='{stem}.html'" in index
        assert (tmp_path / f"{stem}.html").is_file()
    gui = (tmp_path / "gui.html").read_text(encoding="utf-8")
    assert "<table>" in gui and 'href="investigation-panels.html"' in gui
    assert (tmp_path / "screenshot.png").is_file()

"""An investigator's whole journey through the command line, as separate processes.

new -> add the real test photos -> load readings, claims and links from an interchange file ->
export every format -> verify the case and the bag -> tamper with an original -> verify
fails. Each step runs ``python main.py`` exactly as a user or a script would.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.slow


def fragment(*args: str, cwd: Path, expect: int = 0) -> subprocess.CompletedProcess[str]:
    """Run the CLI in a fresh process and check its exit code."""
    env = os.environ | {"PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=600,
    )
    assert done.returncode == expect, (
        f"fragment {' '.join(args)} exited {done.returncode}\n{done.stdout}\n{done.stderr}"
    )
    return done


def test_new_add_annotate_export_verify(tmp_path: Path, corpus: Path) -> None:
    fragment("new", "Shusha", "--title", "Shusha 9M723 fragments", "--investigator",
             "R. Analyst", cwd=tmp_path)
    case = tmp_path / "Shusha.fragment"

    # The corpus holds README files too: they are rejected, so the exit code is 1.
    added = json.loads(fragment("add", str(case), str(corpus / "jpg"), str(corpus / "heic"),
                                "--json", cwd=tmp_path, expect=1).stdout)["results"]
    imported = [r for r in added if r["status"] == "imported"]
    images = [p for folder in ("jpg", "heic") for p in (corpus / folder).rglob("*")
              if p.suffix.lower() in {".jpg", ".jpeg", ".heic", ".heif"}]
    assert len(imported) == len(images) >= 18
    assert all(r["reason"] for r in added if r["status"] == "rejected")
    # The same folder again: every photo is a duplicate, nothing is stored twice.
    gps_files = sorted(str(p) for p in (corpus / "jpg" / "gps").glob("*.jpg"))
    again = json.loads(fragment("add", str(case), *gps_files, "--json",
                                cwd=tmp_path).stdout)["results"]
    assert {r["status"] for r in again} == {"duplicate"}

    photos = json.loads(fragment("photos", str(case), "--json", cwd=tmp_path).stdout)["photos"]
    by_name = {p["file_name"]: p for p in photos}
    gps_photo = by_name["DSCN0010.jpg"]
    assert gps_photo["gps"] is not None

    # Readings, claims and links written the way a script would write them.
    document = {
        "format": "fragment-case", "version": 1,
        "case": {"title": "Shusha 9M723 fragments", "description": "Journey test"},
        "sources": [{"key": "s1", "title": "Article on the Shusha debris", "language": "fr",
                     "published": "2021-03-19", "url": "https://example.org/a"}],
        "actors": [{"key": "anama", "name": "ANAMA", "kind": "agency"},
                   {"key": "mod", "name": "Ministry of Defence", "kind": "ministry"}],
        "claims": [
            {"key": "c1", "statement": "Iskander fragments found in Shusha <b>&</b> Şuşa",
             "actor": "anama", "source": "s1", "claimed_on": "2021-03-19",
             "about_when": "2020-23", "status": "disputed"},
            {"key": "c2", "statement": "Все ракеты находились на складах.", "actor": "mod",
             "status": "unverified"},
        ],
        "locations": [{"key": "l1", "name": "Shusha, debris site 1",
                       "aliases": ["Şuşa", "Шуша", "Շուշի"],
                       "coordinates": "39 ° 45’38.10 « N 46 ° 44’33.90 » E",
                       "kind": "claimed"}],
        "photos": [{"key": "p1", "file": (case.relative_to(tmp_path) / "originals"
                                          / gps_photo["sha256"][:2] / gps_photo["sha256"][2:4]
                                          / f"{gps_photo['sha256']}.jpg").as_posix()}],
        "annotations": [{"key": "a1", "photo": "p1",
                         "shape": {"type": "rect", "x": 10, "y": 10, "w": 80, "h": 40},
                         "kind": "index_code", "text": "9М723", "confidence": "probable"}],
        "links": [{"from": "a1", "to": "c1", "stance": "supports", "note": "index visible"},
                  {"from": "c2", "to": "c1", "stance": "contradicts"},
                  {"from": "p1", "to": "l1", "relation": "found_at"}],
    }
    doc_path = tmp_path / "readings.json"
    doc_path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    fragment("load", str(case), str(doc_path), cwd=tmp_path)

    out = tmp_path / "out"
    out.mkdir()
    fragment("export", str(case), "--pdf", str(out / "dossier.pdf"),
             "--geojson", str(out / "case.geojson"), "--kml", str(out / "case.kml"),
             "--csv", str(out / "csv"), "--bag", str(out / "bag"),
             "--investigator", "Ann Reader", cwd=tmp_path)
    for name in ("dossier.pdf", "case.geojson", "case.kml"):
        assert (out / name).stat().st_size > 0
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(out / "dossier.pdf"), "-"],
                              capture_output=True, text=True, check=True).stdout
        assert "9М723" in text or "9M723" in text
        assert "<b>&</b>" in " ".join(text.split())
        assert "Все ракеты находились на складах." in " ".join(text.split())
        assert gps_photo["sha256"] in text.replace("\n", "").replace(" ", "")
    geo = json.loads((out / "case.geojson").read_text(encoding="utf-8"))
    assert geo["type"] == "FeatureCollection"

    verified = json.loads(fragment("verify", str(case), "--json", cwd=tmp_path).stdout)
    assert verified["ok"] is True and verified["checked"] == len(photos)
    fragment("verify-bag", str(out / "bag"), cwd=tmp_path)

    # Tamper with one original: verify must name it and exit 1.
    original = next((case / "originals").rglob(f"{gps_photo['sha256']}.*"))
    original.chmod(stat.S_IRUSR | stat.S_IWUSR)
    data = bytearray(original.read_bytes())
    data[len(data) // 2] ^= 0x01
    original.write_bytes(bytes(data))
    broken = json.loads(fragment("verify", str(case), "--json", cwd=tmp_path,
                                 expect=1).stdout)
    assert broken["ok"] is False
    assert any(p["photo_id"] == gps_photo["id"] for p in broken["problems"])
    # ...and exports now refuse to vouch for the damaged case, writing nothing.
    refused = fragment("export", str(case), "--pdf", str(out / "again.pdf"), cwd=tmp_path,
                       expect=2)
    assert "did not verify" in refused.stderr and not (out / "again.pdf").exists()

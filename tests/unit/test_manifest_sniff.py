"""Content credentials found from the file's structure, and the C2PA reader imported only
for files that carry a manifest."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import c2pa
import pytest
from PIL import Image

from desktop.core.checks.credentials import read_credentials
from desktop.core.checks.manifest_sniff import may_have_manifest
from tests.unit.c2pa_sample import CAMERA_SOURCE, make_signer, signed_jpeg

ROOT = Path(__file__).resolve().parents[2]
_MIME = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp", "TIFF": "image/tiff"}


def _picture(fmt: str, **options: object) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (90, 110, 130)).save(out, fmt, **options)
    return out.getvalue()


def _signed(fmt: str) -> bytes:
    manifest = {"claim_generator_info": [{"name": "fragment-tests", "version": "1.0"}],
                "title": f"sample.{fmt.lower()}",
                "assertions": [{"label": "c2pa.actions", "data": {"actions": [
                    {"action": "c2pa.created", "digitalSourceType": CAMERA_SOURCE}]}}]}
    out = io.BytesIO()
    with c2pa.Builder(manifest) as builder:
        builder.sign(make_signer(), _MIME[fmt], io.BytesIO(_picture(fmt)), out)
    return out.getvalue()


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP", "TIFF"])
def test_a_signed_file_is_seen_and_read_and_a_plain_one_is_not(fmt: str) -> None:
    signed = _signed(fmt)
    assert may_have_manifest(signed)
    summary, error = read_credentials(signed, _MIME[fmt])
    assert error == "" and summary is not None and summary["signer"] == "Test Signer"
    assert not may_have_manifest(_picture(fmt))
    assert read_credentials(_picture(fmt), _MIME[fmt]) == (None, "")


def test_plain_jpegs_of_every_layout_show_no_manifest() -> None:
    assert not may_have_manifest(_picture("JPEG", progressive=True))
    exif = Image.Exif()
    exif[0x010F] = "Canon"
    assert not may_have_manifest(_picture("JPEG", exif=exif.tobytes()))


def test_a_remote_manifest_reference_in_the_xmp_is_handed_to_the_reader() -> None:
    xmp = (b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF><rdf:Description '
           b'dcterms:provenance="https://example.org/m.c2pa"/></rdf:RDF></x:xmpmeta>')
    assert may_have_manifest(_picture("JPEG", xmp=xmp))
    assert not may_have_manifest(_picture("JPEG", xmp=xmp.replace(b"provenance", b"creator")))


def test_a_damaged_structure_is_left_to_the_reader() -> None:
    plain = _picture("JPEG")
    assert may_have_manifest(plain[:2] + b"\x00\x00garbage" + plain[2:])
    assert may_have_manifest(plain[:20])  # cut before the image data
    png = _picture("PNG")
    assert may_have_manifest(png[:40])  # no IEND reached
    # An APP11 after the first scan (a progressive JPEG's later segments) is still found.
    signed = signed_jpeg()
    app11 = signed.index(b"\xff\xeb")
    segment = signed[app11:app11 + 4 + int.from_bytes(signed[app11 + 2:app11 + 4], "big") - 2]
    late = _picture("JPEG", progressive=True)
    end = late.rindex(b"\xff\xd9")
    assert may_have_manifest(late[:end] + segment + late[end:])


_WORKER = """
import sys
from pathlib import Path
from desktop.core.exif import read_exif_bytes
from desktop.core.ingest_pool import analyse_bytes

step = analyse_bytes(Path(sys.argv[1]).read_bytes(), None)
read_exif_bytes(Path(sys.argv[1]).read_bytes())
credentials = step.fingerprint.credentials if step.fingerprint else None
print("c2pa" in sys.modules, credentials["state"] if credentials else None)
"""


@pytest.mark.parametrize(("name", "expected"), [("plain.jpg", "False None"),
                                                ("signed.jpg", "True Valid")])
def test_the_import_worker_imports_the_reader_only_for_a_signed_photo(
        tmp_path: Path, name: str, expected: str) -> None:
    photo = tmp_path / name
    photo.write_bytes(signed_jpeg() if name == "signed.jpg" else _picture("JPEG", quality=90))
    done = subprocess.run([sys.executable, "-c", _WORKER, str(photo)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120, check=True,
                          env={"PYTHONPATH": str(ROOT), "PATH": ""})
    assert done.stdout.split("\n")[-2] == expected

"""Every SHA-256 in the dossier prints unbroken on one line, so it can be copied as one token."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pypdf
import pytest

from desktop.core.casefile import CaseFile
from desktop.core.export.dossier import build_dossier
from desktop.core.queries.dossier import DossierData, DossierOptions, dossier_data
from tests.unit.exportcase import make_export_case

HEX_RUN = re.compile(r"[0-9a-f]{16,}")


@pytest.fixture(scope="module")
def case(tmp_path_factory: pytest.TempPathFactory) -> CaseFile:
    case = make_export_case(tmp_path_factory.mktemp("hashes"))
    yield case
    case.close()


def expected_hashes(data: DossierData) -> set[str]:
    hashes = {p.sha256 for p in data.photos}
    hashes |= {s.file_sha256 for s in data.sources if s.file_sha256}
    hashes |= {e.hash for e in data.audit.events}
    hashes.add(data.audit.head_hash)
    return hashes


def pdftotext(path: Path, mode: str) -> str:
    return subprocess.run(["pdftotext", mode, "-enc", "UTF-8", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout


@pytest.mark.parametrize(("page_size", "language"), [("A4", "en"), ("Letter", "fr")])
def test_every_hash_is_one_token(case: CaseFile, tmp_path: Path, page_size: str,
                                 language: str) -> None:
    data = dossier_data(case, DossierOptions(page_size=page_size, language=language))
    pdf = build_dossier(data, tmp_path / "d.pdf")
    wanted = expected_hashes(data)
    assert len(wanted) >= 8  # 2 photos, 1 source file, 5 audit events (head among them)
    texts = {mode: pdftotext(pdf, mode) for mode in ("-raw", "-layout")}
    texts["pypdf"] = "\n".join(page.extract_text() for page in pypdf.PdfReader(pdf).pages)
    for mode, text in texts.items():
        runs = HEX_RUN.findall(text)
        tokens = {run for run in runs if len(run) == 64}
        missing = wanted - tokens
        assert not missing, f"{mode}: {len(missing)} hashes broken, e.g. {sorted(missing)[0]}"
        # nothing else looks like a piece of a hash: every hex run is a whole hash or the
        # 32-digit case identifier
        pieces = [run for run in runs if len(run) not in (64, 32)]
        assert pieces == [], f"{mode}: pieces of hashes {pieces[:3]}"
    # -raw keeps the order of the text: each hash is alone on its line or after its label
    for line in texts["-raw"].splitlines():
        for run in HEX_RUN.findall(line):
            assert len(run) in (64, 32)

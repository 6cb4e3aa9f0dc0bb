"""A claim -> claim link shows on both claims, worded from each side, named by stored label."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from desktop.cli import run_cli as cli_main
from desktop.core.casefile import CaseFile
from desktop.core.changes import Ref
from desktop.core.export.dossier import build_dossier
from desktop.core.ops.actors import create_actor
from desktop.core.ops.claims import create_claim, delete_claim
from desktop.core.ops.links import create_link
from desktop.core.queries.dossier import DossierOptions, dossier_data
from desktop.core.queries.evidence import evidence_matrix


@pytest.fixture
def related(new_case: CaseFile) -> dict[str, int]:
    """Claims C2 (ANAMA) and C3 (MoD): C3 contradicts C2; C1 was deleted (labels stay)."""
    anama, _ = create_actor(new_case, name="ANAMA", kind="agency")
    mod, _ = create_actor(new_case, name="Russian Ministry of Defence", kind="ministry")
    gone, _ = create_claim(new_case, statement="A claim deleted later")
    used, _ = create_claim(new_case, statement="Armenia used Iskander", actor_id=anama,
                           claimed_on="2021-03-15")
    stored, _ = create_claim(new_case, statement="All Iskanders were in storage",
                             actor_id=mod, claimed_on="2021-03-17")
    delete_claim(new_case, claim_id=gone)
    create_link(new_case, from_ref=Ref("claim", stored), to_ref=Ref("claim", used),
                stance="contradicts", note="storage means no launch")
    return {"used": used, "stored": stored}


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_both_claims_see_the_relation_in_its_direction(new_case: CaseFile,
                                                       related: dict[str, int]) -> None:
    with new_case.read_session() as session:
        rows = {r.claim.id: r for r in evidence_matrix(session)}
    used, stored = rows[related["used"]], rows[related["stored"]]
    assert (used.claim.label, stored.claim.label) == ("C2", "C3")
    # on C2: "C3 contradicts this claim"
    (incoming,) = used.contradicting_claims
    assert (incoming.claim_label, incoming.outgoing, incoming.stance) == ("C3", False,
                                                                          "contradicts")
    assert used.contradicted_claims == () and used.supported_claims == ()
    # on C3: "contradicts C2" (and nothing claims to contradict C3)
    assert stored.contradicting_claims == ()
    (outgoing,) = stored.contradicted_claims
    assert (outgoing.claim_label, outgoing.outgoing, outgoing.note) == (
        "C2", True, "storage means no launch")


def test_dossier_words_the_relation_on_both_claims(new_case: CaseFile, related: dict[str, int],
                                                   tmp_path: Path) -> None:
    pdf = build_dossier(dossier_data(new_case, DossierOptions(invariant=True)),
                        tmp_path / "d.pdf")
    text = _flat(subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], check=True,
                                capture_output=True, text=True).stdout)
    used = text.rindex("C2 — ANAMA")  # after the table of contents
    stored = text.rindex("C3 — Russian Ministry of Defence")
    assert used < stored
    on_used, on_stored = text[used:stored], text[stored:text.index("Claims and evidence",
                                                                    stored)]
    assert "C3 (Russian Ministry of Defence) contradicts this claim" in on_used
    assert "storage means no launch" in on_used
    assert "contradicts C2 (ANAMA)" in on_stored
    assert "contradicts this claim" not in on_stored
    assert "No evidence is linked" in on_used  # no annotation or photo evidence


def test_dossier_in_french(new_case: CaseFile, related: dict[str, int], tmp_path: Path) -> None:
    data = dossier_data(new_case, DossierOptions(invariant=True, language="fr"))
    pdf = build_dossier(data, tmp_path / "fr.pdf")
    text = _flat(subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], check=True,
                                capture_output=True, text=True).stdout)
    assert "C3 (Russian Ministry of Defence) contredit cette affirmation" in text
    assert "contredit C2 (ANAMA)" in text


def test_cli_words_the_relation_on_both_claims(new_case: CaseFile, related: dict[str, int],
                                               capsys: pytest.CaptureFixture[str]) -> None:
    root = new_case.root
    new_case.close()
    assert cli_main(["claims", str(root)]) == 0
    out = capsys.readouterr().out
    used, stored = out.index("Armenia used Iskander"), out.index("All Iskanders were in")
    assert "C3 (Russian Ministry of Defence) contradicts this claim" in out[used:stored]
    assert "contradicts C2 (ANAMA)" in out[stored:]
    assert cli_main(["claims", str(root), "--json"]) == 0
    import json

    rows = {r["label"]: r for r in json.loads(capsys.readouterr().out)}
    assert rows["C2"]["contradicting_claims"] == [rows["C3"]["id"]]
    assert rows["C3"]["contradicting_claims"] == []
    assert rows["C3"]["contradicts_claims"] == [rows["C2"]["id"]]

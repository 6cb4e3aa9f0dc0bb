"""``fragment dump``, ``load``, ``demo`` and ``claims`` through the real command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop.cli import run_cli


def test_demo_dump_load_claims(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert run_cli(["demo", "Demo"]) == 0
    assert "Open it with: fragment" in capsys.readouterr().out
    assert run_cli(["claims", "Demo.fragment", "--json"]) == 0
    claims = json.loads(capsys.readouterr().out)
    used = next(c for c in claims if c["about_when"] == "2020-23")
    assert len(used["supporting"]) == 3 and len(used["contradicting_claims"]) == 2

    (tmp_path / "out").mkdir()
    assert run_cli(["dump", "Demo.fragment", "-o", "out/case.json"]) == 0
    capsys.readouterr()
    assert run_cli(["new", "Copy", "--title", "x"]) == 0
    assert run_cli(["load", "Copy.fragment", "out/case.json", "--json"]) == 0
    out = capsys.readouterr().out.splitlines()[-1]
    created = json.loads(out)["created"]
    assert created["photo"] == 3 and created["claim"] == 6 and created["link"] == 18

    # without -o: JSON on stdout, files referenced inside the case, relative to the cwd
    assert run_cli(["dump", "Copy.fragment"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["photos"][0]["file"].startswith("Copy.fragment/originals/")
    first = json.loads((tmp_path / "out" / "case.json").read_text(encoding="utf-8"))
    for section in ("claims", "annotations", "links", "locations"):
        assert doc[section] == first[section]


def test_bad_file_exits_2_with_the_path(tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(["new", str(tmp_path / "C"), "--title", "x"]) == 0
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"format": "fragment-case", "version": 1, "claims": [
        {"key": "c1", "statement": "s", "actor": "a9"}]}), encoding="utf-8")
    capsys.readouterr()
    assert run_cli(["load", str(tmp_path / "C.fragment"), str(bad)]) == 2
    assert capsys.readouterr().err.strip() == (
        'fragment: claims[0].actor: no actor with key "a9"')

"""A fuzzer over ``fragment load`` as a user runs it: the bytes of a valid document are
cut, spliced, duplicated and sprinkled with hostile bytes (invalid UTF-8, NULs, control
and bidirectional characters, deep brackets, huge numbers). Every run either loads (and the
case still verifies) or exits 2 with exactly one line on standard error, and then the case
folder is byte for byte as it was. The document-level fuzzer is in ``test_load_hostile``.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from desktop.cli import run_cli
from desktop.core.casefile import CaseFile
from tests.unit.test_load_hostile import BASE

TEXT = json.dumps(BASE, ensure_ascii=False).encode("utf-8")

HOSTILE = st.sampled_from([
    b"\x00", b"\xff\xfe", b"\xc3", b"\xed\xa0\x80", b"\\u0000", b"\\ud800",
    "\u202e".encode(), b"\x1b[31m", b"[" * 2000, b"{" * 2000,
    b"1e400", b"-1e400", b"100000000000000000000", b"NaN", b"Infinity", b'"', b",", b":",
    b"null", b"true", b'"../../etc/passwd"', b'"/etc/hostname"', b"\r\n", b"\t",
])
EDIT = st.tuples(st.sampled_from(["delete", "insert", "replace", "duplicate", "truncate"]),
                 st.floats(min_value=0, max_value=1), st.integers(min_value=1, max_value=40),
                 st.one_of(HOSTILE, st.binary(min_size=1, max_size=8)))


def _edit(data: bytes, edit: tuple[str, float, int, bytes]) -> bytes:
    kind, where, length, extra = edit
    at = int(where * len(data))
    if kind == "delete":
        return data[:at] + data[at + length:]
    if kind == "insert":
        return data[:at] + extra + data[at:]
    if kind == "replace":
        return data[:at] + extra + data[at + len(extra):]
    if kind == "duplicate":
        return data[:at + length] + data[at:at + length] + data[at + length:]
    return data[:at]


def folder_state(root: Path) -> dict[str, str]:
    """Every file of the case folder (derived previews and logs aside) with its SHA-256."""
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()
            and p.relative_to(root).parts[0] not in ("derived",)}


@pytest.fixture(scope="module")
def fuzz_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("cli-fuzz")
    CaseFile.create(folder / "Fuzz", title="fuzz", investigator="T").close()
    return folder / "Fuzz.fragment"


@settings(max_examples=150, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(edits=st.lists(EDIT, min_size=1, max_size=4))
def test_fragment_load_of_mangled_bytes_loads_or_says_one_line(
        fuzz_root: Path, tmp_path_factory: pytest.TempPathFactory,
        capsys: pytest.CaptureFixture[str], edits: list[Any]) -> None:
    data = TEXT
    for edit in edits:
        data = _edit(data, edit)
    path = tmp_path_factory.mktemp("doc") / "doc.json"
    path.write_bytes(data)
    before = folder_state(fuzz_root)
    capsys.readouterr()
    code = run_cli(["load", str(fuzz_root), str(path)])
    out, err = capsys.readouterr()
    event("loaded" if code == 0 else f"refused: {' '.join(err.split()[1:4])}")
    if code == 0:
        assert run_cli(["verify", str(fuzz_root)]) == 0, capsys.readouterr()
        return
    assert code == 2, (code, err)
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("fragment: "), err
    assert "Traceback" not in err and out == ""
    assert folder_state(fuzz_root) == before, lines[0]

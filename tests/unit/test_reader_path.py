"""A reader holding only a dossier and its bag follows the printed steps, literally.

The commands are read back from the PDF's text (pdftotext), run from the folder that holds
the bag, and must pass; after tampering with the bag they must fail. The stand-alone
``verify_chain.py`` runs with only the standard library and rfc8785.
"""

from __future__ import annotations

import hashlib
import json
import shlex
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.cli import run_cli
from tests.conftest import ROOT
from tests.unit.exportcase import make_export_case

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None,
                                reason="needs Poppler's pdftotext to read the dossier back")


@pytest.fixture(scope="module")
def delivered(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """What a reader receives: a dossier and its bag, side by side in one folder."""
    work = tmp_path_factory.mktemp("investigator")
    case = make_export_case(work)
    root = case.root
    case.close()
    inbox = tmp_path_factory.mktemp("reader")
    assert run_cli(["export", str(root), "--pdf", str(inbox / "dossier.pdf"),
                    "--bag", str(inbox / "Shusha-bag"), "--investigator", "Ann Reader"]) == 0
    return inbox


def printed_commands(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    start = text.index("How to verify")
    return [line.strip() for line in text[start:].splitlines()
            if line.strip().startswith(("fragment ", "python3 ", "sha256sum "))]


def run_printed(command: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    words = shlex.split(command)
    if words[0] == "fragment":
        words = [sys.executable, str(ROOT / "main.py"), *words[1:]]
    elif words[0] == "python3":
        words = [sys.executable, *words[1:]]
    return subprocess.run(words, cwd=cwd, capture_output=True, text=True, timeout=300)


def test_the_printed_commands_work_literally_on_the_bag(delivered: Path) -> None:
    commands = printed_commands(delivered / "dossier.pdf")
    kinds = [c.split()[0] + " " + c.split()[1] for c in commands]
    assert kinds[:4] == ["fragment verify-bag", "fragment log",
                         "sha256sum Shusha-bag/data/dossier.pdf",
                         "python3 Shusha-bag/data/verify_chain.py"]
    head = commands[0].split("--expect-head ")[1]
    assert len(head) == 64  # the whole hash on one line, never wrapped
    for command in commands:
        if "CASE.fragment" in command or command.startswith("sha256sum"):
            continue  # a case folder the reader does not have; sha256sum may be absent
        done = run_printed(command, delivered)
        assert done.returncode == 0, (command, done.stdout, done.stderr)
    # step 2: the PDF the reader holds is the one the log recorded
    log = run_printed(commands[1], delivered).stdout
    digest = hashlib.sha256((delivered / "dossier.pdf").read_bytes()).hexdigest()
    assert f"dossier.pdf sha256 {digest}" in log


def test_the_printed_head_is_in_the_pdf_metadata(delivered: Path) -> None:
    from pypdf import PdfReader

    meta = PdfReader(delivered / "dossier.pdf").metadata
    head = printed_commands(delivered / "dossier.pdf")[0].split("--expect-head ")[1]
    assert head in meta.subject and f"audit-head:{head}" in meta["/Keywords"]


def test_the_same_commands_fail_on_a_tampered_bag(delivered: Path, tmp_path: Path) -> None:
    copy = tmp_path / "inbox"
    shutil.copytree(delivered, copy)
    db = copy / "Shusha-bag" / "data" / "case.sqlite"
    db.chmod(0o644)
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE claim SET statement = 'Nothing was found.' WHERE id = 1")
    commands = printed_commands(copy / "dossier.pdf")
    bag_check = run_printed(commands[0], copy)
    assert bag_check.returncode == 1 and "changed outside Fragment: statement" in bag_check.stdout
    script = run_printed(commands[3], copy)
    assert script.returncode == 1 and "claim C" in script.stdout


def test_verify_bag_json_and_reading_never_write(delivered: Path) -> None:
    def snapshot() -> dict[str, str]:
        return {p.relative_to(delivered).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
                for p in sorted(delivered.rglob("*")) if p.is_file()}

    before = snapshot()
    bag = delivered / "Shusha-bag"
    done = run_printed(f"fragment verify-bag {bag} --json", delivered)
    report = json.loads(done.stdout)
    assert done.returncode == 0 and report["ok"] and report["dossier_recorded"]
    assert report["case"]["head"] == report["info"]["Fragment-Audit-Head"]
    assert run_printed(f"fragment verify {bag} --json", delivered).returncode == 0
    log = json.loads(run_printed(f"fragment log {bag} --json --limit 2", delivered).stdout)
    assert [e["action"] for e in log["events"]][-1] == "export.dossier"
    assert log["head"] == report["case"]["head"] and log["count"] == report["case"]["events"]
    assert snapshot() == before


def test_the_chain_script_needs_only_the_standard_library_and_rfc8785(
        delivered: Path, tmp_path: Path) -> None:
    script = delivered / "Shusha-bag" / "data" / "verify_chain.py"
    assert script.read_bytes() == (ROOT / "resources" / "verify" / "verify_chain.py").read_bytes()
    imports = {line.split()[1].split(".")[0] for line in script.read_text().splitlines()
               if line.startswith(("import ", "from ")) and "__future__" not in line}
    assert imports <= set(sys.stdlib_module_names) | {"rfc8785"}
    # run it isolated from Fragment (-I: no user site, no current folder on sys.path)
    alone = tmp_path / "alone"
    alone.mkdir()
    done = subprocess.run([sys.executable, "-I", str(script),
                           str(delivered / "Shusha-bag" / "data" / "case.sqlite")],
                          cwd=alone, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.strip().endswith("OK")


def test_a_reader_without_the_head_argument_gets_a_usage_error(delivered: Path) -> None:
    done = run_printed("fragment verify-bag Shusha-bag --expect-head 1234", delivered)
    assert done.returncode == 2 and "64-character" in done.stderr
    assert "Traceback" not in done.stderr

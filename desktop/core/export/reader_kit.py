"""What a reader needs to check a dossier and its bag: literal commands and a README.

The same commands are printed in the dossier's "How to verify" and written to the bag's
``data/README.txt``, so that what the reader is told works, word for word, on the bag as
delivered (run from the folder that contains the bag).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from desktop.core.resources import resource_path

CHAIN_SCRIPT = "verify_chain.py"
PLACEHOLDER_BAG = "BAG"
_PLAIN = re.compile(r"^[A-Za-z0-9._+-]+$")


def shell_word(text: str) -> str:
    """``text`` as one argument for POSIX shells, PowerShell and cmd alike."""
    return text if _PLAIN.match(text) else '"' + text.replace('"', "") + '"'


def verify_commands(bag_name: str | None, head: str,
                    pdf_name: str = "dossier.pdf") -> dict[str, str]:
    """The reader's commands, keyed by step: ``bag``, ``log``, ``hash``, ``script``, ``case``.

    ``hash`` hashes the dossier inside the bag when the dossier was made for one, else the
    PDF by its own file name.
    """
    bag = shell_word(bag_name or PLACEHOLDER_BAG)
    return {
        "bag": f"fragment verify-bag {bag} --expect-head {head}",
        "log": f"fragment log {bag} --limit 5",
        "hash": (f"sha256sum {bag}/data/dossier.pdf" if bag_name
                 else f"sha256sum {shell_word(pdf_name)}"),
        "script": f"python3 {bag}/data/{CHAIN_SCRIPT} --expect-head {head}",
        "case": f"fragment verify CASE.fragment --expect-head {head}",
    }


def write_reader_kit(payload: Path, *, bag_name: str, head: str) -> None:
    """Write ``README.txt`` and the stand-alone chain script into a bag's payload folder."""
    shutil.copyfile(resource_path("verify", CHAIN_SCRIPT), payload / CHAIN_SCRIPT)
    commands = verify_commands(bag_name, head)
    text = f"""This is a BagIt bag of a Fragment case: the full evidentiary archive.

data/case.sqlite     the case database (every record and the audit log)
data/originals/      every original file, named by its SHA-256
data/case.json       the same case as one JSON document
data/dossier.pdf     the evidence dossier
data/{CHAIN_SCRIPT}  checks the audit log and the records without Fragment

Unlike the dossier, the bag withholds nothing: readings and notes under redaction boxes are
in the database. Share the bag only with those entitled to the whole case.

How to check it, from the folder that contains the bag:

1. Every file against the manifests, then the case inside: originals against their hashes,
   the audit chain, and every record against the state its audit event recorded. The head
   printed in the dossier must still be in the log:

   {commands["bag"]}

2. The audit log, newest events last; the export.dossier event gives the dossier's SHA-256:

   {commands["log"]}
   {commands["hash"]}       (macOS: shasum -a 256 ..., Windows: certutil -hashfile ... SHA256)

3. Without Fragment (Python 3 and "pip install rfc8785"):

   {commands["script"]}
   bagit.py --validate {shell_word(bag_name)}

The head of the audit log in this bag is
{head}
"""
    (payload / "README.txt").write_text(text, encoding="utf-8")

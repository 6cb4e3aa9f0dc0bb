"""docs/faults.md names, for every fault and hostile input, the test that proves the
behaviour: each of those tests must exist. ``::name`` refers to the file named last before
it in the table; a bare ``file.py`` to the test file of that name."""

from __future__ import annotations

import re

from tests.conftest import ROOT

TESTS = ROOT / "tests"
REF = re.compile(r"`((?:tests/)?[\w/]*test_\w+\.py)?(?:::(\w+))?`")


def _resolve(name: str) -> str:
    if name.startswith("tests/"):
        return name
    found = sorted(TESTS.rglob(name))
    assert len(found) == 1, f"docs/faults.md names {name}, found {found}"
    return found[0].relative_to(ROOT).as_posix()


def test_every_row_of_the_faults_table_names_tests_that_exist() -> None:
    rows = [line for line in (ROOT / "docs" / "faults.md").read_text(encoding="utf-8")
            .splitlines() if line.startswith("| ") and not line.startswith("| fault")
            and not line.startswith("| input") and not line.startswith("|---")]
    assert len(rows) > 20
    current: str | None = None
    for row in rows:
        cell = row.rstrip(" |").rsplit(" | ", 1)[-1]
        refs = [(f, t) for f, t in REF.findall(cell) if f or t]
        assert refs, f"no test named in: {row[:80]}"
        for file, test in refs:
            if file:
                current = _resolve(file)
            assert current is not None, row[:80]
            path = ROOT / current
            assert path.is_file(), f"{current} does not exist"
            if test:
                source = path.read_text(encoding="utf-8")
                assert re.search(rf"^def {test}\(", source, re.M), f"{current}::{test} is missing"

"""Write the licence files that ship inside every build: notices and a CycloneDX SBOM.

``python packaging/third_party_notices.py OUTDIR`` writes to OUTDIR:

- ``LICENSE.txt``: Fragment's own licence (GPL-3.0-or-later);
- ``THIRD-PARTY-NOTICES.txt``: every Python distribution the build bundles (the runtime
  requirements of pyproject.toml with the ``ocr`` and ``postgres`` extras, followed
  transitively through the installed package metadata) with its version, licence and the
  licence texts its wheel carries; the Python interpreter's licence; Qt's LGPL-3.0 (the
  PySide6 wheels carry no licence file); the bundled fonts and map data;
- ``sbom.cdx.json``: a CycloneDX SBOM made by ``cyclonedx-py environment`` (the
  ``cyclonedx-bom`` package of the ``packaging`` extra), reduced to the bundled
  distributions, or, when that tool is not installed, the same list written directly.

Run it with the Python the build uses; the PyInstaller spec calls it.
"""

from __future__ import annotations

import importlib.metadata as md
import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXTRAS = ("ocr", "postgres")
#: Data files under resources/ that carry their own licence.
RESOURCE_LICENCES = {
    "DejaVu fonts (resources/fonts)": "resources/fonts/LICENSE-DejaVu.txt",
    "Noto Sans Arabic, Hebrew and Symbols 2 fonts (resources/fonts; from Debian's "
    "fonts-noto-core 20201225-1)": "resources/fonts/LICENSE-Noto.txt",
    "OpenMoji colour emoji font (resources/fonts; CC BY-SA 4.0; all emojis designed by "
    "OpenMoji – the open-source emoji and icon project)": "resources/fonts/LICENSE-OpenMoji.txt",
    "world-atlas basemap (resources/basemap)": "resources/basemap/LICENSE-world-atlas.txt",
    "Natural Earth populated places in GeoJSON (resources/places)":
        "resources/places/LICENSE-natural-earth-geojson.txt",
    "sRGB ICC profile (resources/icc; from Debian's icc-profiles-free 2.0.1+dfsg-1.1)":
        "resources/icc/LICENSE-sRGB-icc.txt",
}


def _name(requirement: str) -> str:
    return re.split(r"[\s\[<>=!~;(]", requirement.strip(), maxsplit=1)[0]


def _key(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _extras_of(requirement: str) -> list[str]:
    match = re.search(r"\[([^\]]+)\]", requirement.split(";")[0])
    return [e.strip() for e in match.group(1).split(",")] if match else []


def _marker_ok(requirement: str, extras: list[str]) -> bool:
    if ";" not in requirement:
        return True
    from packaging.markers import Marker

    marker = Marker(requirement.split(";", 1)[1])
    return any(marker.evaluate({"extra": e}) for e in (extras or [""]))


def bundled_distributions() -> list[md.Distribution]:
    """Installed distributions the build bundles, sorted by name."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    todo = list(project["dependencies"])
    for extra in EXTRAS:
        todo += project["optional-dependencies"][extra]
    seen: dict[str, md.Distribution] = {}
    while todo:
        requirement = todo.pop()
        try:
            dist = md.distribution(_name(requirement))
        except md.PackageNotFoundError:
            continue  # an optional extra not installed in this build
        key = _key(dist.metadata["Name"])
        if key in seen:
            continue
        seen[key] = dist
        extras = _extras_of(requirement)
        todo += [r for r in dist.requires or [] if _marker_ok(r, extras)]
    return sorted(seen.values(), key=lambda d: _key(d.metadata["Name"]))


def licence_of(dist: md.Distribution) -> str:
    """The distribution's declared licence (SPDX expression when it gives one)."""
    meta = dist.metadata
    expression = meta.get("License-Expression")
    if expression:
        return expression
    text = (meta.get("License") or "").strip()
    if text and len(text) < 120 and "\n" not in text:
        return text
    classifiers = [c.split(" :: ")[-1] for c in meta.get_all("Classifier") or []
                   if c.startswith("License ::")]
    return "; ".join(classifiers) or "see the licence text below"


def licence_texts(dist: md.Distribution) -> list[tuple[str, str]]:
    """(path, text) of the licence and notice files the distribution installed."""
    found = []
    for path in dist.files or []:
        name = path.name.upper()
        if any(word in name for word in ("LICEN", "COPYING", "NOTICE", "AUTHORS")):
            try:
                found.append((str(path), Path(str(path.locate())).read_text(
                    encoding="utf-8", errors="replace")))
            except OSError:
                continue
    return found


def write_notices(out: Path, dists: list[md.Distribution]) -> None:
    """THIRD-PARTY-NOTICES.txt: the list first, then every licence text."""
    rule = "=" * 78
    lines = ["Fragment: third-party software and data in this build", "",
             "Fragment is free software under the GNU GPL version 3 or later (LICENSE.txt).",
             "This build bundles the following software and data, each under its own licence.",
             "Qt and PySide6 are used under the GNU LGPL version 3: they are separate shared",
             "libraries in this folder, and you may replace them with modified versions;",
             "their source is at https://download.qt.io/official_releases/ and",
             "https://code.qt.io/cgit/pyside/pyside-setup.git/.", "",
             f"Python {sys.version.split()[0]} (PSF-2.0)"]
    lines += [f"{d.metadata['Name']} {d.version} ({licence_of(d)})" for d in dists]
    lines += [f"{label} (see below)" for label in RESOURCE_LICENCES]
    lines += ["", rule, "Python", rule, _python_licence()]
    lines += ["", rule, "Qt 6 and PySide6: GNU Lesser General Public License v3.0", rule,
              (ROOT / "packaging" / "licenses" / "LGPL-3.0.txt").read_text(encoding="utf-8")]
    apache = False
    for dist in dists:
        lines += ["", rule, f"{dist.metadata['Name']} {dist.version}: {licence_of(dist)}",
                  f"{dist.metadata.get('Home-page') or _project_url(dist)}", rule]
        texts = licence_texts(dist)
        for path, text in texts:
            lines += [f"--- {path}", text.rstrip()]
        if not texts:
            lines.append("(the package carries no licence file; its declared licence is above)")
            apache = apache or "apache" in licence_of(dist).lower()
    for label, path in RESOURCE_LICENCES.items():
        lines += ["", rule, label, rule, (ROOT / path).read_text(encoding="utf-8").rstrip()]
    if apache:
        lines += ["", rule, "Apache License 2.0 (for the packages above that declare it)", rule,
                  (ROOT / "packaging" / "licenses" / "Apache-2.0.txt").read_text(
                      encoding="utf-8")]
    (out / "THIRD-PARTY-NOTICES.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _project_url(dist: md.Distribution) -> str:
    urls = dist.metadata.get_all("Project-URL") or []
    return urls[0].split(",", 1)[-1].strip() if urls else ""


def _python_licence() -> str:
    for folder in (Path(sys.base_prefix) / "lib" / f"python{sys.version_info[0]}."
                   f"{sys.version_info[1]}", Path(sys.base_prefix)):
        path = folder / "LICENSE.txt"
        if path.is_file():
            return path.read_text(encoding="utf-8", errors="replace").rstrip()
    return "Python Software Foundation License Version 2: https://docs.python.org/3/license.html"


def write_sbom(out: Path, dists: list[md.Distribution]) -> str:
    """sbom.cdx.json; returns which tool made it."""
    from desktop import __version__

    keep = {_key(d.metadata["Name"]) for d in dists}
    target = out / "sbom.cdx.json"
    made = subprocess.run(
        [sys.executable, "-m", "cyclonedx_py", "environment", "--output-format", "JSON",
         "--output-file", str(target), "--pyproject", str(ROOT / "pyproject.toml"),
         sys.executable], capture_output=True, text=True)
    if made.returncode == 0:
        sbom = json.loads(target.read_text(encoding="utf-8"))
        sbom["components"] = [c for c in sbom.get("components", [])
                              if _key(c.get("name", "")) in keep]
        refs = {c.get("bom-ref") for c in sbom["components"]}
        root_ref = sbom.get("metadata", {}).get("component", {}).get("bom-ref")
        sbom["dependencies"] = [
            {**d, "dependsOn": [x for x in d.get("dependsOn", []) if x in refs]}
            for d in sbom.get("dependencies", []) if d.get("ref") in refs | {root_ref}]
        sbom.setdefault("metadata", {}).setdefault("component", {})["version"] = __version__
        tool = "cyclonedx-py"
    else:  # the packaging extra is not installed: the same list, written directly
        sbom = {"bomFormat": "CycloneDX", "specVersion": "1.5", "version": 1,
                "metadata": {"component": {"type": "application", "name": "fragment",
                                           "version": __version__,
                                           "licenses": [{"expression": "GPL-3.0-or-later"}]}},
                "components": [{"type": "library", "name": d.metadata["Name"],
                                "version": d.version,
                                "purl": f"pkg:pypi/{_key(d.metadata['Name'])}@{d.version}",
                                "licenses": [{"license": {"name": licence_of(d)}}]}
                               for d in dists]}
        tool = "built-in writer (cyclonedx-bom not installed)"
    target.write_text(json.dumps(sbom, indent=2) + "\n", encoding="utf-8")
    return tool


def main(argv: list[str]) -> int:
    """Write the three files to the folder named in ``argv``."""
    out = Path(argv[0]) if argv else ROOT / "build" / "licenses"
    out.mkdir(parents=True, exist_ok=True)
    dists = bundled_distributions()
    (out / "LICENSE.txt").write_text((ROOT / "LICENSE").read_text(encoding="utf-8"),
                                     encoding="utf-8")
    write_notices(out, dists)
    tool = write_sbom(out, dists)
    print(f"licences: {len(dists)} bundled distributions; SBOM by {tool}; in {out}")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main(sys.argv[1:]))

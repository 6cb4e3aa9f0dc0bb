"""KML 2.2 of all locations (opens in Google Earth and QGIS), written with xml.etree.

Every text and attribute passes through ``clean``: XML 1.0 forbids most C0 control
characters, and ElementTree would write them as they are, giving a file no parser reads.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from desktop.core.export.atomic import atomic_file
from desktop.core.export.text import clean
from desktop.core.geo_format import precision_phrase
from desktop.core.queries.dossier import DossierData, LocationInfo

KML_NS = "http://www.opengis.net/kml/2.2"


def _placemark(parent: ET.Element, loc: LocationInfo, data: DossierData) -> None:
    mark = ET.SubElement(parent, "Placemark", id=f"loc-{loc.uid}")
    ET.SubElement(mark, "name").text = f"{loc.label} {loc.name}".strip()
    claims = {c.label: c for c in data.claims}
    lines = [f"Kind: {loc.kind}"]
    if loc.precision_m is not None:
        lines.append("Precision: " + precision_phrase(loc.notation, loc.precision_m,
                                                       kind=loc.kind))
    if loc.raw_text:
        lines.append(f"As written: {loc.raw_text}")
    if loc.aliases:
        lines.append("Also known as: " + ", ".join(loc.aliases))
    for label in loc.linked:
        claim = claims.get(label)
        lines.append(f"{label}: {claim.actor}: {claim.statement}" if claim else label)
    if loc.note:
        lines.append(loc.note)
    ET.SubElement(mark, "description").text = "\n".join(lines)  # ElementTree escapes it
    extended = ET.SubElement(mark, "ExtendedData")
    for key, value in (("label", loc.label), ("uid", loc.uid), ("kind", loc.kind),
                       ("precision_m", "" if loc.precision_m is None else f"{loc.precision_m:g}"),
                       ("raw_text", loc.raw_text), ("linked", ",".join(loc.linked))):
        item = ET.SubElement(extended, "Data", name=key)
        ET.SubElement(item, "value").text = value
    point = ET.SubElement(mark, "Point")
    ET.SubElement(point, "coordinates").text = f"{loc.lon:.8f},{loc.lat:.8f},0"


def kml_tree(data: DossierData) -> ET.ElementTree:
    """The KML document as an element tree."""
    ET.register_namespace("", KML_NS)
    root = ET.Element("kml", xmlns=KML_NS)
    document = ET.SubElement(root, "Document")
    ET.SubElement(document, "name").text = data.case.title
    for loc in data.locations:
        _placemark(document, loc, data)
    for element in root.iter():
        if element.text:
            element.text = clean(element.text)
        for key, value in element.attrib.items():
            element.set(key, clean(value))
    tree = ET.ElementTree(root)
    ET.indent(tree)
    return tree


def write_kml(data: DossierData, out_path: str | Path) -> Path:
    """Write the locations as KML (UTF-8), atomically; returns the path."""
    out_path = Path(out_path)
    with atomic_file(out_path) as tmp:
        kml_tree(data).write(tmp, encoding="utf-8", xml_declaration=True)
    return out_path

"""The last step of the dossier: attached files and PDF/A-3b conformance.

reportlab lays the pages out (every font embedded, see ``styles``); pikepdf then adds what
reportlab cannot write:

- the whole audit log attached as a file (a long log is not printed in full, see
  ``queries.dossier_audit``), a PDF/A-3 associated file of the document (``/AF``);
- XMP metadata matching the document information (title, author, subject, keywords,
  dates) with the PDF/A identification (part 3, conformance B);
- an sRGB output intent (``resources/icc/sRGB.icc``), the document language (``/Lang``),
  and the print flag on every annotation (links of the contents page);
- text mappings (``/ToUnicode``) that are valid for characters beyond the Basic
  Multilingual Plane: reportlab writes such a character (U+1F4A3 BOMB) as a five-digit
  code, which is no UTF-16 string (pypdf rejects the file, extractors lose the character);
  it becomes the surrogate pair that stands for it (``<D83DDCA3>``).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name, String

from desktop.core.resources import resource_path

PDFA_PART = "3"
PDFA_CONFORMANCE = "B"
_PRINT = 4  # annotation flag: print the annotation (PDF/A requires it, and never Hidden)


@dataclass(frozen=True)
class Attachment:
    """A file carried inside the PDF (shown in a reader's attachments pane)."""

    name: str
    data: bytes
    mime_type: str
    description: str


def finish_pdf(raw: bytes, out_path: Path, attachments: list[Attachment], *,
               invariant: bool, mod_date: str, language: str) -> None:
    """Write ``raw`` (reportlab's PDF) to ``out_path`` as PDF/A-3b with ``attachments``.

    ``mod_date`` is a PDF date (``D:20240101120000Z``) stamped on the attachments.
    ``invariant`` gives a document id computed from the content, for reproducible output.
    """
    with pikepdf.open(io.BytesIO(raw)) as pdf:
        associated = Array()
        for item in attachments:
            spec = pikepdf.AttachedFileSpec(
                pdf, item.data, description=item.description, filename=item.name,
                mime_type=item.mime_type, creation_date=mod_date, mod_date=mod_date,
                relationship=Name.Data)
            pdf.attachments[item.name] = spec
            associated.append(spec.obj)
        if attachments:
            pdf.Root.AF = pdf.make_indirect(associated)
        pdf.Root.Lang = String(language)
        _output_intent(pdf)
        _print_annotations(pdf)
        _astral_text_mappings(pdf)
        _xmp(pdf)
        pdf.save(out_path, deterministic_id=invariant, compress_streams=True,
                 object_stream_mode=pikepdf.ObjectStreamMode.preserve, force_version="1.7",
                 fix_metadata_version=False)


def _output_intent(pdf: pikepdf.Pdf) -> None:
    icc = resource_path("icc", "sRGB.icc").read_bytes()
    profile = pikepdf.Stream(pdf, icc)
    profile.N = 3
    pdf.Root.OutputIntents = Array([pdf.make_indirect(Dictionary(
        Type=Name.OutputIntent, S=Name.GTS_PDFA1,
        OutputConditionIdentifier=String("sRGB IEC61966-2.1"),
        Info=String("sRGB IEC61966-2.1"), RegistryName=String("http://www.color.org"),
        DestOutputProfile=pdf.make_indirect(profile)))])


def _print_annotations(pdf: pikepdf.Pdf) -> None:
    for page in pdf.pages:
        for annot in page.get("/Annots", Array()):
            annot.F = _PRINT


# one entry of a bfchar list: a one-byte code and a code point of five or six hex digits
_ASTRAL = re.compile(rb"<([0-9A-Fa-f]{2})> <([0-9A-Fa-f]{5,6})>")


def _surrogates(match: re.Match[bytes]) -> bytes:
    code = int(match.group(2), 16)
    if code > 0x10FFFF:  # no character: left as it is
        return match.group(0)
    utf16 = chr(code).encode("utf-16-be").hex().upper().encode()
    return b"<" + match.group(1) + b"> <" + utf16 + b">"


def _astral_text_mappings(pdf: pikepdf.Pdf) -> None:
    """Rewrite every code point beyond U+FFFF in the fonts' ``/ToUnicode`` maps as the
    UTF-16 surrogate pair the PDF format requires there."""
    for obj in pdf.objects:
        if not isinstance(obj, Dictionary) or obj.get("/Type") != Name.Font:
            continue
        cmap = obj.get("/ToUnicode")
        if not isinstance(cmap, pikepdf.Stream):
            continue
        data = cmap.read_bytes()
        fixed = _ASTRAL.sub(_surrogates, data)
        if fixed != data:
            cmap.write(fixed)


def _xmp(pdf: pikepdf.Pdf) -> None:
    """XMP from the document information, with the PDF/A identification; the dates and the
    producer are kept as reportlab wrote them (nothing is stamped with the time of this
    step, so invariant output stays reproducible)."""
    if "/Trapped" in pdf.docinfo:  # reportlab's "not trapped": no XMP equivalent to match
        del pdf.docinfo["/Trapped"]
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
        meta.load_from_docinfo(pdf.docinfo)
        meta["pdfaid:part"] = PDFA_PART
        meta["pdfaid:conformance"] = PDFA_CONFORMANCE

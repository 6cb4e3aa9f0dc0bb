"""The last step of the dossier: files attached inside the PDF.

reportlab lays the pages out; pikepdf then adds what reportlab cannot write: the whole
audit log attached as a file (a long log is not printed in full, see
``queries.dossier_audit``), as a PDF/A-3 associated file of the document.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import pikepdf
from pikepdf import Array, Name


@dataclass(frozen=True)
class Attachment:
    """A file carried inside the PDF (shown in a reader's attachments pane)."""

    name: str
    data: bytes
    mime_type: str
    description: str


def finish_pdf(raw: bytes, out_path: Path, attachments: list[Attachment], *,
               invariant: bool, mod_date: str) -> None:
    """Write ``raw`` (reportlab's PDF) to ``out_path`` with ``attachments`` embedded.

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
        pdf.save(out_path, deterministic_id=invariant, compress_streams=True,
                 object_stream_mode=pikepdf.ObjectStreamMode.preserve)

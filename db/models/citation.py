"""Citations: where in a source a location or a marking link was found.

A finding of the scanner keeps, when it becomes a location or a link, the place it was read
from: the source, which text (the captured text or the attached file, by hash), the page,
the line, the character span, a short quotation and, for text read from an image, the
region of the image it is in. The quotation is kept here because the
text of a file is derived and may be laid out differently by another reader version.
Deleting the location, link or source detaches the citation (SET NULL) and restoring it
re-attaches, like a claim's source.
"""

from __future__ import annotations

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, new_uid
from db.types import JSONText


class Citation(Base):
    """A place in a source's text: page (PDFs), line, character span and a quotation."""

    __tablename__ = "citation"

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(32), unique=True, default=new_uid)
    source_id: Mapped[int | None] = mapped_column(
        ForeignKey("source.id", ondelete="SET NULL"), index=True
    )
    location_id: Mapped[int | None] = mapped_column(
        ForeignKey("location.id", ondelete="SET NULL"), index=True
    )
    link_id: Mapped[int | None] = mapped_column(
        ForeignKey("link.id", ondelete="SET NULL"), index=True
    )
    origin: Mapped[str] = mapped_column(String(8))  # "text" (captured) or "file"
    file_sha256: Mapped[str | None] = mapped_column(String(64))
    page: Mapped[int | None] = mapped_column(Integer)
    line: Mapped[int] = mapped_column(Integer)
    start_char: Mapped[int] = mapped_column(Integer)
    end_char: Mapped[int] = mapped_column(Integer)
    found_text: Mapped[str] = mapped_column(Text)
    quote: Mapped[str] = mapped_column(Text)
    # For text read from an image (OCR): where it is, [x, y, width, height] in pixels.
    region: Mapped[list[int] | None] = mapped_column(JSONText)

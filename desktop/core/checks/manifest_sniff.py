"""Whether a file may carry content credentials (C2PA), from its bytes, without the reader.

The C2PA reader takes about 0.1 s to import in every import worker, and most photos carry
no manifest. The specification's embedding rules put the manifest store where a walk of
the file's structure finds it cheaply:

- JPEG: APP11 marker segments holding JUMBF boxes (JPEG XT), the first labelled ``c2pa``;
- PNG: a ``caBX`` chunk;
- WebP: a ``C2PA`` RIFF chunk;
- elsewhere (TIFF, HEIF and other ISO BMFF files...): a JUMBF superbox (``jumb``) in a tag
  or a ``uuid`` box, so the bytes are searched for it.

A manifest can also be remote, referenced from the XMP packet's ``dcterms:provenance``.

The answer errs on the side of reading: a damaged or unknown structure answers True, and
the reader decides.
"""

from __future__ import annotations

_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_XMP_JPEG = b"http://ns.adobe.com/xap/1.0/\x00"
_REMOTE = b"dcterms:provenance"
_APP11, _APP1, _SOS, _EOI = 0xEB, 0xE1, 0xDA, 0xD9
_STANDALONE = {0x01, 0xD8, *range(0xD0, 0xD8)}  # markers without a length


def may_have_manifest(data: bytes) -> bool:
    """False only when the file's structure shows no C2PA manifest, embedded or remote."""
    if data.startswith(b"\xff\xd8"):
        return _jpeg(data)
    if data.startswith(_PNG_SIGNATURE):
        return _png(data)
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return _webp(data)
    return b"jumb" in data or _REMOTE in data


def _jpeg(data: bytes) -> bool:
    pos, size = 2, len(data)
    while pos + 4 <= size:
        if data[pos] != 0xFF:
            return True  # not a marker where one must be: let the reader decide
        marker = data[pos + 1]
        if marker == 0xFF:  # fill byte
            pos += 1
            continue
        if marker in _STANDALONE:
            pos += 2
            continue
        if marker == _EOI:
            return False
        if marker == _SOS:
            # Entropy-coded data never holds 0xFF 0xEB (a 0xFF there is followed by 0x00 or
            # a restart marker), so an APP11 between the scans of a progressive JPEG, or
            # after them, is found by a plain search.
            return data.find(b"\xff\xeb", pos) != -1
        length = int.from_bytes(data[pos + 2:pos + 4], "big")
        if length < 2:
            return True
        segment = data[pos + 4:pos + 2 + length]
        if marker == _APP11 and b"c2pa" in segment[:96]:
            return True
        if marker == _APP1 and segment.startswith(_XMP_JPEG) and _REMOTE in segment:
            return True
        pos += 2 + length
    return True  # cut short before its image data


def _png(data: bytes) -> bool:
    pos, size = len(_PNG_SIGNATURE), len(data)
    while pos + 8 <= size:
        length = int.from_bytes(data[pos:pos + 4], "big")
        kind = data[pos + 4:pos + 8]
        if kind == b"caBX":
            return True
        if kind == b"IEND":
            return False
        if kind == b"iTXt" and _REMOTE in data[pos + 8:pos + 8 + length]:
            return True
        pos += 12 + length
    return True


def _webp(data: bytes) -> bool:
    pos, size = 12, len(data)
    while pos + 8 <= size:
        kind = data[pos:pos + 4]
        length = int.from_bytes(data[pos + 4:pos + 8], "little")
        if kind == b"C2PA":
            return True
        if kind == b"XMP " and _REMOTE in data[pos + 8:pos + 8 + length]:
            return True
        pos += 8 + length + (length & 1)
    return pos != size  # a walk that ends exactly at the end found every chunk

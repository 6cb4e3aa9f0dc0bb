"""Verification checks on every photo: reuse, content credentials, metadata, sun position.

``fingerprint`` reads a file once (perceptual hash, EXIF thumbnail, credentials);
``references`` indexes folders of known images; ``rules`` turns what is known about a
photo into findings (pure); ``run`` recomputes and stores them, audited. See docs/checks.md.
"""

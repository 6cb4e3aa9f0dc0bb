"""Safe opening: formats by content, bombs refused, truncation flagged, displayed sizes."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from PIL import Image

from desktop.core.casefile import CaseFile
from desktop.core.imaging import (
    ImagingError,
    derived_path,
    open_display_image,
    preview_path,
    probe_bytes,
    store_ext,
    thumbnail_path,
)
from desktop.core.ingest import import_paths
from desktop.core.queries.photos import list_photos
from tests.unit.import_helpers import (
    SHORT,
    TAG_ORIENTATION,
    build_exif,
    jpeg_bytes,
    png_header_claiming,
    write,
)


def _encode(image: Image.Image, fmt: str, **kwargs: object) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt, **kwargs)
    return out.getvalue()


@pytest.mark.parametrize(
    ("fmt", "mode", "kwargs"),
    [("PNG", "RGBA", {}), ("TIFF", "RGB", {}), ("WEBP", "RGB", {}), ("BMP", "RGB", {}),
     ("GIF", "P", {})],
)
def test_each_supported_format_is_detected_by_content(fmt: str, mode: str,
                                                      kwargs: dict) -> None:
    data = _encode(Image.new(mode, (30, 20)), fmt, **kwargs)
    probe = probe_bytes(data)
    assert (probe.format, probe.width, probe.height, probe.truncated) == (fmt, 30, 20, False)


def test_animated_gif_counts_frames() -> None:
    frames = [Image.new("RGB", (10, 10), (80 * i, 0, 0)) for i in range(3)]
    out = io.BytesIO()
    frames[0].save(out, "GIF", save_all=True, append_images=frames[1:])
    assert probe_bytes(out.getvalue()).frames == 3


def test_heif_from_the_corpus(corpus: Path) -> None:
    data = (corpus / "heic" / "samplefilehub.heif").read_bytes()
    probe = probe_bytes(data)
    assert (probe.format, probe.width, probe.height) == ("HEIF", 640, 426)


def test_unsupported_and_non_images_are_refused_with_a_reason() -> None:
    ico = _encode(Image.new("RGB", (16, 16)), "ICO")
    with pytest.raises(ImagingError, match="unsupported format: this is an icon file"):
        probe_bytes(ico)
    with pytest.raises(ImagingError, match="not an image"):
        probe_bytes(b"hello world, definitely not a photo")
    with pytest.raises(ImagingError, match="empty file"):
        probe_bytes(b"")


def test_bombs_are_refused_before_decoding() -> None:
    # beyond twice Pillow's limit: Pillow itself raises while reading the header
    with pytest.raises(ImagingError, match="decompression bomb") as err:
        probe_bytes(png_header_claiming(20000, 20000))
    assert err.value.code == "bomb"
    # beyond the limit: Pillow only warns; we refuse before any pixel is decoded
    with pytest.warns(Image.DecompressionBombWarning), \
            pytest.raises(ImagingError, match="more than the limit") as err:
        probe_bytes(png_header_claiming(10000, 10000))
    assert err.value.code == "bomb"


def test_truncated_jpeg_is_flagged_and_still_displays(tmp_path: Path) -> None:
    data = jpeg_bytes((320, 240), noise=True)
    cut = data[: len(data) // 2]
    probe = probe_bytes(cut, thumbnail_to=tmp_path / "t.jpg")
    assert probe.truncated and (probe.width, probe.height) == (320, 240)
    assert Image.open(tmp_path / "t.jpg").size == (256, 192)
    shown = open_display_image(write(tmp_path / "cut.jpg", cut))
    assert shown.size == (320, 240)
    # the process-wide switch is back off: a plain Pillow load still refuses the file
    with pytest.raises(OSError, match="truncated"):
        Image.open(io.BytesIO(cut)).load()


def test_orientation_swaps_displayed_size_and_max_side(tmp_path: Path) -> None:
    path = write(tmp_path / "o.jpg",
                 jpeg_bytes((200, 100), exif=build_exif([(TAG_ORIENTATION, SHORT, 8)])))
    assert probe_bytes(path.read_bytes()).width == 100
    assert open_display_image(path).size == (100, 200)
    assert open_display_image(path, max_side=50).size == (25, 50)


def test_store_extension_keeps_the_files_own_when_it_fits() -> None:
    assert store_ext("JPEG", "IMG_1.JPEG") == "jpeg"
    assert store_ext("JPEG", "photo.png") == "jpg"  # the name lies: the content decides
    assert store_ext("HEIF", "x.heif") == "heif"
    assert store_ext("TIFF", "scan") == "tif"


def test_derived_files_are_rebuilt_on_demand(new_case: CaseFile, tmp_path: Path) -> None:
    import_paths(new_case, [write(tmp_path / "p.jpg", jpeg_bytes((3000, 1000), seed=5))])
    with new_case.read_session() as s:
        [info] = list_photos(s)
    thumb = derived_path(new_case.derived_dir, "thumb", info.sha256)
    assert thumb.is_file()
    shutil.rmtree(new_case.derived_dir)
    rebuilt = thumbnail_path(new_case, info.sha256, info.ext)
    assert rebuilt == thumb and Image.open(rebuilt).size == (256, 85)
    preview = preview_path(new_case, info.sha256, info.ext)
    assert Image.open(preview).size == (2048, 683)
    (new_case.root / info.store_path).chmod(0o600)
    (new_case.root / info.store_path).unlink()
    rebuilt.unlink()
    with pytest.raises(ImagingError, match="missing"):
        thumbnail_path(new_case, info.sha256, info.ext)


def test_sixteen_bit_images_are_scaled_not_clipped(tmp_path: Path) -> None:
    gradient = Image.new("I;16", (256, 2))
    gradient.putdata([x * 257 for x in range(256)] * 2)
    for name in ("g.png", "g.tif"):
        gradient.save(tmp_path / name)
        shown = open_display_image(tmp_path / name)
        assert shown.mode == "RGB"
        assert [shown.getpixel((x, 0))[0] for x in (0, 128, 255)] == [0, 128, 255]


def test_truncated_heif_is_flagged_or_refused_with_the_reason(corpus: Path) -> None:
    """libheif decodes a cut-off HEIF silently; the container's box sizes give it away."""
    iphone = (corpus / "heic" / "mobile" / "iphone_13_pro_max.HEIC").read_bytes()
    assert not probe_bytes(iphone).truncated
    cut = probe_bytes(iphone[: len(iphone) * 9 // 10])
    assert cut.truncated and (cut.width, cut.height) == (3024, 4032)
    small = (corpus / "heic" / "samplefilehub.heif").read_bytes()
    with pytest.raises(ImagingError, match=r"^truncated: the file ends early") as err:
        probe_bytes(small[: len(small) // 2])
    assert err.value.code == "truncated"


@pytest.mark.filterwarnings("ignore:Corrupt EXIF data:UserWarning")
def test_cut_tiffs(corpus: Path) -> None:
    made = _encode(Image.new("RGB", (40, 30)), "TIFF")  # Pillow writes the IFD first
    assert probe_bytes(made[: len(made) // 3]).truncated
    ifd_last = (corpus / "tiff" / "Arbitro.tiff").read_bytes()  # its IFD is at the end
    with pytest.raises(ImagingError, match="starts like a TIFF image"):
        probe_bytes(ifd_last[: len(ifd_last) // 3])


def test_a_cut_webp_is_refused_as_truncated() -> None:
    data = _encode(Image.new("RGB", (64, 48), (10, 200, 30)), "WEBP")
    with pytest.raises(ImagingError, match=r"^truncated: the file ends early"):
        probe_bytes(data[: len(data) // 2])


def test_draft_box_keeps_the_photo_shape() -> None:
    """A 4:3 JPEG asked for a 1000 px long edge decodes at 1/4 scale, not 1/2."""
    import io

    from PIL import Image

    from desktop.core.imaging import draft_box

    buffer = io.BytesIO()
    Image.new("RGB", (4000, 3000), (120, 90, 60)).save(buffer, "JPEG", quality=85)
    buffer.seek(0)
    with Image.open(buffer) as image:
        image.draft("RGB", draft_box(image.size, 1000))
        assert image.size == (1000, 750)
    assert draft_box((3000, 4000), 1000) == (750, 1000)
    assert draft_box((100, 50), 1000) == (100, 50)  # never upscaled

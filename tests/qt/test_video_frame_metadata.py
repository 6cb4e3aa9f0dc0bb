"""The Photo Metadata panel says which frame of which video a photo is."""

from __future__ import annotations

from pathlib import Path

from desktop.core.ingest import import_paths
from desktop.core.videos import add_videos, save_frame
from desktop.qt.panels.metadata_panel import MetadataPanel
from tests.qt.panels_helpers import panel_ctx  # noqa: F401
from tests.unit.test_video import make_video


def test_a_frame_shows_its_video_and_a_photo_does_not(qtbot, panel_ctx, corpus: Path,  # noqa: F811
                                                      tmp_path: Path) -> None:
    clip = make_video(tmp_path / "clip.mp4")
    add_videos(panel_ctx.case, [clip])
    saved, _ = save_frame(panel_ctx.case, "V1", index=12)
    photo = import_paths(panel_ctx.case, [corpus / "jpg" / "gps" / "DSCN0010.jpg"])
    widget = MetadataPanel(panel_ctx)
    qtbot.addWidget(widget)
    widget.show()
    widget.show_photo(saved.photo_id)
    text = widget.labels["frame"].text()
    assert text.startswith("frame 12 at 00:00:01.200 of video V1 (clip.mp4, SHA-256 ")
    assert saved.frame.digest in text and widget.labels["frame"].isVisible()
    widget.show_photo(int(photo.results[0].photo_id or 0))
    assert widget.labels["frame"].text() == "" and not widget.labels["frame"].isVisible()

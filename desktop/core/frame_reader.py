"""Frames of a video by number, for a viewer that steps, jumps and scrubs.

``extract_frame`` (``desktop.core.video``) decodes from the start every time: exact, and
too slow to scrub a long 1080p video. ``FrameReader`` keeps the video open and finds frame
N without decoding what comes before its key frame:

- the frames' presentation times are listed once from the container's packets (no
  decoding); frame N is the packet with the N-th smallest time, which is the N-th frame
  the decoder gives from the start (packets the container marks as discarded, such as
  those cut by an MP4 edit list, give no frame and are not counted);
- to show frame N the reader seeks to the key frame at or before it and decodes forward
  until the frame with that time; stepping forward continues from where the decoder is.

A frame decoded after a key frame is the same frame, bit for bit, as decoded from the
start (only frames shown *before* a key frame may depend on earlier ones, and none of
those is the target). The viewer still never has the last word: saving a frame decodes it
from the start (``videos.save_frame``) and the viewer compares the digests.

A container whose packets carry no times (or the same time twice) is read in decoding
order from the start instead: exact, only slower.

``IsolatedFrameReader`` runs a reader in a child process: FFmpeg is native code and a
hostile file may crash it; the application then gets one sentence.
"""

from __future__ import annotations

import bisect
import contextlib
import multiprocessing
import threading
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass
from fractions import Fraction
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from desktop.core.errors import FragmentError
from desktop.core.video import MAX_FRAMES, VideoError, open_video, planes_digest, timecode

OPEN_TIMEOUT_S = 120.0
#: decoded frames a reader keeps (about 3 MB each at 1080p) for steps back
RECENT_FRAMES = 16
FRAME_TIMEOUT_S = 120.0


@dataclass(frozen=True)
class FrameTable:
    """What a viewer needs before decoding anything: how many frames, and when each is
    shown (seconds from the start, in frame order)."""

    times: tuple[float, ...]
    width: int
    height: int
    seekable: bool

    @property
    def count(self) -> int:
        """The number of frames."""
        return len(self.times)

    def index_at(self, seconds: float) -> int:
        """The frame on screen at ``seconds`` (the last one shown at or before it; the
        first frame for a time before it), as ``fragment frame --at`` chooses."""
        return max(0, bisect.bisect_right(self.times, seconds + 1e-6) - 1)


@dataclass(frozen=True)
class ShownFrame:
    """One frame decoded exactly, with a picture of it scaled to be shown."""

    index: int
    time_s: float
    digest: str
    pixel_format: str
    width: int
    height: int
    rgb: bytes
    shown_width: int
    shown_height: int

    @property
    def timecode(self) -> str:
        """'00:01:23.456'."""
        return timecode(self.time_s)


def _scaled(width: int, height: int, max_side: int) -> tuple[int, int]:
    scale = min(1.0, max_side / max(width, height, 1))
    return max(2, round(width * scale)), max(2, round(height * scale))


class FrameReader:
    """One open video, read frame by frame in any order (one thread at a time)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._container = open_video(path)
        self._stream = self._container.streams.video[0]
        self._stream.thread_type = "AUTO"  # threaded decoding gives the same pixels
        self._time_base = self._stream.time_base or Fraction(1, 90000)
        self._pts, self._keys = self._list_packets()
        self._seekable = bool(self._pts) and len(set(self._pts)) == len(self._pts)
        if self._seekable:
            self._index_of = {pts: i for i, pts in enumerate(self._pts)}
            times = tuple(self._seconds(pts) for pts in self._pts)
        else:
            times = self._decode_times()
        ctx = self._stream.codec_context
        self.table = FrameTable(times, ctx.width, ctx.height, self._seekable)
        self._decoder: Iterator[Any] | None = None
        self._last = -1  # the index of the frame the decoder gave last
        # the frames decoded last, so that stepping back does not seek and decode again
        self._recent: OrderedDict[int, Any] = OrderedDict()

    def close(self) -> None:
        """Close the video."""
        self._container.close()

    def _seconds(self, pts: int) -> float:
        # as ``Frame.time``: what ``fragment frame`` prints and ``--at`` compares with
        return float(pts * self._time_base)

    def _list_packets(self) -> tuple[list[int], list[int]]:
        import av

        pts: list[int] = []
        keys: list[int] = []
        try:
            for packet in self._container.demux(self._stream):
                if packet.size == 0 or packet.is_discard:
                    continue  # the end-of-stream marker; a packet the container drops
                if packet.pts is None:
                    return [], []
                pts.append(packet.pts)
                if packet.is_keyframe:
                    keys.append(packet.pts)
                if len(pts) > MAX_FRAMES:
                    raise VideoError(f"{self.path.name} has more than {MAX_FRAMES} frames")
        except av.error.FFmpegError:
            pass  # a damaged tail: the frames before it are still listed
        self._rewind()
        pts.sort()
        keys.sort()
        return pts, keys

    def _rewind(self) -> None:
        self._container.close()
        self._container = open_video(self.path)
        self._stream = self._container.streams.video[0]
        self._stream.thread_type = "AUTO"
        self._decoder = None
        self._last = -1

    def _decode_times(self) -> tuple[float, ...]:
        times = [float(frame.time or 0.0) for frame in self._decode_all()]
        self._rewind()
        if not times:
            raise VideoError(f"{self.path.name} has no frame that can be decoded")
        return tuple(times)

    def _decode_all(self) -> Iterator[Any]:
        import av

        try:
            yield from self._container.decode(self._stream)
        except av.error.FFmpegError as exc:
            raise VideoError(f"{self.path.name} is damaged after frame {self._last + 1} "
                             f"({exc.strerror or exc})") from None

    def _next(self) -> Any:
        if self._decoder is None:
            self._decoder = self._decode_all()
        frame = next(self._decoder, None)
        if frame is None:
            raise VideoError(f"{self.path.name} ended before frame {self._last + 1}")
        if self._seekable:
            index = self._index_of.get(frame.pts) if frame.pts is not None else None
            if index is None:
                return frame
            self._last = index
        else:
            self._last += 1
        self._recent[self._last] = frame
        self._recent.move_to_end(self._last)
        while len(self._recent) > RECENT_FRAMES:
            self._recent.popitem(last=False)
        return frame

    def _decoded(self, index: int) -> Any:
        if not 0 <= index < self.table.count:
            raise VideoError(f"{self.path.name} has no frame {index}")
        if index in self._recent:
            return self._recent[index]
        if not self._seekable:
            if self._last >= index:
                self._rewind()
            while True:
                frame = self._next()
                if self._last == index:
                    return frame
        target = self._pts[index]
        key = self._keys[max(0, bisect.bisect_right(self._keys, target) - 1)] \
            if self._keys else self._pts[0]
        if not (self._decoder is not None and self._index_of[key] <= self._last < index):
            self._container.seek(key, stream=self._stream, backward=True, any_frame=False)
            self._decoder = None
            self._last = -1
        for _ in range(self.table.count + 64):
            frame = self._next()
            if frame.pts == target:
                return frame
            if frame.pts is not None and frame.pts > target and self._last > index:
                break
        raise VideoError(f"frame {index} of {self.path.name} could not be found by its time")

    def frame(self, index: int, max_side: int = 1920) -> ShownFrame:
        """Frame ``index`` (from 0): its time, plane digest, and an RGB picture whose long
        side is at most ``max_side``."""
        frame = self._decoded(index)
        digest, pixel_format = planes_digest(frame)
        shown_w, shown_h = _scaled(frame.width, frame.height, max_side)
        rgb = frame.reformat(width=shown_w, height=shown_h, format="rgb24").to_ndarray()
        time_s = self.table.times[index]
        return ShownFrame(index, time_s, digest, pixel_format, frame.width, frame.height,
                          rgb.tobytes(), shown_w, shown_h)


def poster_picture(path: Path, max_side: int = 256) -> tuple[int, bytes]:
    """A poster: the frame at about a tenth of the video, as JPEG bytes, and its number."""
    import io

    from PIL import Image

    reader = FrameReader(path)
    try:
        shown = reader.frame(reader.table.count // 10, max_side)
    finally:
        reader.close()
    image = Image.frombytes("RGB", (shown.shown_width, shown.shown_height), shown.rgb)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return shown.index, out.getvalue()


def _serve(conn: Connection, path: Path) -> None:
    """The child process: open the video, then answer (index, max_side) requests."""
    try:
        reader = FrameReader(path)
        conn.send(("ok", reader.table))
    except FragmentError as exc:
        conn.send(("error", str(exc)))
        return
    except Exception as exc:  # reported to the parent as one sentence
        conn.send(("error", f"{path.name} cannot be read ({type(exc).__name__}: {exc})"))
        return
    while True:
        try:
            request = conn.recv()
        except EOFError:
            break
        if request is None:
            break
        try:
            conn.send(("ok", reader.frame(*request)))
        except FragmentError as exc:
            conn.send(("error", str(exc)))
        except Exception as exc:  # reported as one sentence; the reader stays usable
            conn.send(("error", f"{type(exc).__name__}: {exc}"))
    reader.close()


class IsolatedFrameReader:
    """A ``FrameReader`` in a child process. ``frame`` may be called from any one thread
    at a time (calls are serialised); ``close`` from any thread, also during a call."""

    def __init__(self, path: Path, *, what: str, timeout: float = OPEN_TIMEOUT_S) -> None:
        self.what = what
        context = multiprocessing.get_context("spawn")
        self._conn, child = context.Pipe()
        self._process = context.Process(target=_serve, args=(child, path), daemon=True)
        self._process.start()
        child.close()
        self._lock = threading.Lock()
        try:
            self.table: FrameTable = self._answer(timeout)
        except FragmentError:
            self.close()
            raise

    def _answer(self, timeout: float) -> Any:
        if not self._conn.poll(timeout):
            self._process.kill()
            raise FragmentError(f"reading {self.what} took longer than {timeout:.0f} s; it "
                                "was stopped")
        try:
            status, value = self._conn.recv()
        except (EOFError, OSError):
            raise FragmentError(f"reading {self.what} made the reader crash; the file is "
                                "damaged or hostile") from None
        if status == "error":
            raise FragmentError(str(value))
        return value

    def frame(self, index: int, max_side: int = 1920,
              timeout: float = FRAME_TIMEOUT_S) -> ShownFrame:
        """Frame ``index`` decoded exactly in the child (``FragmentError`` in one sentence)."""
        with self._lock:
            if not self._process.is_alive():
                raise FragmentError(f"the reader of {self.what} has stopped")
            try:
                self._conn.send((index, max_side))
                shown: ShownFrame = self._answer(timeout)
            except (OSError, ValueError):
                raise FragmentError(f"the reader of {self.what} has stopped") from None
            return shown

    def close(self) -> None:
        """Stop the child process (at once if it is busy)."""
        if self._lock.acquire(blocking=False):
            try:
                if self._process.is_alive():
                    with contextlib.suppress(OSError):
                        self._conn.send(None)
                self._process.join(2)
            finally:
                self._lock.release()
        if self._process.is_alive():
            self._process.kill()
            self._process.join(2)
        self._conn.close()

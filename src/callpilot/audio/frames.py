"""The audio frame every stage passes along: PCM16 mono, 16 kHz, 20 ms.

Besides :class:`AudioFrame` this module holds the helpers that cut arbitrary sample arrays into
frames and join frames back (:func:`split_frames`, :func:`join_frames`) and :class:`FrameBuffer`,
which turns a stream of odd-sized chunks (a resampler's output, a codec's packets) into whole
frames with call-time stamps.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

__all__ = [
    "FRAME_SAMPLES",
    "FRAME_SECS",
    "SAMPLE_RATE",
    "AudioFrame",
    "FrameBuffer",
    "join_frames",
    "silence",
    "split_frames",
]

SAMPLE_RATE = 16_000  # Hz inside the system
FRAME_SECS = 0.020  # 20 ms frames
FRAME_SAMPLES = int(SAMPLE_RATE * FRAME_SECS)  # 320 samples


@dataclass(slots=True, frozen=True)
class AudioFrame:
    """20 ms of PCM16 mono audio at 16 kHz (``samples`` is int16, length 320)."""

    samples: npt.NDArray[np.int16]
    at: float = 0.0
    """Call time in seconds of the frame's first sample."""

    def to_bytes(self) -> bytes:
        return self.samples.astype("<i2", copy=False).tobytes()

    @classmethod
    def from_bytes(cls, data: bytes, at: float = 0.0) -> AudioFrame:
        return cls(np.frombuffer(data, dtype="<i2").astype(np.int16), at)


def silence(at: float = 0.0) -> AudioFrame:
    """One frame of digital silence."""
    return AudioFrame(np.zeros(FRAME_SAMPLES, dtype=np.int16), at)


def split_frames(samples: npt.ArrayLike, *, at: float = 0.0, pad: bool = True) -> list[AudioFrame]:
    """Cut 16 kHz PCM16 samples into 20 ms frames stamped from ``at`` on.

    Args:
        samples: int16 samples at 16 kHz (any length).
        at: call time in seconds of the first sample.
        pad: zero-pad a short last frame (``True``) or drop it (``False``).
    """
    data = np.asarray(samples, dtype=np.int16).ravel()
    whole, rest = divmod(data.size, FRAME_SAMPLES)
    if rest and pad:
        data = np.concatenate([data, np.zeros(FRAME_SAMPLES - rest, dtype=np.int16)])
        whole += 1
    rows = data[: whole * FRAME_SAMPLES].reshape(whole, FRAME_SAMPLES)
    # copy() so every frame owns its samples and the caller's array can be reused.
    return [AudioFrame(rows[i].copy(), at + i * FRAME_SECS) for i in range(whole)]


def join_frames(frames: Iterable[AudioFrame]) -> npt.NDArray[np.int16]:
    """Concatenate frames' samples into one int16 array (empty input gives an empty array)."""
    parts: Sequence[npt.NDArray[np.int16]] = [f.samples for f in frames]
    if not parts:
        return np.zeros(0, dtype=np.int16)
    return np.concatenate(parts).astype(np.int16, copy=False)


class FrameBuffer:
    """Collects int16 chunks of any size and hands out whole 20 ms frames.

    Timestamps continue from ``start_at`` by :data:`FRAME_SECS` per frame, so a bursty producer
    (soxr emits output in blocks) still yields evenly stamped frames.
    """

    def __init__(self, *, start_at: float = 0.0) -> None:
        self._pending = np.zeros(0, dtype=np.int16)
        self._next_at = start_at

    @property
    def pending_samples(self) -> int:
        """Samples held back until a whole frame is available."""
        return int(self._pending.size)

    def push(self, samples: npt.ArrayLike) -> list[AudioFrame]:
        """Add samples; return every whole frame now available (possibly none)."""
        chunk = np.asarray(samples, dtype=np.int16).ravel()
        data = np.concatenate([self._pending, chunk]) if self._pending.size else chunk
        frames = split_frames(data, at=self._next_at, pad=False)
        used = len(frames) * FRAME_SAMPLES
        self._pending = data[used:].copy()
        self._next_at += len(frames) * FRAME_SECS
        return frames

    def flush(self) -> list[AudioFrame]:
        """Return the held-back tail zero-padded to a frame (or nothing if none is held)."""
        if not self._pending.size:
            return []
        frames = split_frames(self._pending, at=self._next_at, pad=True)
        self._pending = np.zeros(0, dtype=np.int16)
        self._next_at += len(frames) * FRAME_SECS
        return frames

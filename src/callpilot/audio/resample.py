"""Sample-rate conversion between the rates callpilot meets, with libsoxr (``soxr``).

Rates: 8 kHz (telephony μ-law), 16 kHz (inside), 22.05 kHz (Piper voices), 48 kHz (WebRTC/Opus).

:class:`Resampler` is streaming: it keeps the filter state across chunks, so cutting a signal into
20 ms pieces gives the same samples as resampling it whole (no clicks at chunk edges). libsoxr
works in blocks, so the streaming output is bursty and delayed: at ``"HQ"`` 8→16 kHz the first
samples come out after ~100 ms of input, then in ~80 ms bursts. Put a
:class:`~callpilot.audio.frames.FrameBuffer` after it to get even 20 ms frames back.
``quality="LQ"`` halves that buffering; ``"QQ"`` (cubic) has almost none but aliases audibly, so it
is only for paths where latency matters more than fidelity.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import numpy.typing as npt
import soxr

__all__ = ["SUPPORTED_RATES", "Quality", "Resampler", "resample"]

SUPPORTED_RATES = frozenset({8_000, 16_000, 22_050, 48_000})  # Hz
Quality = Literal["VHQ", "HQ", "MQ", "LQ", "QQ"]


def _check_rate(rate: int) -> None:
    if rate not in SUPPORTED_RATES:
        raise ValueError(f"unsupported sample rate {rate} Hz; use one of {sorted(SUPPORTED_RATES)}")


def _as_int16(samples: npt.ArrayLike) -> npt.NDArray[np.int16]:
    data = np.asarray(samples)
    if data.dtype != np.int16:
        raise TypeError(f"resampling needs int16 samples, got {data.dtype}")
    return np.ascontiguousarray(data.ravel())


def resample(
    samples: npt.NDArray[np.int16], from_rate: int, to_rate: int, *, quality: Quality = "HQ"
) -> npt.NDArray[np.int16]:
    """Resample a whole int16 mono signal in one go (no state kept, no delay in the output)."""
    _check_rate(from_rate)
    _check_rate(to_rate)
    data = _as_int16(samples)
    if from_rate == to_rate:
        return data.copy()
    out: npt.NDArray[np.int16] = soxr.resample(data, from_rate, to_rate, quality=quality)
    return out


class Resampler:
    """Streaming int16 mono resampler that keeps its state across chunks.

    Example:
        >>> up = Resampler(8_000, 16_000)
        >>> out = [up.process(chunk) for chunk in chunks] + [up.flush()]
    """

    def __init__(self, from_rate: int, to_rate: int, *, quality: Quality = "HQ") -> None:
        _check_rate(from_rate)
        _check_rate(to_rate)
        self.from_rate = from_rate
        self.to_rate = to_rate
        self.quality = quality
        self._stream: soxr.ResampleStream | None = (
            None
            if from_rate == to_rate
            else soxr.ResampleStream(from_rate, to_rate, 1, dtype="int16", quality=quality)
        )
        self._ended = False

    def process(self, samples: npt.NDArray[np.int16]) -> npt.NDArray[np.int16]:
        """Resample the next chunk; returns whatever output is ready (may be empty)."""
        if self._ended:
            raise RuntimeError("Resampler.process() after flush()")
        data = _as_int16(samples)
        if self._stream is None:
            return data.copy()
        out: npt.NDArray[np.int16] = self._stream.resample_chunk(data)
        return out

    def flush(self) -> npt.NDArray[np.int16]:
        """End the stream and return the samples still held in the filter."""
        if self._ended:
            return np.zeros(0, dtype=np.int16)
        self._ended = True
        if self._stream is None:
            return np.zeros(0, dtype=np.int16)
        out: npt.NDArray[np.int16] = self._stream.resample_chunk(
            np.zeros(0, dtype=np.int16), last=True
        )
        return out

    def reset(self) -> None:
        """Forget the stream so far and start a new one (e.g. after a barge-in cut)."""
        if self._stream is not None:
            self._stream.clear()
        self._ended = False

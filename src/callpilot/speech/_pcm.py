"""Small PCM helpers for the TTS engines (float/int16 conversion, resampling, WAV parsing)."""

from __future__ import annotations

import struct

import numpy as np
import numpy.typing as npt
import soxr

__all__ = ["float_to_int16", "parse_wav", "resample_int16"]


def float_to_int16(audio: npt.NDArray[np.float32]) -> npt.NDArray[np.int16]:
    """[-1, 1] floats to PCM16, clipping what overshoots (resampling can)."""
    return np.clip(np.round(audio * 32767.0), -32768, 32767).astype(np.int16)


def resample_int16(
    samples: npt.NDArray[np.int16], from_rate: int, to_rate: int
) -> npt.NDArray[np.int16]:
    """Resample one self-contained piece of PCM16 audio (soxr, high quality)."""
    if from_rate == to_rate or len(samples) == 0:
        return samples
    out = soxr.resample(samples.astype(np.float32) / 32768.0, from_rate, to_rate, quality="HQ")
    return float_to_int16(np.asarray(out, dtype=np.float32))


def parse_wav(data: bytes) -> tuple[npt.NDArray[np.int16], int]:
    """PCM16 mono samples and rate from a WAV byte string.

    Tolerates the placeholder sizes (0x7FFFFFFF) that programs writing WAV to a pipe put in
    the headers, as espeak-ng does with ``--stdout``.

    Raises:
        ValueError: Not a PCM16 mono WAV.
    """
    if len(data) < 12 or data[:4] != b"RIFF" or data[8:12] != b"WAVE":
        raise ValueError("not a WAV file")
    offset = 12
    rate = 0
    while offset + 8 <= len(data):
        chunk_id = data[offset : offset + 4]
        (size,) = struct.unpack_from("<I", data, offset + 4)
        body = offset + 8
        if chunk_id == b"fmt ":
            fmt, channels, rate, _byte_rate, _align, bits = struct.unpack_from(
                "<HHIIHH", data, body
            )
            if fmt != 1 or channels != 1 or bits != 16:
                raise ValueError(
                    f"need PCM16 mono WAV, got format {fmt}, {channels} ch, {bits} bit"
                )
        elif chunk_id == b"data":
            if rate == 0:
                raise ValueError("WAV data before its fmt chunk")
            end = min(len(data), body + size)
            end -= (end - body) % 2
            return np.frombuffer(data[body:end], dtype="<i2").astype(np.int16), rate
        offset = body + size + (size & 1)
    raise ValueError("WAV without a data chunk")

from __future__ import annotations

import io
import struct
import wave

import numpy as np
import pytest

from callpilot.speech._pcm import parse_wav, resample_int16


def _wav(samples: np.ndarray, rate: int) -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(samples.astype("<i2").tobytes())
    return buffer.getvalue()


def test_a_wav_is_parsed_into_samples_and_rate() -> None:
    samples = np.arange(-50, 50, dtype=np.int16)
    parsed, rate = parse_wav(_wav(samples, 22_050))
    assert rate == 22_050
    np.testing.assert_array_equal(parsed, samples)


def test_placeholder_sizes_from_a_pipe_are_tolerated() -> None:
    data = bytearray(_wav(np.ones(10, dtype=np.int16), 16_000))
    struct.pack_into("<I", data, 4, 0x7FFFFFFF)
    struct.pack_into("<I", data, 40, 0x7FFFFFFF)  # the data chunk's size field
    parsed, _ = parse_wav(bytes(data))
    assert len(parsed) == 10


def test_not_a_wav_is_refused() -> None:
    with pytest.raises(ValueError, match="not a WAV"):
        parse_wav(b"hello world, not audio")


def test_resampling_keeps_the_duration() -> None:
    tone = (np.sin(np.arange(22_050) * 2 * np.pi * 440 / 22_050) * 10_000).astype(np.int16)
    out = resample_int16(tone, 22_050, 16_000)
    assert out.dtype == np.int16
    assert abs(len(out) - 16_000) <= 1
    assert np.abs(out).max() > 9_000

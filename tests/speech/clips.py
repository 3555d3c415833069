"""Audio helpers for the speech tests."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import soxr

from callpilot.audio.frames import FRAME_SAMPLES, SAMPLE_RATE, AudioFrame
from callpilot.audio.g711 import ulaw_decode, ulaw_encode

Samples = npt.NDArray[np.int16]


def frames_of(samples: Samples, *, start_at: float = 0.0) -> list[AudioFrame]:
    """20 ms frames of ``samples`` (the last one zero-padded), timed from ``start_at``."""
    padded = np.concatenate(
        [samples, np.zeros(-len(samples) % FRAME_SAMPLES, dtype=np.int16)]
    ).astype(np.int16)
    return [
        AudioFrame(padded[i : i + FRAME_SAMPLES], start_at + i / SAMPLE_RATE)
        for i in range(0, len(padded), FRAME_SAMPLES)
    ]


def through_telephone(samples: Samples) -> Samples:
    """16 kHz → 8 kHz → G.711 μ-law → 8 kHz → 16 kHz, like a PSTN leg."""
    narrow = soxr.resample(samples.astype(np.float32) / 32768.0, SAMPLE_RATE, 8000)
    pcm8 = np.clip(np.round(narrow * 32767.0), -32768, 32767).astype(np.int16)
    decoded = ulaw_decode(ulaw_encode(pcm8)).astype(np.float32) / 32768.0
    wide = np.asarray(soxr.resample(decoded, 8000, SAMPLE_RATE), dtype=np.float32)
    return np.clip(np.round(wide * 32767.0), -32768, 32767).astype(np.int16)


def silence_secs(seconds: float) -> Samples:
    return np.zeros(int(seconds * SAMPLE_RATE), dtype=np.int16)

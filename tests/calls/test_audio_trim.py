from __future__ import annotations

import numpy as np

from callpilot.calls.audio import _trim_leading_silence

RATE = 16_000


def tone(secs: float) -> np.ndarray:
    t = np.arange(int(RATE * secs)) / RATE
    return (8000 * np.sin(2 * np.pi * 220 * t)).astype(np.int16)


def test_leading_silence_is_cut_to_a_short_lead_in() -> None:
    samples = np.concatenate([np.zeros(RATE // 10, np.int16), tone(0.5)])  # 100 ms quiet
    trimmed = _trim_leading_silence(samples)
    assert len(samples) - len(trimmed) == RATE // 10 - RATE // 100  # 90 ms gone, 10 ms kept
    assert np.array_equal(trimmed[-len(tone(0.5)) :], tone(0.5))  # the sound itself is intact


def test_sound_from_the_start_is_untouched_and_long_silence_is_capped() -> None:
    assert len(_trim_leading_silence(tone(0.2))) == len(tone(0.2))
    quiet = np.zeros(RATE, np.int16)  # a whole second of silence: at most 300 ms go
    assert len(quiet) - len(_trim_leading_silence(quiet)) == RATE * 3 // 10 - RATE // 100

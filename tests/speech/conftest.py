"""Fixtures for the speech tests: real models, loaded once per session."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from callpilot.audio.frames import SAMPLE_RATE
from callpilot.speech.piper import PiperTTS
from callpilot.speech.whisper import WhisperSTT

from .clips import Samples


@pytest.fixture(scope="session")
def piper_tts() -> Iterator[PiperTTS]:
    tts = PiperTTS(output_rate=SAMPLE_RATE)
    yield tts
    tts.close()


@pytest.fixture(scope="session")
def whisper_tiny() -> Iterator[WhisperSTT]:
    stt = WhisperSTT("tiny.en", cpu_threads=2)
    stt.warmup()
    yield stt
    stt.close()


@pytest.fixture(scope="session")
def speak(piper_tts: PiperTTS) -> Callable[[str], Samples]:
    """Text → 16 kHz speech by Piper, cached per text for the session."""
    cache: dict[str, Samples] = {}

    def render(text: str) -> Samples:
        if text not in cache:
            cache[text] = piper_tts.render(text).samples
        return cache[text]

    return render

from __future__ import annotations

from collections.abc import Iterator

import pytest

from callpilot.speech import make_stt, make_tts
from callpilot.speech.base import TextToSpeech
from callpilot.speech.whisper import WhisperSTT


@pytest.fixture(scope="session")
def voice() -> TextToSpeech:
    """The AI's and the virtual callers' voice (Piper, 16 kHz)."""
    return make_tts("piper")


@pytest.fixture(scope="session")
def recognizer() -> Iterator[WhisperSTT]:
    stt = make_stt("tiny.en", cpu_threads=2)
    stt.warmup()
    yield stt
    stt.close()

"""Speech to text and text to speech behind small streaming protocols; local models by default.

See ``docs/speech.md``. Engines import their heavy libraries lazily, so importing this package
is cheap.
"""

from __future__ import annotations

from callpilot.speech.base import (
    AudioChunk,
    RecognizeStream,
    SpeechEvent,
    SpeechEventType,
    SpeechToText,
    SynthesisStream,
    TextToSpeech,
)
from callpilot.speech.errors import (
    EngineUnavailableError,
    ModelNotFoundError,
    SpeechError,
    SynthesisError,
    TranscriptionError,
)
from callpilot.speech.factory import make_stt, make_tts
from callpilot.speech.models import resolve_model
from callpilot.speech.text import split_for_speech
from callpilot.speech.wer import wer

__all__ = [
    "AudioChunk",
    "EngineUnavailableError",
    "ModelNotFoundError",
    "RecognizeStream",
    "SpeechError",
    "SpeechEvent",
    "SpeechEventType",
    "SpeechToText",
    "SynthesisError",
    "SynthesisStream",
    "TextToSpeech",
    "TranscriptionError",
    "make_stt",
    "make_tts",
    "resolve_model",
    "split_for_speech",
    "wer",
]

"""Errors of the speech package.

ServiceError (callpilot.errors)
└── SpeechError                 any speech-to-text or text-to-speech failure
    ├── ModelNotFoundError      a model name or directory cannot be resolved (says what to do)
    ├── EngineUnavailableError  a speech engine (Piper, espeak-ng) is not installed
    ├── TranscriptionError      the STT model failed on some audio
    └── SynthesisError          the TTS engine failed on some text
"""

from __future__ import annotations

from callpilot.errors import ServiceError

__all__ = [
    "EngineUnavailableError",
    "ModelNotFoundError",
    "SpeechError",
    "SynthesisError",
    "TranscriptionError",
]


class SpeechError(ServiceError):
    """A speech-to-text or text-to-speech failure."""


class ModelNotFoundError(SpeechError):
    """The configured model cannot be found; the message says what to install or fix."""


class EngineUnavailableError(SpeechError):
    """A speech engine (Piper, espeak-ng) or its voice is not installed."""


class TranscriptionError(SpeechError):
    """The speech-to-text model failed on a piece of audio."""


class SynthesisError(SpeechError):
    """The text-to-speech engine failed on a piece of text."""

"""Building the speech engines from names in the settings."""

from __future__ import annotations

import logging
import os
from typing import Any

from callpilot.audio.frames import SAMPLE_RATE
from callpilot.speech.base import TextToSpeech
from callpilot.speech.errors import EngineUnavailableError
from callpilot.speech.whisper import WhisperSTT

__all__ = ["TTS_ENGINES", "make_stt", "make_tts"]

logger = logging.getLogger(__name__)

TTS_ENGINES = ("piper", "espeak")


def make_stt(model: str | os.PathLike[str] = "tiny.en", **options: Any) -> WhisperSTT:
    """A :class:`WhisperSTT` for ``model`` (``"tiny.en"``, ``"base"`` or a model directory).

    ``options`` go to :class:`WhisperSTT` (``cpu_threads``, ``beam_size``, ``workers`` …).
    """
    return WhisperSTT(model, **options)


def make_tts(
    name: str = "piper",
    *,
    output_rate: int | None = SAMPLE_RATE,
    voice: str | os.PathLike[str] | None = None,
) -> TextToSpeech:
    """A text-to-speech engine by name; Piper falls back to espeak-ng when it is missing.

    Args:
        name: ``"piper"`` or ``"espeak"``.
        output_rate: Hz of the chunks (16 kHz inside the system by default).
        voice: Piper ``.onnx`` voice path, or an espeak-ng voice name for ``"espeak"``.

    Raises:
        ValueError: Unknown engine name.
        EngineUnavailableError: Neither the engine asked for nor the fallback is installed.
    """
    if name not in TTS_ENGINES:
        raise ValueError(f"unknown TTS engine {name!r}: use one of {', '.join(TTS_ENGINES)}")
    from callpilot.speech.espeak import EspeakTTS

    if name == "espeak":
        return EspeakTTS(output_rate=output_rate, voice=os.fspath(voice) if voice else "en-us")
    try:
        from callpilot.speech.piper import PiperTTS

        return PiperTTS(voice, output_rate=output_rate)
    except EngineUnavailableError as exc:
        logger.warning(
            "Piper is unavailable, falling back to espeak-ng",
            extra={"reason": str(exc)},
        )
        try:
            return EspeakTTS(output_rate=output_rate)
        except EngineUnavailableError as fallback_exc:
            raise EngineUnavailableError(
                f"no TTS engine: {exc}; and the espeak-ng fallback: {fallback_exc}"
            ) from fallback_exc

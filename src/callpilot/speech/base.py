"""Speech protocols and the values they pass.

Both directions have the livekit stream shape (STYLE.md §4):

* speech to text: ``stream = stt.stream()``; ``stream.push_frame(frame)`` for every 20 ms frame,
  ``stream.flush()`` at the end of a turn (the VAD's speech_stopped), ``stream.end_input()`` when
  the leg hangs up, and ``async for event in stream`` yields :class:`SpeechEvent` partials and
  finals; ``await stream.aclose()`` stops it at any time.
* text to speech: ``stream = tts.synthesize(text)``; ``async for chunk in stream`` yields
  :class:`AudioChunk` as soon as each sentence or clause is ready; ``await stream.aclose()``
  cancels the rest (barge-in).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Protocol, runtime_checkable

import numpy as np
import numpy.typing as npt

if TYPE_CHECKING:
    from types import TracebackType
    from typing import Self

    from callpilot.audio.frames import AudioFrame

__all__ = [
    "AudioChunk",
    "RecognizeStream",
    "SpeechEvent",
    "SpeechEventType",
    "SpeechToText",
    "SynthesisStream",
    "TextToSpeech",
]


class SpeechEventType(StrEnum):
    """What a :class:`SpeechEvent` carries."""

    PARTIAL = "partial"
    """A guess at the turn so far, while the person is still talking; later ones replace it."""
    FINAL = "final"
    """The settled transcript of a turn (after ``flush()``, ``end_input()`` or a very long turn)."""


@dataclass(slots=True, frozen=True)
class SpeechEvent:
    """A transcript of one turn, partial or final."""

    type: SpeechEventType
    """Partial (may change) or final (settled)."""
    text: str
    """The words heard, with Whisper's punctuation and casing."""
    start: float
    """Seconds on the stream's audio timeline (the frames' ``at``) where speech began."""
    end: float
    """Seconds on the stream's audio timeline where the transcribed audio ends."""
    confidence: float
    """0..1, from the decoder's average log-probability (exp) and the no-speech probability."""

    @property
    def is_final(self) -> bool:
        return self.type is SpeechEventType.FINAL


@runtime_checkable
class RecognizeStream(Protocol):
    """One leg's audio in, transcripts out."""

    def push_frame(self, frame: AudioFrame) -> None:
        """Queue one frame of audio (16 kHz PCM16 mono). Never blocks."""
        ...

    def flush(self) -> None:
        """End of a turn: finalise what was heard since the last final."""
        ...

    def end_input(self) -> None:
        """No more audio: finalise what is left, then end the iteration."""
        ...

    def __aiter__(self) -> RecognizeStream: ...

    async def __anext__(self) -> SpeechEvent: ...

    async def aclose(self) -> None:
        """Stop now, dropping audio not yet transcribed. Safe to call twice."""
        ...

    async def __aenter__(self) -> Self: ...

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...


@runtime_checkable
class SpeechToText(Protocol):
    """A speech-to-text engine; one stream per leg."""

    def stream(self, *, language: str = "en") -> RecognizeStream:
        """Open a stream (call from inside the event loop)."""
        ...


@dataclass(slots=True, frozen=True)
class AudioChunk:
    """A piece of synthesized speech."""

    samples: npt.NDArray[np.int16]
    """PCM16 mono samples."""
    sample_rate: int
    """Hz."""
    text: str = ""
    """The piece of text this chunk speaks (to know what was said before a barge-in)."""

    @property
    def duration(self) -> float:
        """Seconds of audio."""
        return len(self.samples) / self.sample_rate


@runtime_checkable
class SynthesisStream(Protocol):
    """Audio of one text, chunk by chunk."""

    def __aiter__(self) -> SynthesisStream: ...

    async def __anext__(self) -> AudioChunk: ...

    async def aclose(self) -> None:
        """Cancel what is not yet synthesized and stop the worker. Safe to call twice."""
        ...

    async def __aenter__(self) -> Self: ...

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...


@runtime_checkable
class TextToSpeech(Protocol):
    """A text-to-speech engine."""

    @property
    def sample_rate(self) -> int:
        """Hz of the chunks its streams yield."""
        ...

    def synthesize(self, text: str) -> SynthesisStream:
        """Start synthesizing ``text`` (call from inside the event loop)."""
        ...

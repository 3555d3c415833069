"""The ``sim`` transport with audio: virtual callers that speak their lines in a real voice.

A :class:`VirtualCaller` is a ``MediaLeg``: the call's audio engine pulls its speech 20 ms at a
time and delivers what it hears. Its lines are synthesized with the project's TTS beforehand
(optionally through an 8 kHz G.711 μ-law telephone channel) and start either at a fixed call
time (``at``: it will talk over anyone, which is how a test interrupts the AI) or once the
caller has heard someone speak and then ``after_silence`` seconds of quiet (a natural reply).
A caller with no lines left goes silent; a line may be given ``pause`` to split it.

It records everything it hears, so tests and benchmarks measure the call from the caller's ear:
who was audible when, and how long the AI took to answer (end of the caller's speech → first
audio it heard back).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from callpilot.audio.frames import FRAME_SAMPLES, SAMPLE_RATE, AudioFrame
from callpilot.audio.g711 import ulaw_decode, ulaw_encode
from callpilot.audio.resample import resample
from callpilot.speech.base import TextToSpeech

__all__ = ["HEARD_RMS", "Reply", "VirtualCaller", "VoiceLine", "telephone_channel"]

HEARD_RMS = 180.0  # ~-45 dBFS: a received frame louder than this counts as hearing someone
PHONE_RATE = 8_000  # Hz of a G.711 telephone line


@dataclass(slots=True, frozen=True)
class VoiceLine:
    """Something a virtual caller says."""

    text: str
    at: float | None = None
    """Call time (s) to start, whatever else is going on (interruptions)."""
    after_silence: float | None = None
    """Start after hearing someone, then this much quiet (s). Default when ``at`` is unset: 0.6."""

    def __post_init__(self) -> None:
        if self.at is not None and self.after_silence is not None:
            raise ValueError("a line starts either at a time or after silence, not both")


@dataclass(slots=True)
class Reply:
    """How long the caller waited for an answer after one of its lines."""

    line: str
    spoke_until: float
    """Call time the caller's voice stopped (its line's trailing silence not counted)."""
    heard_at: float | None = None
    """Call time the caller first heard audio back after that."""

    @property
    def latency(self) -> float | None:
        return None if self.heard_at is None else self.heard_at - self.spoke_until


def telephone_channel(samples: npt.NDArray[np.int16]) -> npt.NDArray[np.int16]:
    """What 16 kHz speech sounds like after an 8 kHz G.711 μ-law phone line."""
    narrow = resample(samples, SAMPLE_RATE, PHONE_RATE)
    narrow = ulaw_decode(ulaw_encode(narrow))
    return resample(narrow, PHONE_RATE, SAMPLE_RATE)


@dataclass(slots=True)
class _Spoken:
    text: str
    start: float
    end: float


@dataclass
class VirtualCaller:
    """A scripted person on a call leg (see the module docstring)."""

    lines: list[VoiceLine]
    telephone: bool = False
    first_line_waits: bool = False
    """If False, the first line without ``at`` starts at once instead of waiting to hear someone."""
    spoken: list[_Spoken] = field(default_factory=list)
    replies: list[Reply] = field(default_factory=list)
    _audio: list[npt.NDArray[np.int16]] = field(default_factory=list)
    _voiced_end: list[int] = field(default_factory=list)
    _next: int = 0
    _playing: npt.NDArray[np.int16] | None = None
    _pos: int = 0
    _heard: list[npt.NDArray[np.int16]] = field(default_factory=list)
    _heard_at: list[float] = field(default_factory=list)
    _heard_since_line = False
    _playing_voiced_end = 0
    _last_loud_at: float | None = None

    async def prepare(self, tts: TextToSpeech) -> None:
        """Synthesize every line now, so speaking costs nothing during the call."""
        self._audio = []
        self._voiced_end = []
        for line in self.lines:
            chunks: list[npt.NDArray[np.int16]] = []
            stream = tts.synthesize(line.text)
            try:
                async for chunk in stream:
                    samples = chunk.samples
                    if chunk.sample_rate != SAMPLE_RATE:
                        samples = resample(samples, chunk.sample_rate, SAMPLE_RATE)
                    chunks.append(samples)
            finally:
                await stream.aclose()
            audio = np.concatenate(chunks) if chunks else np.zeros(0, dtype=np.int16)
            audio = telephone_channel(audio) if self.telephone else audio
            self._audio.append(audio)
            self._voiced_end.append(_voiced_end(audio))

    @property
    def done(self) -> bool:
        """Every line has been said."""
        return self._next >= len(self.lines) and self._playing is None

    @property
    def talking(self) -> bool:
        return self._playing is not None

    def line_audio(self, index: int) -> npt.NDArray[np.int16]:
        return self._audio[index]

    # -- MediaLeg --------------------------------------------------------------------------

    def pull(self, at: float) -> AudioFrame | None:
        if self._playing is None and self._due(at):
            self._playing = self._audio[self._next]
            self._playing_voiced_end = self._voiced_end[self._next]
            self._pos = 0
            self.spoken.append(_Spoken(self.lines[self._next].text, at, at))
            self._next += 1
        if self._playing is None:
            return None
        frame = np.zeros(FRAME_SAMPLES, dtype=np.int16)
        chunk = self._playing[self._pos : self._pos + FRAME_SAMPLES]
        frame[: len(chunk)] = chunk
        self._pos += FRAME_SAMPLES
        if self._pos >= len(self._playing):
            line_start = at - (self._pos - FRAME_SAMPLES) / SAMPLE_RATE
            end = line_start + self._playing_voiced_end / SAMPLE_RATE
            self.spoken[-1].end = end
            self.replies.append(Reply(self.spoken[-1].text, end))
            self._playing = None
            self._heard_since_line = False
        return AudioFrame(frame, at)

    def deliver(self, frame: AudioFrame) -> None:
        self._heard.append(frame.samples.copy())
        self._heard_at.append(frame.at)
        rms = float(np.sqrt(np.mean(np.square(frame.samples, dtype=np.float32))))
        if rms >= HEARD_RMS:
            self._last_loud_at = frame.at
            if self._playing is None:
                self._heard_since_line = True
            if self.replies and self.replies[-1].heard_at is None and self._playing is None:
                self.replies[-1].heard_at = frame.at

    def _due(self, at: float) -> bool:
        if self._next >= len(self.lines):
            return False
        line = self.lines[self._next]
        if line.at is not None:
            return at >= line.at
        if self._next == 0 and not self.first_line_waits:
            return True
        wait = 0.6 if line.after_silence is None else line.after_silence
        quiet_since = self._last_loud_at
        return self._heard_since_line and quiet_since is not None and at - quiet_since >= wait

    # -- what it heard ---------------------------------------------------------------------

    def heard(self) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.int16]]:
        """(frame start times, samples) of everything this caller heard."""
        if not self._heard:
            return np.zeros(0), np.zeros((0, FRAME_SAMPLES), dtype=np.int16)
        return np.asarray(self._heard_at), np.stack(self._heard)

    def loudness(self, start: float, end: float) -> float:
        """RMS of what the caller heard between two call times."""
        times, frames = self.heard()
        mask = (times >= start) & (times < end)
        if not mask.any():
            return 0.0
        return float(np.sqrt(np.mean(np.square(frames[mask], dtype=np.float64))))

    def last_heard_at(self, after: float) -> float | None:
        """Call time of the last loud frame heard after ``after`` (None: nothing heard)."""
        times, frames = self.heard()
        rms = np.sqrt(np.mean(np.square(frames, dtype=np.float64), axis=1))
        loud = times[(times >= after) & (rms >= HEARD_RMS)]
        return float(loud[-1]) if loud.size else None


def _voiced_end(samples: npt.NDArray[np.int16]) -> int:
    """Index just after the last 10 ms window louder than ``HEARD_RMS`` (the voice's end)."""
    window = SAMPLE_RATE // 100
    n = len(samples) // window
    if n == 0:
        return len(samples)
    blocks = samples[: n * window].reshape(n, window).astype(np.float64)
    loud = np.flatnonzero(np.sqrt(np.mean(np.square(blocks), axis=1)) >= HEARD_RMS)
    return int((loud[-1] + 1) * window) if loud.size else len(samples)

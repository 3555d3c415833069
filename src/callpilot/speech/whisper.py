"""Speech to text with faster-whisper (CTranslate2), streaming by re-transcribing the turn.

Whisper is not a streaming model: it reads a whole clip (padded to 30 s, so each call costs
about the same whatever the clip's length). To have little left to do when the person stops,
the stream re-transcribes the turn's growing audio in the background while they talk: every
``partial_interval_secs`` of new speech, and as soon as ``pause_secs`` of quiet follow speech.
Each result is a *partial* event. When ``flush()`` arrives (the VAD decided the turn is over,
usually some hundreds of milliseconds after the last word), a transcription that already covers
every voiced frame is reused as the *final*, so the final is often ready at once; otherwise the
whole turn is transcribed once more, ahead of other legs' partials.

All model calls run on the model's own worker thread (``_worker.ModelWorker``),
never on the event loop.
"""

from __future__ import annotations

import asyncio
import logging
import math
import os
from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from callpilot.audio.frames import SAMPLE_RATE
from callpilot.errors import InvalidStateError
from callpilot.speech._closing import ClosesOnExit
from callpilot.speech._worker import PRIORITY_FINAL, PRIORITY_PARTIAL, ModelWorker
from callpilot.speech.base import SpeechEvent, SpeechEventType
from callpilot.speech.errors import ModelNotFoundError, SpeechError, TranscriptionError
from callpilot.speech.models import resolve_model

if TYPE_CHECKING:
    from pathlib import Path
    from typing import Self

    from faster_whisper import WhisperModel

    from callpilot.audio.frames import AudioFrame

__all__ = ["RecognizeStats", "Transcript", "WhisperOptions", "WhisperRecognizeStream", "WhisperSTT"]

logger = logging.getLogger(__name__)

CANCEL_TIMEOUT_SECS = 2.0  # aclose() waits this long for the stream's tasks to end
QUIET_FLOOR_RMS = 60.0  # ~-55 dBFS: a frame below this is quiet whatever the turn's level
QUIET_PEAK_RATIO = 0.03  # a frame 30 dB below the turn's loudest one is quiet (keeps final "s")
REUSE_MARGIN_SECS = 0.1  # a transcription is reused as final only if it ran this far past speech
PREROLL_SECS = 0.5  # quiet kept before the first loud frame of a turn (older quiet is dropped)
SOFT_CUT_QUIET_SECS = 0.2  # a long turn is cut at a pause at least this long
NO_SPEECH_PROB = 0.6  # Whisper's own rule: drop a segment that is likely no speech …
NO_SPEECH_LOGPROB = -1.0  # … and decoded with low confidence


@dataclass(slots=True, frozen=True)
class WhisperOptions:
    """How a :class:`WhisperSTT` stream schedules its transcriptions."""

    partial_interval_secs: float = 1.0
    """Re-transcribe after this much new audio while the person talks (0 disables).

    These partials are best effort: one is skipped while other calls wait for the model."""
    pause_secs: float = 0.25
    """Re-transcribe as soon as this much quiet follows speech (a likely end of turn)."""
    soft_turn_secs: float = 18.0
    """Past this, a turn is finalised at the next pause (Whisper reads at most 30 s)."""
    max_turn_secs: float = 27.0
    """Past this, a turn is finalised even in mid-speech."""

    def __post_init__(self) -> None:
        if self.partial_interval_secs < 0 or self.pause_secs <= 0:
            raise ValueError("partial_interval_secs must be >= 0 and pause_secs > 0")
        if not 0 < self.soft_turn_secs <= self.max_turn_secs <= 30.0:
            raise ValueError("need 0 < soft_turn_secs <= max_turn_secs <= 30")


@dataclass(slots=True, frozen=True)
class Transcript:
    """What one model call heard."""

    text: str
    confidence: float
    """0..1: exp of the token-weighted average log-probability, times (1 - no-speech prob)."""


@dataclass(slots=True)
class RecognizeStats:
    """Counters of one stream, for tests and benchmarks."""

    transcriptions: int = 0
    """Model calls completed for this stream (partials and finals)."""
    partials: int = 0
    finals: int = 0
    finals_from_partial: int = 0
    """Finals that reused a transcription started before the flush (no work left at the end)."""


class WhisperSTT:
    """A faster-whisper model shared by any number of streams (one per leg).

    Loading takes a few hundred milliseconds and blocks; build it once at start-up.

    Args:
        model: ``"tiny.en"``, ``"base"`` or a faster-whisper model directory
            (see :func:`callpilot.speech.models.resolve_model`).
        cpu_threads: Threads CTranslate2 uses inside one call.
        beam_size: 1 is greedy decoding, the fastest.
        compute_type: CTranslate2 compute type (``"int8"`` on CPU).
        workers: Calls that may run at once (each a thread and a model replica's worth of
            scratch memory); calls beyond this queue, finals ahead of partials.
        options: Scheduling of partials and turn limits.
        cache_dir: Where split models are joined (see ``resolve_model``).
    """

    def __init__(
        self,
        model: str | os.PathLike[str] = "tiny.en",
        *,
        cpu_threads: int = 2,
        beam_size: int = 1,
        compute_type: str = "int8",
        workers: int = 1,
        options: WhisperOptions | None = None,
        cache_dir: Path | None = None,
    ) -> None:
        from faster_whisper import WhisperModel

        fw_logger = logging.getLogger("faster_whisper")
        if fw_logger.level == logging.NOTSET:
            # It logs every call at INFO ("Processing audio with duration …"): one line per
            # partial per leg. Keep its warnings, unless the application set a level itself.
            fw_logger.setLevel(logging.WARNING)
        self.model_path = resolve_model(model, cache_dir=cache_dir)
        self.options = options or WhisperOptions()
        self._beam_size = beam_size
        try:
            self._model: WhisperModel = WhisperModel(
                str(self.model_path),
                device="cpu",
                compute_type=compute_type,
                cpu_threads=cpu_threads,
                num_workers=workers,
                local_files_only=True,
            )
        except (RuntimeError, ValueError, OSError) as exc:
            raise ModelNotFoundError(
                f"cannot load the faster-whisper model in {str(self.model_path)!r}"
            ) from exc
        self._worker = ModelWorker(threads=workers, name="whisper")

    def stream(self, *, language: str = "en") -> WhisperRecognizeStream:
        """Open a stream for one leg (call from inside the event loop)."""
        return WhisperRecognizeStream(self, language=language)

    def transcribe(self, samples: npt.NDArray[np.int16], *, language: str = "en") -> Transcript:
        """Transcribe a clip of 16 kHz PCM16 audio, blocking (for benchmarks and scripts).

        Raises:
            TranscriptionError: The model failed.
        """
        audio = samples.astype(np.float32) / 32768.0
        try:
            segments, _info = self._model.transcribe(
                audio,
                language=language,
                beam_size=self._beam_size,
                temperature=0.0,  # no fallback re-decoding: predictable latency
                vad_filter=False,  # our VAD does turn-taking
                without_timestamps=True,
                condition_on_previous_text=False,
            )
            kept = [
                s
                for s in segments
                if not (s.no_speech_prob > NO_SPEECH_PROB and s.avg_logprob < NO_SPEECH_LOGPROB)
            ]
        except Exception as exc:  # CTranslate2 raises plain RuntimeError/ValueError
            raise TranscriptionError("faster-whisper failed to transcribe") from exc
        text = " ".join(s.text.strip() for s in kept).strip()
        if not kept or not any(c.isalnum() for c in text):
            return Transcript("", 0.0)
        weights = [max(1, len(s.tokens)) for s in kept]
        logprob = sum(w * s.avg_logprob for w, s in zip(weights, kept, strict=True)) / sum(weights)
        no_speech = sum(w * s.no_speech_prob for w, s in zip(weights, kept, strict=True)) / sum(
            weights
        )
        confidence = min(1.0, max(0.0, math.exp(logprob) * (1.0 - no_speech)))
        return Transcript(text, confidence)

    async def transcribe_async(
        self, samples: npt.NDArray[np.int16], *, language: str = "en", final: bool = True
    ) -> Transcript:
        """:meth:`transcribe` on the model's worker thread; finals go ahead of partials."""
        return await self._worker.run(
            lambda: self.transcribe(samples, language=language),
            priority=PRIORITY_FINAL if final else PRIORITY_PARTIAL,
        )

    def warmup(self) -> None:
        """Run the model once on silence so the first real call is not slower."""
        self.transcribe(np.zeros(SAMPLE_RATE, dtype=np.int16))

    @property
    def pending(self) -> int:
        """Model calls waiting for the worker thread."""
        return self._worker.pending

    def close(self) -> None:
        """Stop the worker thread (queued calls are cancelled, a running one finishes)."""
        self._worker.shutdown()

    async def aclose(self) -> None:
        """:meth:`close` without blocking the event loop."""
        await asyncio.to_thread(self._worker.shutdown)


class _Mark(Enum):
    FLUSH = "flush"
    END = "end"


class _State(Enum):
    OPEN = "open"
    INPUT_ENDED = "input_ended"
    CLOSED = "closed"


@dataclass(slots=True)
class _Turn:
    """The audio heard since the last final."""

    chunks: list[npt.NDArray[np.int16]] = field(default_factory=list)
    rms: list[float] = field(default_factory=list)
    n: int = 0
    start_at: float = 0.0
    peak_rms: float = 0.0
    voiced_until: int = 0  # live estimate: sample index after the last loud frame
    quiet_run: int = 0  # samples of quiet frames since the last loud one
    launched_n: int = 0  # samples covered by the last transcription started
    last: tuple[int, Transcript] | None = None  # (samples covered, result) of the last partial
    last_partial_text: str = ""

    def add(self, samples: npt.NDArray[np.int16]) -> None:
        rms = float(np.sqrt(np.mean(np.square(samples, dtype=np.float32)))) if len(samples) else 0.0
        self.chunks.append(samples)
        self.rms.append(rms)
        self.peak_rms = max(self.peak_rms, rms)
        self.n += len(samples)
        if rms >= max(QUIET_FLOOR_RMS, QUIET_PEAK_RATIO * self.peak_rms):
            self.voiced_until = self.n
            self.quiet_run = 0
        else:
            self.quiet_run += len(samples)

    def drop_leading_quiet(self, keep: int) -> None:
        """Before anything loud was heard, forget quiet older than ``keep`` samples."""
        while self.voiced_until == 0 and self.chunks and self.n - len(self.chunks[0]) >= keep:
            dropped = self.chunks.pop(0)
            self.rms.pop(0)
            self.n -= len(dropped)
            self.quiet_run -= len(dropped)
            self.start_at += len(dropped) / SAMPLE_RATE
        if self.voiced_until == 0:
            self.peak_rms = max(self.rms, default=0.0)

    def audio(self) -> npt.NDArray[np.int16]:
        return np.concatenate(self.chunks) if self.chunks else np.zeros(0, dtype=np.int16)

    def voiced_span(self) -> tuple[int, int] | None:
        """(first, end) sample of the loud frames, judged against the whole turn's peak."""
        threshold = max(QUIET_FLOOR_RMS, QUIET_PEAK_RATIO * self.peak_rms)
        first: int | None = None
        end = 0
        position = 0
        for chunk, rms in zip(self.chunks, self.rms, strict=True):
            if rms >= threshold:
                if first is None:
                    first = position
                end = position + len(chunk)
            position += len(chunk)
        return None if first is None else (first, end)

    def time(self, sample: int) -> float:
        return self.start_at + sample / SAMPLE_RATE


@dataclass(slots=True)
class _Inflight:
    turn: _Turn
    covers: int
    task: asyncio.Task[Transcript]


class WhisperRecognizeStream(ClosesOnExit):
    """One leg's :class:`~callpilot.speech.base.RecognizeStream` over a :class:`WhisperSTT`.

    Frames are assumed contiguous (each frame's ``at`` follows the previous one); event times
    are computed from the first frame of each turn.
    """

    def __init__(self, stt: WhisperSTT, *, language: str = "en") -> None:
        self._stt = stt
        self._language = language
        self._options = stt.options
        self.stats = RecognizeStats()
        self._input: asyncio.Queue[AudioFrame | _Mark] = asyncio.Queue()
        self._events: asyncio.Queue[SpeechEvent | BaseException | _Mark] = asyncio.Queue()
        self._state = _State.OPEN
        self._turn = _Turn()
        self._inflight: _Inflight | None = None
        self._tasks: set[asyncio.Task[Transcript]] = set()
        self._failed = False
        self._exhausted = False
        self._main = asyncio.create_task(self._run(), name="whisper-stream")

    # -- input -----------------------------------------------------------------------------

    def push_frame(self, frame: AudioFrame) -> None:
        """Queue one frame (16 kHz PCM16 mono, any length). Never blocks.

        After the stream failed (the iteration raised), frames are dropped rather than raising
        into the caller's audio loop.
        """
        self._require_open("push_frame")
        if not self._failed:
            self._input.put_nowait(frame)

    def flush(self) -> None:
        """End of a turn: a final for what was heard since the last one (none if it was silent)."""
        self._require_open("flush")
        self._input.put_nowait(_Mark.FLUSH)

    def end_input(self) -> None:
        """No more audio: finalise what is left, then end the iteration."""
        self._require_open("end_input")
        self._state = _State.INPUT_ENDED
        self._input.put_nowait(_Mark.END)

    def _require_open(self, method: str) -> None:
        if self._state is not _State.OPEN:
            raise InvalidStateError(f"{method}() on a stream that is {self._state.value}")

    # -- output ----------------------------------------------------------------------------

    def __aiter__(self) -> Self:
        return self

    async def __anext__(self) -> SpeechEvent:
        if self._exhausted:
            raise StopAsyncIteration
        item = await self._events.get()
        if item is _Mark.END or item is _Mark.FLUSH:
            self._exhausted = True
            raise StopAsyncIteration
        if isinstance(item, BaseException):
            self._exhausted = True
            raise item
        return item

    async def aclose(self) -> None:
        """Stop now; audio not yet transcribed is dropped. Safe to call twice."""
        if self._state is _State.CLOSED:
            return
        self._state = _State.CLOSED
        tasks = [self._main, *self._tasks]
        for task in tasks:
            task.cancel()
        _done, pending = await asyncio.wait(tasks, timeout=CANCEL_TIMEOUT_SECS)
        if pending:
            logger.warning("stt stream tasks did not stop", extra={"pending": len(pending)})
        # The main task may have been cancelled before it ever ran its cleanup.
        self._events.put_nowait(_Mark.END)

    # -- work ------------------------------------------------------------------------------

    async def _run(self) -> None:
        try:
            while True:
                item = await self._input.get()
                if item is _Mark.END:
                    await self._finalize()
                    return
                if item is _Mark.FLUSH:
                    await self._finalize()
                    continue
                self._add(item)
                if self._turn_too_long():
                    await self._finalize()
        except asyncio.CancelledError:
            pass  # aclose() or a failed partial: ending is the intent
        except Exception as exc:
            self._fail(exc)
        finally:
            # Always reached, so the consumer's `async for` ends (aiortc _run_rtp).
            for task in self._tasks:
                task.cancel()
            self._events.put_nowait(_Mark.END)

    def _add(self, frame: AudioFrame) -> None:
        turn = self._turn
        if turn.n == 0:
            turn.start_at = frame.at
        turn.add(frame.samples)
        if turn.voiced_until == 0:
            # Someone pushing every frame, silences included: keep only a short pre-roll, so
            # a long silence neither costs transcription time nor brings a turn near 30 s.
            turn.drop_leading_quiet(int(PREROLL_SECS * SAMPLE_RATE))
        self._maybe_launch()

    def _turn_too_long(self) -> bool:
        turn, options = self._turn, self._options
        if turn.n >= options.max_turn_secs * SAMPLE_RATE:
            return True
        return (
            turn.n >= options.soft_turn_secs * SAMPLE_RATE
            and turn.quiet_run >= SOFT_CUT_QUIET_SECS * SAMPLE_RATE
        )

    def _maybe_launch(self) -> None:
        """Start a background transcription of the turn so far, if one is due."""
        turn, options = self._turn, self._options
        if self._inflight is not None or self._state is _State.CLOSED or self._failed:
            return
        if turn.voiced_until <= turn.launched_n:
            return  # nothing new was said since the last transcription started
        interval = options.partial_interval_secs * SAMPLE_RATE
        interval_due = interval > 0 and turn.n - turn.launched_n >= interval
        pause_due = turn.quiet_run >= options.pause_secs * SAMPLE_RATE
        if not (interval_due or pause_due):
            return
        if not pause_due and self._stt.pending > 0:
            return  # shed load: a mid-speech partial waits until the model is not backed up
        turn.launched_n = turn.n
        task = asyncio.create_task(
            self._stt.transcribe_async(turn.audio(), language=self._language, final=False),
            name="whisper-partial",
        )
        self._tasks.add(task)
        self._inflight = _Inflight(turn, turn.n, task)
        task.add_done_callback(self._on_partial_done)

    def _on_partial_done(self, task: asyncio.Task[Transcript]) -> None:
        self._tasks.discard(task)
        inflight = self._inflight
        if inflight is None or inflight.task is not task:
            return
        self._inflight = None
        if task.cancelled():
            return
        exc = task.exception()
        if exc is not None:
            self._fail(exc)
            return
        self.stats.transcriptions += 1
        result = task.result()
        turn = inflight.turn
        if turn is not self._turn:
            return  # the turn was finalised meanwhile (maybe from this very result)
        turn.last = (inflight.covers, result)
        if result.text and result.text != turn.last_partial_text:
            turn.last_partial_text = result.text
            span = turn.voiced_span()
            start = turn.time(span[0]) if span else turn.start_at
            self.stats.partials += 1
            self._events.put_nowait(
                SpeechEvent(
                    SpeechEventType.PARTIAL,
                    result.text,
                    start,
                    turn.time(inflight.covers),
                    result.confidence,
                )
            )
        self._maybe_launch()

    async def _finalize(self) -> None:
        turn = self._turn
        self._turn = _Turn()
        inflight, self._inflight = self._inflight, None
        span = turn.voiced_span()
        if span is None:
            if inflight is not None:
                inflight.task.cancel()
            return  # silence or noise only: no final
        voiced_end = span[1]
        needed = min(turn.n, voiced_end + int(REUSE_MARGIN_SECS * SAMPLE_RATE))
        if inflight is not None and inflight.turn is turn and inflight.covers >= needed:
            result = await inflight.task
            self.stats.transcriptions += 1
            self.stats.finals_from_partial += 1
        elif turn.last is not None and turn.last[0] >= needed:
            result = turn.last[1]
            self.stats.finals_from_partial += 1
        else:
            if inflight is not None:
                inflight.task.cancel()  # skipped if not started; the final goes first anyway
            result = await self._stt.transcribe_async(turn.audio(), language=self._language)
            self.stats.transcriptions += 1
        if not result.text:
            return
        self.stats.finals += 1
        self._events.put_nowait(
            SpeechEvent(
                SpeechEventType.FINAL,
                result.text,
                turn.time(span[0]),
                turn.time(voiced_end),
                result.confidence,
            )
        )

    def _fail(self, exc: BaseException) -> None:
        if self._failed:
            return
        self._failed = True
        error = exc if isinstance(exc, SpeechError) else TranscriptionError("stt stream failed")
        if error is not exc:
            error.__cause__ = exc
        logger.warning("stt stream failed", extra={"error": type(exc).__name__})
        self._events.put_nowait(error)
        if asyncio.current_task() is not self._main:
            self._main.cancel()

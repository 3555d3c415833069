"""Voice activity and end of turn: Silero VAD v6 (ONNX) plus a per-leg state machine.

:class:`SileroVAD` wraps the Silero VAD v6 model that ships inside faster-whisper
(``faster_whisper/assets/silero_vad_v6.onnx``), run with onnxruntime, so no torch and no download.
It scores 32 ms windows (512 samples at 16 kHz, plus 64 samples of context from the previous
window) with a speech probability; its LSTM state lives in a :class:`SileroState`, so one loaded
model serves any number of legs. A window costs ~65 µs on one core.

:class:`VADStream` (one per leg) turns 20 ms frames into :class:`VADEvent` s through
:class:`VADState`::

    QUIET ──speech──► STARTING ──speech for start_secs──► SPEAKING   (emits speech_started)
      ▲                  │ not speech                       │  ▲ not speech / speech again
      └──────────────────┘                                  ▼  │
      └──────────── silence for stop_secs ◄────────────── STOPPING   (emits speech_stopped)

``speech_stopped`` is the end of the turn. The parameters (:class:`VADParams`):

``threshold`` = 0.5
    A window is speech when the model's probability is at least this. Silero's own default.
``stop_threshold`` = 0.35
    Once speaking, a window still counts as speech down to this lower probability (hysteresis,
    Silero's ``neg_threshold = threshold - 0.15``), so soft word endings do not start the
    end-of-turn countdown.
``start_secs`` = 0.2
    Speech must last this long before ``speech_started``: coughs, clicks and "mm" are ignored;
    barge-in is still noticed within ~0.2 s. The event's ``at`` is back-dated to the first speech
    window, so downstream STT does not lose the onset.
``stop_secs`` = 0.55
    Silence that ends the turn. This is the latency/politeness trade-off: people pause 150-400 ms
    between phrases and when breathing inside a sentence, and 0.5-1 s when they yield the floor;
    0.55 s keeps a 300 ms pause in the turn while the AI answers ~0.6 s after the caller stops.
    Shorter makes the agent interrupt hesitant speakers; longer makes it feel slow.
``min_volume_dbfs`` = -55
    Windows quieter than this RMS level (dB relative to full scale) are never speech, whatever
    the model says. It keeps line noise and comfort noise from being scored.

``speech_stopped.at`` is the end of the last speech window (when the person stopped talking);
``detected_at`` is ``stop_secs`` later, when the turn was declared over.
"""

from __future__ import annotations

import importlib.resources
import logging
import math
from dataclasses import dataclass
from enum import Enum
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from pydantic import BaseModel, ConfigDict, Field, model_validator

from callpilot.audio.frames import FRAME_SAMPLES, SAMPLE_RATE, AudioFrame
from callpilot.errors import ServiceError

__all__ = [
    "VAD_START_SECS",
    "VAD_STOP_SECS",
    "VAD_THRESHOLD",
    "VAD_WINDOW_SAMPLES",
    "SileroState",
    "SileroVAD",
    "TurnDetector",
    "VADEvent",
    "VADEventType",
    "VADParams",
    "VADState",
    "VADStream",
]

logger = logging.getLogger(__name__)

VAD_WINDOW_SAMPLES = 512  # 32 ms at 16 kHz: the window Silero v6 scores
VAD_CONTEXT_SAMPLES = 64  # samples of the previous window the model sees before each window
VAD_WINDOW_SECS = VAD_WINDOW_SAMPLES / SAMPLE_RATE  # 0.032 s
VAD_THRESHOLD = 0.5  # speech probability that starts speech
VAD_STOP_THRESHOLD = 0.35  # probability below which speech stops (hysteresis)
VAD_START_SECS = 0.2  # speech needed before speech_started
VAD_STOP_SECS = 0.55  # silence that ends the turn
VAD_MIN_VOLUME_DBFS = -55.0  # quieter windows are never speech

_STATE_SHAPE = (1, 1, 128)


class SileroState:
    """The model's recurrent state for one audio stream (one leg)."""

    __slots__ = ("c", "context", "h")

    def __init__(self) -> None:
        self.h = np.zeros(_STATE_SHAPE, dtype=np.float32)
        self.c = np.zeros(_STATE_SHAPE, dtype=np.float32)
        self.context = np.zeros(VAD_CONTEXT_SAMPLES, dtype=np.float32)


def _default_model_path() -> Path:
    try:
        assets = importlib.resources.files("faster_whisper") / "assets" / "silero_vad_v6.onnx"
    except ModuleNotFoundError as exc:
        raise ServiceError(
            "faster-whisper is not installed; it ships the Silero VAD model"
        ) from exc
    return Path(str(assets))


class SileroVAD:
    """Silero VAD v6 through onnxruntime; thread-safe and shared by many :class:`VADStream` s.

    Use :meth:`shared` to load the packaged model once per process.
    """

    def __init__(self, *, model_path: Path | None = None, threads: int = 1) -> None:
        path = model_path or _default_model_path()
        if not path.is_file():
            raise ServiceError(f"Silero VAD model not found at {path}")
        try:
            import onnxruntime
        except ImportError as exc:  # pragma: no cover - onnxruntime is a dependency
            raise ServiceError("onnxruntime is needed for voice activity detection") from exc
        options = onnxruntime.SessionOptions()
        # One thread per call: many legs run at once, so parallelism comes from legs, not ops.
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        options.log_severity_level = 4
        self._session: Any = onnxruntime.InferenceSession(
            str(path), sess_options=options, providers=["CPUExecutionProvider"]
        )
        logger.debug("silero vad loaded", extra={"model_path": str(path)})

    @classmethod
    def shared(cls) -> SileroVAD:
        """The process-wide instance of the packaged model (loaded on first use)."""
        return _shared_model()

    def probability(self, state: SileroState, window: npt.NDArray[np.float32]) -> float:
        """Speech probability of one 512-sample window (float32 in [-1, 1]); updates ``state``."""
        if window.shape != (VAD_WINDOW_SAMPLES,):
            raise ValueError(f"Silero windows are {VAD_WINDOW_SAMPLES} samples, got {window.shape}")
        model_input = np.concatenate([state.context, window])[np.newaxis, :]
        prob, state.h, state.c = self._session.run(
            None, {"input": model_input, "h": state.h, "c": state.c}
        )
        state.context = window[-VAD_CONTEXT_SAMPLES:].copy()
        return float(prob.ravel()[0])


@cache
def _shared_model() -> SileroVAD:
    return SileroVAD()


class VADParams(BaseModel):
    """Tuning of speech start and end-of-turn detection (see the module docstring for why)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    threshold: float = Field(default=VAD_THRESHOLD, gt=0.0, lt=1.0)
    """Probability at or above which a window is speech."""
    stop_threshold: float = Field(default=VAD_STOP_THRESHOLD, gt=0.0, lt=1.0)
    """While speaking, probability below which a window is silence (<= threshold)."""
    start_secs: float = Field(default=VAD_START_SECS, ge=0.0, le=2.0)
    """Speech needed before ``speech_started`` is emitted (seconds)."""
    stop_secs: float = Field(default=VAD_STOP_SECS, gt=0.0, le=10.0)
    """Silence after speech that ends the turn (seconds)."""
    min_volume_dbfs: float = Field(default=VAD_MIN_VOLUME_DBFS, le=0.0)
    """Windows quieter than this RMS level are never speech (dBFS)."""

    @model_validator(mode="after")
    def _thresholds_ordered(self) -> VADParams:
        if self.stop_threshold > self.threshold:
            raise ValueError("stop_threshold must not exceed threshold")
        return self


class VADState(str, Enum):
    """Where a leg's voice activity stands."""

    QUIET = "quiet"
    STARTING = "starting"
    SPEAKING = "speaking"
    STOPPING = "stopping"


class VADEventType(str, Enum):
    SPEECH_STARTED = "speech_started"
    SPEECH_STOPPED = "speech_stopped"


@dataclass(frozen=True, slots=True)
class VADEvent:
    """Speech started or stopped (end of turn) on one leg."""

    type: VADEventType
    at: float
    """Call time (s) of the boundary: first speech window, or end of the last speech window."""
    detected_at: float
    """Call time (s) at which the boundary was confirmed (``at`` + ~start_secs or stop_secs)."""
    speech_secs: float = 0.0
    """For ``speech_stopped``: length of the turn from its start to ``at``."""


@dataclass(slots=True)
class _Timing:
    run_start_at: float = 0.0  # first speech window of a candidate start / first silent window
    run_secs: float = 0.0
    turn_start_at: float = 0.0
    last_speech_end_at: float = 0.0


class VADStream:
    """Voice activity and end of turn for one leg; feed it every 20 ms frame.

    Sans-IO: :meth:`process` runs the model inline (~65 µs per 32 ms window). Run it in an
    executor if the caller's loop must not spend that. Event times start at the first frame's
    ``at`` and advance with the audio fed (frames are taken as contiguous).
    """

    def __init__(self, *, model: SileroVAD | None = None, params: VADParams | None = None) -> None:
        self._model = model or SileroVAD.shared()
        self.params = params or VADParams()
        self._state = VADState.QUIET
        self._silero = SileroState()
        self._buf = np.zeros(0, dtype=np.float32)
        self._buf_at: float | None = None  # call time of self._buf[0]
        self._t = _Timing()
        self._min_rms = 32768.0 * 10 ** (self.params.min_volume_dbfs / 20)
        self.last_probability = 0.0
        """Speech probability of the latest window."""

    @property
    def state(self) -> VADState:
        return self._state

    def process(self, frame: AudioFrame) -> list[VADEvent]:
        """Add a 20 ms frame; return the events it completes (usually none)."""
        samples = frame.samples
        if samples.shape != (FRAME_SAMPLES,):
            raise ValueError(f"VAD frames are {FRAME_SAMPLES} samples, got {samples.shape}")
        if self._buf_at is None:
            self._buf_at = frame.at
        chunk = samples.astype(np.float32) / 32768.0
        self._buf = np.concatenate([self._buf, chunk]) if self._buf.size else chunk
        events: list[VADEvent] = []
        while self._buf.size >= VAD_WINDOW_SAMPLES:
            window = self._buf[:VAD_WINDOW_SAMPLES]
            self._buf = self._buf[VAD_WINDOW_SAMPLES:]
            start_at = self._buf_at
            self._buf_at = start_at + VAD_WINDOW_SECS
            self._window(window, start_at, events)
        return events

    def end(self) -> list[VADEvent]:
        """End of the leg's audio: close an open turn (``speech_stopped``) and reset."""
        events: list[VADEvent] = []
        if self._state in (VADState.SPEAKING, VADState.STOPPING):
            end_at = self._t.last_speech_end_at
            now = self._buf_at if self._buf_at is not None else end_at
            events.append(self._stopped(end_at, now))
        self.reset()
        return events

    def reset(self) -> None:
        """Forget all audio so far (model state included)."""
        self._state = VADState.QUIET
        self._silero = SileroState()
        self._buf = np.zeros(0, dtype=np.float32)
        self._buf_at = None
        self._t = _Timing()

    def _window(self, window: npt.NDArray[np.float32], at: float, events: list[VADEvent]) -> None:
        prob = self._model.probability(self._silero, window)
        self.last_probability = prob
        rms = 32768.0 * math.sqrt(float(np.dot(window, window)) / window.size)
        loud = rms >= self._min_rms
        p = self.params
        end_at = at + VAD_WINDOW_SECS
        t = self._t
        state = self._state
        if state is VADState.QUIET:
            if loud and prob >= p.threshold:
                t.run_start_at, t.run_secs = at, VAD_WINDOW_SECS
                self._to(VADState.STARTING)
                self._maybe_started(end_at, events)
        elif state is VADState.STARTING:
            if loud and prob >= p.stop_threshold:
                t.run_secs += VAD_WINDOW_SECS
                self._maybe_started(end_at, events)
            else:
                self._to(VADState.QUIET)
        elif state is VADState.SPEAKING:
            if loud and prob >= p.stop_threshold:
                t.last_speech_end_at = end_at
            else:
                t.run_start_at, t.run_secs = at, VAD_WINDOW_SECS
                self._to(VADState.STOPPING)
                self._maybe_stopped(end_at, events)
        elif loud and prob >= p.threshold:  # STOPPING, and speech is back: the turn goes on
            t.last_speech_end_at = end_at
            self._to(VADState.SPEAKING)
        else:
            t.run_secs += VAD_WINDOW_SECS
            self._maybe_stopped(end_at, events)

    def _maybe_started(self, now: float, events: list[VADEvent]) -> None:
        t = self._t
        # The 1e-9 absorbs float drift from summing 0.032 s steps.
        if t.run_secs + 1e-9 >= self.params.start_secs:
            t.turn_start_at = t.run_start_at
            t.last_speech_end_at = now
            self._to(VADState.SPEAKING)
            events.append(VADEvent(VADEventType.SPEECH_STARTED, t.run_start_at, now))

    def _maybe_stopped(self, now: float, events: list[VADEvent]) -> None:
        if self._t.run_secs + 1e-9 >= self.params.stop_secs:
            events.append(self._stopped(self._t.last_speech_end_at, now))
            self._to(VADState.QUIET)

    def _stopped(self, end_at: float, now: float) -> VADEvent:
        return VADEvent(
            VADEventType.SPEECH_STOPPED, end_at, now, speech_secs=end_at - self._t.turn_start_at
        )

    def _to(self, state: VADState) -> None:
        self._state = state


TurnDetector = VADStream
"""Another name for :class:`VADStream`: its ``speech_stopped`` event is the end of a turn."""

"""A call's audio: the bridge, one speech pipeline per leg, and the AI's voice with barge-in.

Every 20 ms the tick reads a frame from each leg, feeds the bridge, the leg's VAD and (while the
person speaks) its speech recognizer, plays the next frame of whatever the AI is saying, mixes,
and hands every leg its mix-minus. Events go to the session through a control queue, so a slow
database write never delays a tick.

    leg.pull ─► bridge ─► mix ─► leg.deliver          (what each person hears)
          └──► VAD ─► speech.started/stopped ─► STT ─► utterance.partial/final
    session.speaker.speak(text) ─► TTS ─► frames ─► bridge source "ai" (or "ai-whisper")

Barge-in: when the lead has spoken for ``barge_in_secs`` while the AI talks, the AI's playback
is cut at once (its synthesis task cancelled, its queued audio dropped) and ``ai.interrupted``
tells the agents which words were actually heard.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from collections import deque
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from callpilot.audio.bridge import Bridge
from callpilot.audio.frames import FRAME_SAMPLES, FRAME_SECS, SAMPLE_RATE, AudioFrame, silence
from callpilot.audio.resample import resample
from callpilot.audio.vad import VADEventType, VADParams, VADStream
from callpilot.calls.session import CallSession
from callpilot.domain import EventType, LegRole, Utterance
from callpilot.errors import InvalidStateError
from callpilot.speech.base import SpeechEventType, SpeechToText, TextToSpeech
from callpilot.telephony.media import MediaLeg

__all__ = ["AI_SOURCE", "BARGE_IN_SECS", "CallAudio", "WHISPER_SOURCE"]

logger = logging.getLogger(__name__)

AI_SOURCE = "ai"  # the AI's voice heard by everyone
WHISPER_SOURCE = "ai-whisper"  # the AI's voice routed to one listener only
BARGE_IN_SECS = 0.1  # lead speech that stops the AI (VAD probability >= threshold)
PREROLL_FRAMES = 30  # 600 ms kept before speech is confirmed, so STT hears the first word
RESYNC_SECS = 0.2  # a tick loop this far behind real time skips ahead instead of bursting
STOP_TIMEOUT_SECS = 2.0


@dataclass(slots=True)
class _Leg:
    leg_id: str
    role: LegRole
    media: MediaLeg
    vad: VADStream | None
    stt: Any | None  # RecognizeStream
    preroll: deque[AudioFrame] = field(default_factory=lambda: deque(maxlen=PREROLL_FRAMES))
    in_turn: bool = False
    speech_frames: int = 0  # consecutive frames the VAD scored as speech


@dataclass(slots=True)
class _Playback:
    text: str
    source: str
    to: LegRole | None
    requested_at: float
    frames: deque[npt.NDArray[np.int16]] = field(default_factory=deque)
    pending: npt.NDArray[np.int16] = field(default_factory=lambda: np.zeros(0, dtype=np.int16))
    synthesized: bool = False
    samples_total: int = 0
    segments: list[tuple[str, int]] = field(default_factory=list)
    """(text, samples) of each synthesized chunk, to tell what an interrupted listener heard."""
    frames_played: int = 0
    started_at: float | None = None
    task: asyncio.Task[None] | None = None


class CallAudio:
    """The audio engine of one call session.

    Args:
        session: the running call session; ``start()`` makes this its ``speaker``.
        tts: the AI's voice.
        stt: speech recognition for the legs added with ``transcribe=True``.
        vad_params: turn-taking parameters (see ``audio.vad``).
        barge_in_secs: how long the lead must talk over the AI before the AI stops.
    """

    def __init__(
        self,
        session: CallSession,
        *,
        tts: TextToSpeech,
        stt: SpeechToText | None = None,
        vad_params: VADParams | None = None,
        barge_in_secs: float = BARGE_IN_SECS,
    ) -> None:
        self.session = session
        self.tts = tts
        self.stt = stt
        self.vad_params = vad_params or VADParams()
        self.barge_in_frames = max(1, round(barge_in_secs / FRAME_SECS))
        self.bridge = Bridge(start_at=session.call_time())
        self.bridge.add_leg(AI_SOURCE)
        self.bridge.add_leg(WHISPER_SOURCE)
        self.bridge.set_route(WHISPER_SOURCE, AI_SOURCE, False)
        self._legs: dict[str, _Leg] = {}
        self._playing: dict[str, deque[_Playback]] = {AI_SOURCE: deque(), WHISPER_SOURCE: deque()}
        self._control: asyncio.Queue[tuple[str, dict[str, Any]]] = asyncio.Queue()
        self._tasks: set[asyncio.Task[None]] = set()
        self.ticks = 0
        self.late_ticks = 0
        """Ticks that ran more than a frame late (the machine could not keep up)."""

    # -- legs ------------------------------------------------------------------------------

    async def add_leg(
        self, role: LegRole, media: MediaLeg, *, transcribe: bool = True, leg_id: str | None = None
    ) -> str:
        """Join a person to the call's audio (logs ``leg.joined``)."""
        leg_id = leg_id or f"leg-{uuid.uuid4().hex[:12]}"
        stt = self.stt.stream() if (transcribe and self.stt is not None) else None
        vad = VADStream(params=self.vad_params) if transcribe else None
        leg = _Leg(leg_id, role, media, vad, stt)
        self._legs[leg_id] = leg
        self.bridge.add_leg(leg_id)
        self.bridge.set_route(leg_id, WHISPER_SOURCE, False)
        if stt is not None:
            self._spawn(self._read_transcripts(leg), f"stt:{leg_id}")
        await self.session.emit(
            EventType.LEG_JOINED, {"leg_id": leg_id, "role": role.value, "transport": "audio"}
        )
        return leg_id

    async def remove_leg(self, leg_id: str) -> None:
        leg = self._legs.pop(leg_id)
        self.bridge.remove_leg(leg_id)
        if leg.stt is not None:
            await leg.stt.aclose()
        await self.session.emit(EventType.LEG_LEFT, {"leg_id": leg_id, "role": leg.role.value})

    def leg_ids(self, role: LegRole) -> list[str]:
        return [leg.leg_id for leg in self._legs.values() if leg.role is role]

    # -- lifecycle -------------------------------------------------------------------------

    async def start(self) -> None:
        if not self.session.running:
            raise InvalidStateError("start the call session before its audio")
        self.session.speaker = self
        self._spawn(self._tick_loop(), "tick")
        self._spawn(self._run_control(), "control")

    async def aclose(self) -> None:
        """Stop the tick, the recognizers and any speech in progress; wait for every task."""
        if self.session.speaker is self:
            self.session.speaker = None
        for queue in self._playing.values():
            for playback in queue:
                if playback.task is not None:
                    playback.task.cancel()
        tasks = set(self._tasks)
        for task in tasks:
            task.cancel()
        for leg in self._legs.values():
            if leg.stt is not None:
                with contextlib.suppress(Exception):
                    await leg.stt.aclose()
        if tasks:
            _, pending = await asyncio.wait(tasks, timeout=STOP_TIMEOUT_SECS)
            if pending:
                logger.warning(
                    "call audio tasks did not stop", extra={"call_id": self.session.call_id}
                )

    # -- the AI's voice --------------------------------------------------------------------

    async def speak(self, text: str, *, to: LegRole | None = None) -> None:
        """Queue ``text`` to be spoken: to everyone, or whispered to the legs of role ``to``."""
        source = AI_SOURCE if to is None else WHISPER_SOURCE
        if to is not None:
            for leg in self._legs.values():
                self.bridge.set_route(WHISPER_SOURCE, leg.leg_id, leg.role is to)
        playback = _Playback(text, source, to, self.session.call_time())
        playback.task = asyncio.get_running_loop().create_task(
            self._synthesize(playback), name=f"call:{self.session.call_id}:tts"
        )
        self._playing[source].append(playback)

    @property
    def ai_speaking(self) -> bool:
        return any(q and q[0].started_at is not None for q in self._playing.values())

    async def _synthesize(self, playback: _Playback) -> None:
        stream = self.tts.synthesize(playback.text)
        try:
            async for chunk in stream:
                samples = chunk.samples
                if chunk.sample_rate != SAMPLE_RATE:
                    samples = resample(samples, chunk.sample_rate, SAMPLE_RATE)
                if not playback.segments:
                    samples = _trim_leading_silence(samples)  # the first sound, sooner
                self._queue_samples(playback, samples)
                playback.segments.append((chunk.text, len(samples)))
        except asyncio.CancelledError:
            raise
        except Exception:
            logger.exception("speech synthesis failed", extra={"call_id": self.session.call_id})
        finally:
            await stream.aclose()
            if playback.pending.size:
                tail = np.zeros(FRAME_SAMPLES, dtype=np.int16)
                tail[: playback.pending.size] = playback.pending
                playback.frames.append(tail)
                playback.pending = np.zeros(0, dtype=np.int16)
            playback.synthesized = True

    @staticmethod
    def _queue_samples(playback: _Playback, samples: npt.NDArray[np.int16]) -> None:
        data = np.concatenate([playback.pending, samples.astype(np.int16, copy=False)])
        whole = len(data) // FRAME_SAMPLES * FRAME_SAMPLES
        for i in range(0, whole, FRAME_SAMPLES):
            playback.frames.append(data[i : i + FRAME_SAMPLES])
        playback.pending = data[whole:]
        playback.samples_total += len(samples)

    # -- the 20 ms tick --------------------------------------------------------------------

    async def _tick_loop(self) -> None:
        clock = self.session.clock
        next_at = clock.now()
        while True:
            self._tick()
            next_at += FRAME_SECS
            wait = next_at - clock.now()
            if wait < -RESYNC_SECS:
                self.late_ticks += 1
                next_at = clock.now()
                wait = 0.0
            await clock.sleep(wait)

    def _tick(self) -> None:
        at = self.session.call_time()
        self.ticks += 1
        for leg in self._legs.values():
            frame = leg.media.pull(at)
            frame = AudioFrame(frame.samples, at) if frame is not None else silence(at)
            self.bridge.push(leg.leg_id, frame)
            if leg.vad is not None:
                self._listen(leg, frame)
        for source, queue in self._playing.items():
            self._play(source, queue, at)
        mixed = self.bridge.mix()
        for leg in self._legs.values():
            out = mixed.get(leg.leg_id)
            if out is not None:
                leg.media.deliver(out)

    def _listen(self, leg: _Leg, frame: AudioFrame) -> None:
        assert leg.vad is not None
        events = leg.vad.process(frame)
        if leg.vad.last_probability >= self.vad_params.threshold:
            leg.speech_frames += 1
        else:
            leg.speech_frames = 0
        if (
            leg.role is LegRole.LEAD
            and leg.speech_frames >= self.barge_in_frames
            and self._playing[AI_SOURCE]
            and self._playing[AI_SOURCE][0].started_at is not None
        ):
            self._barge_in(frame.at)
        for event in events:
            if event.type is VADEventType.SPEECH_STARTED:
                leg.in_turn = True
                if leg.stt is not None:
                    for early in leg.preroll:
                        leg.stt.push_frame(early)
                leg.preroll.clear()
                self._control.put_nowait(("started", {"leg": leg, "at": event.at}))
            else:
                self._control.put_nowait(("stopped", {"leg": leg, "at": event.at}))
        if leg.in_turn:
            if leg.stt is not None:
                leg.stt.push_frame(frame)
        else:
            leg.preroll.append(frame)
        if any(e.type is VADEventType.SPEECH_STOPPED for e in events):
            leg.in_turn = False
            if leg.stt is not None:
                leg.stt.flush()

    def _play(self, source: str, queue: deque[_Playback], at: float) -> None:
        while queue:
            playback = queue[0]
            if playback.frames:
                if playback.started_at is None:
                    playback.started_at = at
                    self._control.put_nowait(("ai_started", {"playback": playback, "at": at}))
                self.bridge.push(source, AudioFrame(playback.frames.popleft(), at))
                playback.frames_played += 1
                return
            if not playback.synthesized:
                return  # the next chunk is still being synthesized
            queue.popleft()
            if playback.started_at is not None:
                self._control.put_nowait(("ai_ended", {"playback": playback, "at": at}))

    def _barge_in(self, at: float) -> None:
        queue = self._playing[AI_SOURCE]
        playback = queue.popleft()
        if playback.task is not None:
            playback.task.cancel()
        playback.frames.clear()
        # lines queued after the interrupted one are stale too: the lead has moved on
        for stale in queue:
            if stale.task is not None:
                stale.task.cancel()
        queue.clear()
        self._control.put_nowait(("ai_interrupted", {"playback": playback, "at": at}))

    # -- events ----------------------------------------------------------------------------

    async def _run_control(self) -> None:
        while True:
            kind, data = await self._control.get()
            try:
                await self._emit_control(kind, data)
            except InvalidStateError:
                return  # the call ended
            except Exception:
                logger.exception("audio event failed", extra={"call_id": self.session.call_id})

    async def _emit_control(self, kind: str, data: dict[str, Any]) -> None:
        session = self.session
        if kind == "started":
            leg: _Leg = data["leg"]
            await session.speech_started(leg.role, leg_id=leg.leg_id)
        elif kind == "stopped":
            leg = data["leg"]
            await session.speech_stopped(leg.role, at=data["at"], leg_id=leg.leg_id)
        elif kind == "ai_started":
            pb: _Playback = data["playback"]
            await session.emit(
                EventType.AI_SPEECH_STARTED,
                {
                    "text": pb.text,
                    "to": pb.to.value if pb.to else "all",
                    "requested_at": round(pb.requested_at, 3),
                    "first_audio_at": round(data["at"], 3),
                },
            )
        elif kind == "ai_ended":
            pb = data["playback"]
            await session.emit(
                EventType.AI_SPEECH_ENDED,
                {"text": pb.text, "to": pb.to.value if pb.to else "all"},
            )
        elif kind == "ai_interrupted":
            pb = data["playback"]
            heard, unheard = _split_heard(pb)
            await session.emit(
                EventType.AI_INTERRUPTED,
                {
                    "text": pb.text,
                    "heard": heard,
                    "unheard": unheard,
                    "played_s": round(pb.frames_played * FRAME_SECS, 3),
                },
            )

    async def _read_transcripts(self, leg: _Leg) -> None:
        assert leg.stt is not None
        async for event in leg.stt:
            text = event.text.strip()
            if not text:
                continue
            try:
                if event.type is SpeechEventType.FINAL:
                    await self.session.hear(
                        Utterance(
                            leg.role,
                            text,
                            event.start,
                            event.end,
                            final=True,
                            confidence=event.confidence,
                            leg_id=leg.leg_id,
                        )
                    )
                else:
                    await self.session.emit(
                        EventType.UTTERANCE_PARTIAL,
                        {
                            "role": leg.role.value,
                            "text": text,
                            "start": event.start,
                            "end": event.end,
                            "final": False,
                            "confidence": event.confidence,
                            "leg_id": leg.leg_id,
                        },
                    )
            except InvalidStateError:
                return

    def _spawn(self, coro: Any, name: str) -> None:
        task: asyncio.Task[None] = asyncio.get_running_loop().create_task(
            coro, name=f"call:{self.session.call_id}:{name}"
        )
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)


LEAD_IN_SAMPLES = SAMPLE_RATE // 100  # 10 ms kept before the first sound
MAX_TRIM_SAMPLES = SAMPLE_RATE * 3 // 10  # never trim more than 300 ms
SILENCE_RMS = 100.0  # ~-50 dBFS


def _trim_leading_silence(samples: npt.NDArray[np.int16]) -> npt.NDArray[np.int16]:
    """Drop the synthesizer's leading silence (up to 300 ms), keeping a 10 ms lead-in."""
    window = LEAD_IN_SAMPLES
    head = samples[: MAX_TRIM_SAMPLES + window].astype(np.float32)
    n = len(head) // window
    if n == 0:
        return samples
    rms = np.sqrt(np.mean(np.square(head[: n * window].reshape(n, window)), axis=1))
    loud = np.flatnonzero(rms >= SILENCE_RMS)
    first = int(loud[0]) * window if loud.size else min(len(samples), MAX_TRIM_SAMPLES)
    return samples[max(0, min(first, MAX_TRIM_SAMPLES) - LEAD_IN_SAMPLES) :]


def _split_heard(playback: _Playback) -> tuple[str, str]:
    """The words of an interrupted line the listener heard, from how much of each chunk played."""
    played = playback.frames_played * FRAME_SAMPLES
    heard: list[str] = []
    for text, n in playback.segments:
        words = (text or "").split()
        if played >= n:
            heard.extend(words)
            played -= n
            continue
        heard.extend(words[: int(len(words) * played / max(n, 1))])
        break
    all_words = playback.text.split()
    k = min(len(heard), len(all_words))
    return " ".join(all_words[:k]), " ".join(all_words[k:])

"""WhisperSTT (tiny.en) streaming on Piper speech, clean and through a telephone line."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable

import numpy as np
import numpy.typing as npt
import pytest

from callpilot.audio.frames import SAMPLE_RATE
from callpilot.errors import InvalidStateError
from callpilot.speech._worker import PRIORITY_PARTIAL
from callpilot.speech.base import RecognizeStream, SpeechEvent, SpeechEventType
from callpilot.speech.errors import TranscriptionError
from callpilot.speech.wer import wer
from callpilot.speech.whisper import Transcript, WhisperRecognizeStream, WhisperSTT

from .clips import frames_of, silence_secs, through_telephone

pytestmark = pytest.mark.speech

Speak = Callable[[str], npt.NDArray[np.int16]]

LONG = (
    "I'm calling about the quote you requested for solar panels on your roof. "
    "Do you have a minute to talk about it?"
)
SHORT = "Yes, I would like to hear more about the price."
OTHER = "Can you call me back tomorrow morning?"
TIMEOUT = 30.0


async def _collect(stream: WhisperRecognizeStream) -> list[SpeechEvent]:
    async def run() -> list[SpeechEvent]:
        return [event async for event in stream]

    return await asyncio.wait_for(run(), TIMEOUT)


def _push(stream: WhisperRecognizeStream, samples: npt.NDArray[np.int16], at: float) -> float:
    for frame in frames_of(samples, start_at=at):
        stream.push_frame(frame)
    return at + len(frames_of(samples)) * 0.020


def _voiced_secs(samples: npt.NDArray[np.int16]) -> tuple[float, float]:
    """Where a clip's sound starts and ends (first/last sample above 5 % of its peak)."""
    loud = np.flatnonzero(np.abs(samples.astype(np.int32)) > 0.05 * np.abs(samples).max())
    return loud[0] / SAMPLE_RATE, (loud[-1] + 1) / SAMPLE_RATE


def _finals(events: list[SpeechEvent]) -> list[SpeechEvent]:
    return [e for e in events if e.type is SpeechEventType.FINAL]


async def test_the_stream_has_the_protocol_shape(whisper_tiny: WhisperSTT) -> None:
    stream = whisper_tiny.stream()
    assert isinstance(stream, RecognizeStream)
    await asyncio.wait_for(stream.aclose(), 5)


@pytest.mark.parametrize("line", ["clean", "telephone"])
async def test_a_turn_is_transcribed_within_ten_percent_wer(
    whisper_tiny: WhisperSTT, speak: Speak, line: str
) -> None:
    audio = speak(LONG)
    if line == "telephone":
        audio = through_telephone(audio)
    async with whisper_tiny.stream() as stream:
        _push(stream, audio, 0.0)
        stream.flush()
        stream.end_input()
        events = await _collect(stream)
    finals = _finals(events)
    assert len(finals) == 1
    assert wer(LONG, finals[0].text) <= 0.10, finals[0].text
    assert 0.5 < finals[0].confidence <= 1.0


async def test_partials_arrive_while_the_person_is_still_talking(
    whisper_tiny: WhisperSTT, speak: Speak
) -> None:
    audio = speak(LONG)
    head = int(2.5 * SAMPLE_RATE)
    async with whisper_tiny.stream() as stream:
        at = _push(stream, audio[:head], 0.0)
        partial = await asyncio.wait_for(anext(stream), TIMEOUT)  # no flush yet
        assert partial.type is SpeechEventType.PARTIAL
        assert partial.end <= at
        heard = partial.text.lower().strip(".,!? ")
        assert heard and heard.split()[0] in LONG.lower()
        _push(stream, audio[head:], at)
        stream.flush()
        stream.end_input()
        rest = await _collect(stream)
    finals = _finals(rest)
    assert len(finals) == 1
    assert wer(LONG, finals[0].text) <= 0.10


async def test_quiet_after_speech_lets_the_final_reuse_a_transcription_started_before_flush(
    whisper_tiny: WhisperSTT, speak: Speak
) -> None:
    speech = speak(SHORT)
    async with whisper_tiny.stream() as stream:
        _push(stream, np.concatenate([speech, silence_secs(0.8)]), 0.0)
        speech_end = len(speech) / SAMPLE_RATE
        # Wait for the transcription that covers the speech and the pause, as the VAD would
        # still be waiting out its hangover.
        while True:
            event = await asyncio.wait_for(anext(stream), TIMEOUT)
            if event.end >= speech_end:
                break
        stream.flush()
        final = await asyncio.wait_for(anext(stream), TIMEOUT)
    assert final.type is SpeechEventType.FINAL
    assert final.text == event.text
    assert wer(SHORT, final.text) <= 0.10
    assert stream.stats.finals_from_partial == 1


async def test_a_flush_in_mid_speech_transcribes_the_whole_turn_again(
    whisper_tiny: WhisperSTT, speak: Speak
) -> None:
    async with whisper_tiny.stream() as stream:
        _push(stream, speak(LONG), 0.0)
        stream.flush()  # no quiet tail: no earlier transcription can cover the last word
        stream.end_input()
        events = await _collect(stream)
    assert wer(LONG, _finals(events)[0].text) <= 0.10
    assert stream.stats.finals_from_partial == 0


async def test_each_turn_gets_its_own_final_with_timeline_times(
    whisper_tiny: WhisperSTT, speak: Speak
) -> None:
    first, second = speak(SHORT), speak(OTHER)
    async with whisper_tiny.stream() as stream:
        at = _push(stream, silence_secs(0.5), 100.0)
        first_at = at
        at = _push(stream, first, at)
        stream.flush()
        at = _push(stream, silence_secs(1.0), at)
        second_at = at
        _push(stream, second, at)
        stream.flush()
        stream.end_input()
        finals = _finals(await _collect(stream))
    assert [wer(SHORT, finals[0].text) <= 0.1, wer(OTHER, finals[1].text) <= 0.1] == [True, True]
    # Frames are judged whole (20 ms) by their energy, which keeps a fading tail (a final "s")
    # that a sample threshold misses: allow 100 ms, and 250 ms of tail.
    for final, clip, clip_at in ((finals[0], first, first_at), (finals[1], second, second_at)):
        start, end = _voiced_secs(clip)
        assert final.start == pytest.approx(clip_at + start, abs=0.1)
        assert clip_at + end - 0.1 <= final.end <= clip_at + end + 0.25
        assert final.end <= clip_at + len(clip) / SAMPLE_RATE


async def test_a_long_silence_before_speech_does_not_cut_or_shift_the_turn(
    whisper_tiny: WhisperSTT, speak: Speak
) -> None:
    speech = speak(LONG)
    async with whisper_tiny.stream() as stream:
        at = _push(stream, silence_secs(15.0), 0.0)  # pushing every frame, as a naive caller may
        _push(stream, speech, at)
        stream.flush()
        stream.end_input()
        finals = _finals(await _collect(stream))
    assert len(finals) == 1  # kept, the silence would bring the turn past 18 s: cut in two
    assert wer(LONG, finals[0].text) <= 0.10
    assert finals[0].start == pytest.approx(at + _voiced_secs(speech)[0], abs=0.1)


async def test_silence_only_gives_no_transcript(whisper_tiny: WhisperSTT) -> None:
    noise = (np.random.default_rng(7).normal(0, 20, 2 * SAMPLE_RATE)).astype(np.int16)
    async with whisper_tiny.stream() as stream:
        _push(stream, silence_secs(1.0), 0.0)
        stream.flush()
        _push(stream, noise, 1.0)  # faint line hiss, ~-64 dBFS
        stream.end_input()
        events = await _collect(stream)
    assert events == []
    assert stream.stats.transcriptions == 0


async def test_end_input_finalises_what_is_left(whisper_tiny: WhisperSTT, speak: Speak) -> None:
    async with whisper_tiny.stream() as stream:
        _push(stream, speak(OTHER), 0.0)
        stream.end_input()  # the caller hung up mid-turn
        events = await _collect(stream)
    assert wer(OTHER, _finals(events)[-1].text) <= 0.10


async def test_input_after_end_input_is_an_error(whisper_tiny: WhisperSTT) -> None:
    stream = whisper_tiny.stream()
    stream.end_input()
    with pytest.raises(InvalidStateError, match="push_frame"):
        _push(stream, silence_secs(0.02), 0.0)
    with pytest.raises(InvalidStateError):
        stream.flush()
    with pytest.raises(InvalidStateError):
        stream.end_input()
    assert await _collect(stream) == []
    await stream.aclose()


async def test_aclose_mid_transcription_stops_promptly_and_ends_iteration(
    whisper_tiny: WhisperSTT, speak: Speak
) -> None:
    stream = whisper_tiny.stream()
    consumer = asyncio.ensure_future(_collect(stream))
    _push(stream, speak(LONG), 0.0)
    stream.flush()
    await asyncio.wait_for(stream.aclose(), 5)
    await asyncio.wait_for(stream.aclose(), 5)  # twice is fine
    assert _finals(await asyncio.wait_for(consumer, 5)) == []
    with pytest.raises(InvalidStateError):
        stream.push_frame(frames_of(silence_secs(0.02))[0])


async def test_aclose_before_any_audio(whisper_tiny: WhisperSTT) -> None:
    stream = whisper_tiny.stream()
    await asyncio.wait_for(stream.aclose(), 5)
    assert await _collect(stream) == []


class _Recording(WhisperSTT):
    """Records the order of model calls, and when a final is handed to the worker."""

    def __init__(self, order: list[str]) -> None:
        super().__init__("tiny.en", cpu_threads=1)
        self.order = order
        self.final_submitted = asyncio.Event()

    def transcribe(self, samples: npt.NDArray[np.int16], *, language: str = "en") -> Transcript:
        self.order.append("transcribe")
        return super().transcribe(samples, language=language)

    async def transcribe_async(
        self, samples: npt.NDArray[np.int16], *, language: str = "en", final: bool = True
    ) -> Transcript:
        if final:
            self.final_submitted.set()  # the submit below happens before the next await
        return await super().transcribe_async(samples, language=language, final=final)


async def test_partials_give_way_and_the_final_jumps_the_queue_when_the_model_is_busy(
    speak: Speak,
) -> None:
    order: list[str] = []
    stt = _Recording(order)
    gate = threading.Event()
    started = threading.Event()

    def hold() -> None:
        started.set()
        gate.wait()

    try:
        # Other legs keep the model busy: one call running (held at a gate), one queued.
        stt._worker.submit(hold, priority=PRIORITY_PARTIAL)
        queued = stt._worker.submit(lambda: order.append("other leg"), priority=PRIORITY_PARTIAL)
        assert await asyncio.wait_for(asyncio.to_thread(started.wait, TIMEOUT), TIMEOUT + 1)
        async with stt.stream() as stream:
            _push(stream, speak(LONG), 0.0)  # 6 s of speech: partials would be due
            stream.flush()
            stream.end_input()
            collecting = asyncio.ensure_future(_collect(stream))
            await asyncio.wait_for(stt.final_submitted.wait(), TIMEOUT)
            gate.set()
            events = await asyncio.wait_for(collecting, TIMEOUT)
        await asyncio.wait_for(asyncio.wrap_future(queued), TIMEOUT)
    finally:
        gate.set()
        await stt.aclose()
    assert [e.type for e in events] == [SpeechEventType.FINAL]
    assert wer(LONG, events[0].text) <= 0.10
    assert order == ["transcribe", "other leg"]  # the final only, ahead of the queued call
    assert stream.stats.transcriptions == 1


async def test_a_broken_engine_fails_the_stream_with_a_transcription_error(
    speak: Speak,
) -> None:
    stt = WhisperSTT("tiny.en", cpu_threads=1)
    await stt.aclose()  # the worker is gone: every model call fails
    stream = stt.stream()
    _push(stream, speak(OTHER), 0.0)
    stream.flush()
    with pytest.raises(TranscriptionError):
        await _collect(stream)
    await stream.aclose()

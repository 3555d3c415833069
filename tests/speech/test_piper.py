"""PiperTTS with the joe voice: streaming, early first chunk, cancellation."""

from __future__ import annotations

import asyncio

import numpy as np
import pytest

from callpilot.audio.frames import SAMPLE_RATE
from callpilot.speech.base import AudioChunk, SynthesisStream, TextToSpeech
from callpilot.speech.piper import PiperTTS

pytestmark = pytest.mark.speech

PARAGRAPH = (
    "Thanks for taking my call. I saw you asked about solar panels last week. "
    "We install them all over the state. Most homes save on their bill from the first month. "
    "The survey is free. It takes about an hour. Someone from our team would come to you. "
    "Would Tuesday or Thursday work better?"
)
TIMEOUT = 30.0


async def _chunks(stream: SynthesisStream) -> list[AudioChunk]:
    async def run() -> list[AudioChunk]:
        return [chunk async for chunk in stream]

    return await asyncio.wait_for(run(), TIMEOUT)


def test_piper_implements_the_protocol(piper_tts: PiperTTS) -> None:
    assert isinstance(piper_tts, TextToSpeech)
    assert piper_tts.sample_rate == SAMPLE_RATE
    assert piper_tts.native_rate == 22_050


async def test_each_sentence_comes_as_its_own_chunk_at_the_output_rate(
    piper_tts: PiperTTS,
) -> None:
    text = "Hello there. How are you today?"
    async with piper_tts.synthesize(text) as stream:
        chunks = await _chunks(stream)
    assert [c.text for c in chunks] == ["Hello there.", "How are you today?"]
    for chunk in chunks:
        assert chunk.sample_rate == SAMPLE_RATE
        assert chunk.samples.dtype == np.int16
        assert 0.4 < chunk.duration < 3.0
        assert np.abs(chunk.samples).max() > 5_000  # speech, not silence


async def test_the_first_chunk_comes_before_the_text_is_synthesized_and_aclose_stops_it(
    piper_tts: PiperTTS,
) -> None:
    stream = piper_tts.synthesize(PARAGRAPH)
    assert len(stream.pieces) == 8
    first = await asyncio.wait_for(anext(stream), TIMEOUT)
    assert first.text == "Thanks for taking my call."
    assert stream.pieces_done < len(stream.pieces)
    await asyncio.wait_for(stream.aclose(), 5)
    stopped_at = stream.pieces_done
    # Run one more job through the engine's thread: anything started before the close has
    # finished by then, so a producer still alive would have counted another piece.
    await asyncio.wait_for(
        asyncio.get_running_loop().run_in_executor(piper_tts._executor, lambda: None), TIMEOUT
    )
    assert stream.pieces_done == stopped_at
    assert stopped_at <= 4  # the lookahead (2) bounds the work done past what was consumed
    assert await _chunks(stream) == []
    await stream.aclose()  # twice is fine


async def test_empty_text_yields_nothing(piper_tts: PiperTTS) -> None:
    async with piper_tts.synthesize("   ") as stream:
        assert await _chunks(stream) == []


def test_render_gives_the_whole_text_at_once(piper_tts: PiperTTS) -> None:
    chunk = piper_tts.render("One moment please.")
    assert chunk.sample_rate == SAMPLE_RATE
    assert 0.5 < chunk.duration < 3.0


async def test_the_native_rate_is_kept_without_an_output_rate() -> None:
    tts = PiperTTS(cpu_threads=1)
    try:
        async with tts.synthesize("Okay.") as stream:
            chunks = await _chunks(stream)
    finally:
        tts.close()
    assert tts.sample_rate == 22_050
    assert [c.sample_rate for c in chunks] == [22_050]

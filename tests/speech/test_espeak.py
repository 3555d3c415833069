"""EspeakTTS, the fallback engine, through the real espeak-ng program."""

from __future__ import annotations

import asyncio
import shutil

import numpy as np
import pytest

from callpilot.audio.frames import SAMPLE_RATE
from callpilot.speech.base import AudioChunk, TextToSpeech
from callpilot.speech.errors import EngineUnavailableError
from callpilot.speech.espeak import EspeakSynthesisStream, EspeakTTS

pytestmark = pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng missing")


async def _chunks(stream: EspeakSynthesisStream) -> list[AudioChunk]:
    async def run() -> list[AudioChunk]:
        return [chunk async for chunk in stream]

    return await asyncio.wait_for(run(), 30)


async def test_espeak_speaks_each_sentence_at_the_output_rate() -> None:
    tts = EspeakTTS(output_rate=SAMPLE_RATE)
    assert isinstance(tts, TextToSpeech)
    async with tts.synthesize("Hello there. This is the fallback voice.") as stream:
        chunks = await _chunks(stream)
    assert [c.text for c in chunks] == ["Hello there.", "This is the fallback voice."]
    for chunk in chunks:
        assert chunk.sample_rate == SAMPLE_RATE
        assert chunk.duration > 0.4
        assert np.abs(chunk.samples).max() > 3_000


async def test_espeak_aclose_mid_stream_stops_it() -> None:
    tts = EspeakTTS(lookahead=1)
    stream = tts.synthesize(" ".join(f"This is sentence number {n}." for n in range(1, 11)))
    first = await asyncio.wait_for(anext(stream), 30)
    assert first.sample_rate == 22_050
    await asyncio.wait_for(stream.aclose(), 5)
    assert stream.pieces_done < len(stream.pieces)
    assert await _chunks(stream) == []


def test_a_missing_program_is_a_clear_error() -> None:
    with pytest.raises(EngineUnavailableError, match="no-such-espeak"):
        EspeakTTS(executable="no-such-espeak")

"""Whole calls in real audio: Piper voices, the bridge, Silero VAD, Whisper, barge-in."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

import pytest

from callpilot.calls import CallSession
from callpilot.calls.audio import CallAudio
from callpilot.clock import SystemClock
from callpilot.dialogue import FixedReplyAgent
from callpilot.domain import Event, EventType, LegRole
from callpilot.speech import wer
from callpilot.speech.base import TextToSpeech
from callpilot.speech.whisper import WhisperSTT
from callpilot.telephony.sim_audio import HEARD_RMS, VirtualCaller, VoiceLine

pytestmark = pytest.mark.speech


async def wait_until(check: Callable[[], bool], within: float) -> None:
    deadline = time.monotonic() + within
    while not check():
        if time.monotonic() > deadline:
            raise TimeoutError("the call did not get there in time")
        await asyncio.sleep(0.05)


def events_of(session: CallSession, type: EventType) -> list[Event]:
    return [e for e in session.events if e.type == type]


async def test_telephone_call_transcript_matches_the_script(
    voice: TextToSpeech, recognizer: WhisperSTT
) -> None:
    script = [
        "Hi, I saw your ad about solar panels for my house.",
        "We pay around two hundred dollars a month for electricity.",
        "Could someone come out next Tuesday afternoon?",
    ]
    lead = VirtualCaller([VoiceLine(text) for text in script], telephone=True)
    rep = VirtualCaller([])  # listens only: proves the lead's voice crosses the bridge
    await lead.prepare(voice)
    session = CallSession(call_id="audio-1", clock=SystemClock(), agents=[FixedReplyAgent()])
    await session.start()
    audio = CallAudio(session, tts=voice, stt=recognizer)
    try:
        await audio.add_leg(LegRole.LEAD, lead)
        await audio.add_leg(LegRole.REP, rep, transcribe=False)
        await audio.start()
        await wait_until(lambda: len(events_of(session, EventType.AI_SPEECH_ENDED)) == 3, 60)
    finally:
        await audio.aclose()
        await session.aclose()

    finals = [e.payload for e in events_of(session, EventType.UTTERANCE_FINAL)]
    assert all(p["role"] == "lead" for p in finals)
    heard = " ".join(p["text"] for p in finals)
    assert wer(" ".join(script), heard) <= 0.10, heard
    # utterance times are call times that bracket what the caller actually said
    for spoken, payload in zip(lead.spoken, finals, strict=True):
        assert abs(payload["start"] - spoken.start) < 0.5
        assert abs(payload["end"] - spoken.end) < 0.5
    # the rep heard the lead while the lead spoke, and the AI's answers
    first = lead.spoken[0]
    assert rep.loudness(first.start, first.end) > 3 * HEARD_RMS
    assert all(reply.heard_at is not None for reply in lead.replies)


async def test_ai_stops_within_200ms_when_the_lead_barges_in(
    voice: TextToSpeech, recognizer: WhisperSTT
) -> None:
    long_line = (
        "Our installation team usually needs one full day on the roof, and then the inspector "
        "comes by within two weeks to sign off on everything before we switch it on."
    )
    barge_at = 2.5
    lead = VirtualCaller([VoiceLine("Sorry, can I ask something quickly?", at=barge_at)])
    await lead.prepare(voice)
    session = CallSession(call_id="audio-2", clock=SystemClock())
    await session.start()
    audio = CallAudio(session, tts=voice, stt=recognizer)
    try:
        await audio.add_leg(LegRole.LEAD, lead)
        await audio.start()
        await audio.speak(long_line)
        await wait_until(lambda: bool(events_of(session, EventType.UTTERANCE_FINAL)), 30)
    finally:
        await audio.aclose()
        await session.aclose()

    started = events_of(session, EventType.AI_SPEECH_STARTED)
    assert started and started[0].payload["first_audio_at"] < barge_at  # the AI was talking
    onset = lead.spoken[0].start
    last_ai = lead.last_heard_at(after=barge_at - 1.0)
    assert last_ai is not None
    stopped_after = last_ai + 0.020 - onset
    assert stopped_after <= 0.200, f"the AI kept talking {stopped_after * 1000:.0f} ms"
    interrupted = events_of(session, EventType.AI_INTERRUPTED)
    assert len(interrupted) == 1
    heard = interrupted[0].payload["heard"]
    assert heard and long_line.startswith(heard) and heard != long_line
    assert not events_of(session, EventType.AI_SPEECH_ENDED)


async def test_voice_line_reaches_everyone_and_a_whisper_only_the_rep(
    voice: TextToSpeech,
) -> None:
    lead, rep = VirtualCaller([]), VirtualCaller([])
    session = CallSession(call_id="audio-3", clock=SystemClock())
    await session.start()
    audio = CallAudio(session, tts=voice)
    try:
        await audio.add_leg(LegRole.LEAD, lead, transcribe=False)
        await audio.add_leg(LegRole.REP, rep, transcribe=False)
        await audio.start()
        await audio.speak("If I may add a quick note, the warranty is three years.")
        await wait_until(lambda: len(events_of(session, EventType.AI_SPEECH_ENDED)) == 1, 20)
        await audio.speak("Whisper: offer the annual plan.", to=LegRole.REP)
        await wait_until(lambda: len(events_of(session, EventType.AI_SPEECH_ENDED)) == 2, 20)
    finally:
        await audio.aclose()
        await session.aclose()

    spans = list(
        zip(
            [e.at for e in events_of(session, EventType.AI_SPEECH_STARTED)],
            [e.at for e in events_of(session, EventType.AI_SPEECH_ENDED)],
            strict=True,
        )
    )
    (voice_start, voice_end), (whisper_start, whisper_end) = spans
    assert lead.loudness(voice_start, voice_end) > 3 * HEARD_RMS
    assert rep.loudness(voice_start, voice_end) > 3 * HEARD_RMS
    assert rep.loudness(whisper_start, whisper_end) > 3 * HEARD_RMS
    assert lead.loudness(whisper_start, whisper_end) < 1.0  # digital silence for the lead

"""The co-pilot hears a wrong fact in real speech and speaks up: to everyone, or to the rep only."""

from __future__ import annotations

import asyncio
import time

import pytest

from callpilot.calls import CallSession
from callpilot.calls.audio import CallAudio
from callpilot.clock import SystemClock
from callpilot.copilot.agent import CopilotAgent
from callpilot.copilot.config import CopilotConfig
from callpilot.demo import DEMO_KNOWLEDGE
from callpilot.domain import EventType, LegRole
from callpilot.knowledge import load_knowledge
from callpilot.speech.base import TextToSpeech
from callpilot.speech.whisper import WhisperSTT
from callpilot.telephony.sim_audio import HEARD_RMS, VirtualCaller, VoiceLine

pytestmark = pytest.mark.speech


async def run_call(
    config: CopilotConfig, voice: TextToSpeech, recognizer: WhisperSTT
) -> tuple[CallSession, VirtualCaller, VirtualCaller]:
    lead = VirtualCaller([VoiceLine("How long is the contract for the all access membership?")])
    rep = VirtualCaller(
        [VoiceLine("The All-Access Membership has a minimum term of six months.")],
        first_line_waits=True,
    )
    await lead.prepare(voice)
    await rep.prepare(voice)
    agent = CopilotAgent(load_knowledge(DEMO_KNOWLEDGE), config)
    session = CallSession(call_id="spoken", clock=SystemClock(), agents=[agent])
    await session.start()
    audio = CallAudio(session, tts=voice, stt=recognizer)
    try:
        await audio.add_leg(LegRole.LEAD, lead)
        await audio.add_leg(LegRole.REP, rep)
        await audio.start()
        deadline = time.monotonic() + 40
        while not any(e.type == EventType.AI_SPEECH_ENDED for e in session.events):
            if time.monotonic() > deadline:
                raise TimeoutError([(e.type, e.payload) for e in session.events])
            await asyncio.sleep(0.05)
    finally:
        await audio.aclose()
        await session.aclose()
        agent.close()
    return session, lead, rep


def spoken_span(session: CallSession) -> tuple[float, float]:
    start = next(e.at for e in session.events if e.type == EventType.AI_SPEECH_STARTED)
    end = next(e.at for e in session.events if e.type == EventType.AI_SPEECH_ENDED)
    return start, end


async def test_voice_correction_is_heard_by_lead_and_rep(
    voice: TextToSpeech, recognizer: WhisperSTT
) -> None:
    session, lead, rep = await run_call(CopilotConfig(mode="voice"), voice, recognizer)
    fired = [e.payload for e in session.events if e.type == EventType.INTERVENTION_FIRED]
    assert [p["trigger"] for p in fired] == ["fact_correction"]
    assert fired[0]["delivery"] == "voice" and "12" in fired[0]["text"]
    start, end = spoken_span(session)
    assert start >= rep.spoken[0].end  # it waited until the rep had finished
    assert lead.loudness(start, end) > 3 * HEARD_RMS
    assert rep.loudness(start, end) > 3 * HEARD_RMS


async def test_whispered_correction_is_heard_by_the_rep_only(
    voice: TextToSpeech, recognizer: WhisperSTT
) -> None:
    config = CopilotConfig.model_validate(
        {"mode": "voice", "triggers": {"fact_correction": {"delivery": "whisper"}}}
    )
    session, lead, rep = await run_call(config, voice, recognizer)
    fired = [e.payload for e in session.events if e.type == EventType.INTERVENTION_FIRED]
    assert [(p["trigger"], p["delivery"]) for p in fired] == [("fact_correction", "whisper")]
    start, end = spoken_span(session)
    assert rep.loudness(start, end) > 3 * HEARD_RMS
    assert lead.loudness(start, end) < 1.0

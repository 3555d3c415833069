"""Start a simulated call on the ``sim`` transport: a script played through a real session.

Text level (default): the lines arrive as utterances at their times, at any ``speed``.
Audio level (``audio: true``, real time only): a virtual lead and rep speak their lines with the
TTS voice over an 8 kHz μ-law phone channel, and everything the agents read comes out of the
call's real VAD and speech recognition.
"""

from __future__ import annotations

import asyncio
from typing import Any

from callpilot.calls.audio import CallAudio
from callpilot.calls.manager import CallManager
from callpilot.calls.session import CallSession
from callpilot.clock import ScaledClock
from callpilot.domain import EventType, LegRole
from callpilot.speech.engines import SpeechEngines
from callpilot.telephony.sim import ScriptLine, SimCall, load_script, parse_script
from callpilot.telephony.sim_audio import VirtualCaller, VoiceLine

__all__ = ["start_sim_call"]

TAIL_SECS = 3.0  # the call ends this long after the last line
AUDIO_GRACE_SECS = 10.0  # an audio call waits at most this long after its script for transcripts


async def start_sim_call(
    manager: CallManager, options: dict[str, Any], *, speech: SpeechEngines | None = None
) -> CallSession:
    """Start a call that plays ``options["turns"]`` (or the demo script).

    Options: ``turns`` (scenario-style list), ``speed`` (1 = real time), ``audio`` (speak it in
    real audio; needs ``speech`` and speed 1), ``lead_id``, and ``sensitivity`` / ``mode`` (handed
    to the co-pilot).
    """
    from callpilot.demo import DEMO_SCRIPT

    turns = options.get("turns")
    script = parse_script(turns, source="request") if turns else load_script(DEMO_SCRIPT)
    speed = float(options.get("speed") or 1.0)
    audio = bool(options.get("audio"))
    if audio and (speech is None or speed != 1.0):
        raise ValueError("an audio call runs in real time (speed 1) and needs the speech engines")
    call_options = {k: options[k] for k in ("sensitivity", "mode") if options.get(k)}
    end_at = max((line.end for line in script), default=0.0) + TAIL_SECS
    if audio:
        assert speech is not None
        tts, stt = await speech.tts(), await speech.stt()
        callers = {role: _caller(script, role) for role in (LegRole.LEAD, LegRole.REP)}
        for caller in callers.values():
            await caller.prepare(tts)
        session = await manager.start_call(
            lead_id=options.get("lead_id"), transport="sim-audio", options=call_options
        )
        call_audio = CallAudio(session, tts=tts, stt=stt)
        for role, caller in callers.items():
            await call_audio.add_leg(role, caller)
        await call_audio.start()

        async def talk(s: CallSession) -> None:
            try:
                await s.clock.sleep(end_at)
                await _wait_for_transcripts(s, sum(len(c.lines) for c in callers.values()))
            finally:
                await call_audio.aclose()

        manager.run(session, talk)
        return session

    session = await manager.start_call(
        lead_id=options.get("lead_id"),
        transport="sim",
        options=call_options,
        clock=ScaledClock(speed=speed) if speed != 1.0 else None,
    )

    async def play(s: CallSession) -> None:
        await SimCall(s, script).play(end_at=end_at)

    manager.run(session, play)
    return session


def _caller(script: list[ScriptLine], role: LegRole) -> VirtualCaller:
    return VirtualCaller(
        [VoiceLine(line.text, at=line.at) for line in script if line.role is role],
        telephone=True,
    )


async def _wait_for_transcripts(session: CallSession, lines: int) -> None:
    """Give the recognizer time to finish the last turns (bounded)."""
    deadline = session.clock.now() + AUDIO_GRACE_SECS
    while session.clock.now() < deadline:
        finals = sum(e.type == EventType.UTTERANCE_FINAL for e in session.events)
        if finals >= lines:
            return
        await asyncio.sleep(0.1)

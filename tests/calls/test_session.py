from __future__ import annotations

import asyncio
from collections.abc import Sequence

import pytest

from callpilot.calls import AgentContext, CallSession
from callpilot.clock import VirtualClock
from callpilot.domain import (
    Action,
    Card,
    Event,
    EventType,
    Intervention,
    LegRole,
    Say,
    Trigger,
    Utterance,
)
from callpilot.errors import InvalidStateError


class EchoCardAgent:
    """Example agent (tests only): a card for every customer line that mentions "price"."""

    name = "echo"

    def __init__(self) -> None:
        self.seen: list[str] = []

    async def handle(self, event: Event, ctx: AgentContext) -> Sequence[Action]:
        self.seen.append(event.type)
        if event.type == EventType.UTTERANCE_FINAL and "price" in event.payload["text"]:
            return [
                Card(
                    Intervention(
                        id=f"i{event.seq}",
                        call_id=ctx.call_id,
                        trigger=Trigger.KEYWORD,
                        text="Mention the price match.",
                        at=ctx.call_time(),
                    )
                )
            ]
        return []


class SpeakAgent:
    """Says a line (waiting for a gap) whenever the rep finishes a sentence."""

    name = "speak"

    def __init__(self, max_wait_s: float) -> None:
        self.max_wait_s = max_wait_s

    async def handle(self, event: Event, ctx: AgentContext) -> Sequence[Action]:
        if event.type == EventType.UTTERANCE_FINAL and event.payload["role"] == "rep":
            return [Say("A quick note.", wait_for_gap=True, max_wait_s=self.max_wait_s)]
        return []


def utt(role: LegRole, text: str, start: float, end: float) -> Utterance:
    return Utterance(role, text, start, end)


async def test_events_get_monotonic_sequence_and_call_time() -> None:
    clock = VirtualClock()
    session = CallSession(call_id="c1", clock=clock)
    await session.start()
    await session.emit(EventType.CALL_ANSWERED)
    await clock.sleep(2.5)
    await session.hear(utt(LegRole.LEAD, "hello", 0.5, 2.5))
    await session.aclose()
    seqs = [e.seq for e in session.events]
    assert seqs == list(range(1, len(seqs) + 1))
    final = next(e for e in session.events if e.type == EventType.UTTERANCE_FINAL)
    assert final.at == 2.5 and final.payload["text"] == "hello"
    assert session.events[-1].type == EventType.CALL_ENDED


async def test_agent_actions_are_executed_and_logged() -> None:
    clock = VirtualClock()
    agent = EchoCardAgent()
    session = CallSession(call_id="c2", clock=clock, agents=[agent])
    await session.start()
    await session.hear(utt(LegRole.LEAD, "what is the price", 0, 1))
    await asyncio.wait_for(session.drain(), timeout=5)
    fired = [e for e in session.events if e.type == EventType.INTERVENTION_FIRED]
    assert len(fired) == 1 and fired[0].payload["text"] == "Mention the price match."
    assert EventType.INTERVENTION_FIRED.value in agent.seen  # agents see what they caused
    await session.aclose()


async def test_close_leaves_no_running_tasks() -> None:
    clock = VirtualClock()
    session = CallSession(call_id="c3", clock=clock, agents=[EchoCardAgent()])
    await session.start()
    await session.hear(utt(LegRole.LEAD, "price?", 0, 1))
    await clock.sleep(10)  # silence ticks run meanwhile
    await asyncio.wait_for(session.aclose(), timeout=5)
    await asyncio.sleep(0)
    others = {t for t in asyncio.all_tasks() if t is not asyncio.current_task()}
    assert not {t for t in others if t.get_name().startswith("call:")}
    with pytest.raises(InvalidStateError):
        await session.emit(EventType.CALL_ANSWERED)


async def test_close_before_start_is_allowed_and_start_after_close_is_not() -> None:
    session = CallSession(call_id="c4", clock=VirtualClock())
    await session.aclose()
    assert session.events == []
    with pytest.raises(InvalidStateError):
        await session.start()


async def test_silence_is_reported_while_nobody_speaks() -> None:
    clock = VirtualClock()
    session = CallSession(call_id="c5", clock=clock, silence_tick_s=0.5)
    await session.start()
    await session.hear(utt(LegRole.REP, "let me know", 0, 1))
    await clock.sleep(3.2)
    await session.speech_started(LegRole.LEAD)
    await clock.sleep(2.0)  # no silence while the lead talks
    await session.aclose()
    silences = [e for e in session.events if e.type == EventType.SILENCE]
    assert [s.payload["duration"] for s in silences] == [0.5, 1.0, 1.5, 2.0, 2.5, 3.0]
    assert all(s.at <= 3.2 for s in silences)


async def test_spoken_line_waits_for_a_gap() -> None:
    clock = VirtualClock()
    session = CallSession(call_id="c6", clock=clock, agents=[SpeakAgent(max_wait_s=4.0)])
    await session.start()
    await session.hear(utt(LegRole.REP, "sure", 0, 1))
    await session.speech_started(LegRole.LEAD)  # the lead talks over at once
    await clock.sleep(2.0)
    await session.hear(utt(LegRole.LEAD, "so anyway", 1, 3))
    await clock.sleep(1.0)
    await session.aclose()
    said = [e for e in session.events if e.type == EventType.AI_SAY]
    lead_done = next(e for e in session.events if e.payload.get("text") == "so anyway")
    assert len(said) == 1
    assert said[0].seq > lead_done.seq and said[0].at >= lead_done.at  # only once the lead stopped


async def test_spoken_line_is_dropped_when_the_moment_passes() -> None:
    clock = VirtualClock()
    session = CallSession(call_id="c7", clock=clock, agents=[SpeakAgent(max_wait_s=1.0)])
    await session.start()
    await session.hear(utt(LegRole.REP, "sure", 0, 1))
    await session.speech_started(LegRole.LEAD)
    await clock.sleep(5.0)
    await session.hear(utt(LegRole.LEAD, "long story", 1, 6))
    await clock.sleep(1.0)
    await session.aclose()
    types = [e.type for e in session.events]
    assert EventType.AI_SAY.value not in types
    assert EventType.INTERVENTION_DROPPED.value in types

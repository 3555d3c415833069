"""The agent over real session events: utterances, speech starts, silences, call end."""

from __future__ import annotations

import asyncio

from callpilot.calls.session import CallSession
from callpilot.clock import VirtualClock
from callpilot.copilot.agent import CopilotAgent
from callpilot.copilot.config import CopilotConfig
from callpilot.copilot.semantic import KnowledgeIndex
from callpilot.domain import EventType, LegRole, Utterance
from callpilot.knowledge import KnowledgeBase


async def test_the_agent_follows_a_call_and_cards_appear_in_the_event_log(
    kb: KnowledgeBase, index: KnowledgeIndex
) -> None:
    clock = VirtualClock()
    agent = CopilotAgent(kb, CopilotConfig(), index=index)  # analysis in its worker thread
    session = CallSession(
        call_id="c1",
        clock=clock,
        agents=[agent],
        options={"context": {"lead": {"interest": "fiber 500"}}},
        silence_tick_s=0.25,
    )

    async def call() -> None:
        await session.start()
        await session.speech_started(LegRole.LEAD)
        await clock.sleep(3.0)
        await session.hear(Utterance(LegRole.LEAD, "I want to cancel my service.", 0.0, 3.0))
        await session.drain()
        await clock.sleep(15.0)  # nobody says anything: a dead end
        await session.drain()
        await session.aclose()

    try:
        await asyncio.wait_for(call(), timeout=60)
    finally:
        agent.close()
    fired = [e for e in session.events if e.type == EventType.INTERVENTION_FIRED.value]
    assert [e.payload["trigger"] for e in fired] == ["keyword", "dead_end"]
    assert fired[0].at == 3.0
    assert 3.0 + 9.0 <= fired[1].at <= 3.0 + 11.0
    assert fired[0].payload["evidence"]["kb_entry"] == "cancel"
    assert agent.interventions("c1") == []  # forgotten once the call ended


async def test_invalid_per_call_options_fall_back_to_the_business_config(
    kb: KnowledgeBase, index: KnowledgeIndex
) -> None:
    clock = VirtualClock()
    agent = CopilotAgent(kb, CopilotConfig(), index=index, offload=False)
    session = CallSession(
        call_id="c2", clock=clock, agents=[agent], options={"sensitivity": "wild"}
    )

    async def call() -> None:
        await session.start()
        await session.hear(Utterance(LegRole.LEAD, "I want to cancel my service.", 0.0, 2.0))
        await session.drain()
        await session.aclose()

    await asyncio.wait_for(call(), timeout=30)
    fired = [e for e in session.events if e.type == EventType.INTERVENTION_FIRED.value]
    assert [e.payload["trigger"] for e in fired] == ["keyword"]

"""Run a scenario through the real co-pilot inside a real call session on a virtual clock.

Each turn becomes what the speech pipeline would produce: ``speech.started`` at the turn's
``at`` and ``utterance.final`` at its ``end``; in between and after, the session logs its
``silence`` events and delivers the co-pilot's cards and lines exactly as it would live
(voice lines wait for a gap and are dropped when the moment has passed).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from callpilot.calls.session import CallSession
from callpilot.clock import VirtualClock
from callpilot.copilot.agent import CopilotAgent
from callpilot.copilot.config import CopilotConfig, Sensitivity
from callpilot.copilot.indexes import make_index
from callpilot.copilot.scenario import Scenario
from callpilot.copilot.semantic import KnowledgeIndex
from callpilot.domain import Event, EventType, Intervention, Utterance
from callpilot.knowledge.encoders import make_encoder

if TYPE_CHECKING:
    from callpilot.knowledge import KnowledgeBase

__all__ = ["KnowledgeCache", "ScenarioRun", "interventions_from_events", "run_scenario"]

SILENCE_TICK_S = 0.25


@dataclass(slots=True)
class ScenarioRun:
    """What happened when a scenario was played."""

    scenario: Scenario
    interventions: list[Intervention]
    """Every intervention delivered (``intervention.fired``), in call order."""
    dropped: list[Intervention] = field(default_factory=list)
    """Voice/whisper lines dropped because no gap came in time."""
    events: list[Event] = field(default_factory=list)


class KnowledgeCache:
    """Loads each knowledge base once and keeps one index per knowledge base."""

    def __init__(self, encoder: str = "full") -> None:
        self._kbs: dict[Path, tuple[KnowledgeBase, KnowledgeIndex]] = {}
        self._name = encoder
        self.encoder = make_encoder(encoder)
        """The indexes' sentence encoder, one for all (see :func:`make_index`)."""

    def get(self, path: Path) -> tuple[KnowledgeBase, KnowledgeIndex]:
        from callpilot.knowledge import load_knowledge

        key = path.resolve()
        hit = self._kbs.get(key)
        if hit is None:
            kb = load_knowledge(key)
            hit = (kb, make_index(kb, self._name, instance=self.encoder, build=False))
            self._kbs[key] = hit
        return hit


def interventions_from_events(
    events: list[Event], event_type: str = EventType.INTERVENTION_FIRED.value
) -> list[Intervention]:
    """Rebuild interventions from their logged ``intervention.fired`` payloads."""
    from callpilot.domain import Delivery, Trigger

    out: list[Intervention] = []
    for e in events:
        if e.type != event_type:
            continue
        p: dict[str, Any] = e.payload
        try:
            out.append(
                Intervention(
                    id=str(p["id"]),
                    call_id=str(p.get("call_id", e.call_id)),
                    trigger=Trigger(p["trigger"]),
                    text=str(p.get("text", "")),
                    at=float(e.at),
                    delivery=Delivery(p.get("delivery", "card")),
                    confidence=float(p.get("confidence", 1.0)),
                    turn_index=p.get("turn_index"),
                    evidence=dict(p.get("evidence") or {}),
                    issue_key=str(p.get("issue_key", "")),
                )
            )
        except (KeyError, ValueError):
            continue
    return out


async def run_scenario(
    scenario: Scenario,
    kb: KnowledgeBase,
    *,
    config: CopilotConfig | None = None,
    sensitivity: Sensitivity | None = None,
    index: KnowledgeIndex | None = None,
) -> ScenarioRun:
    """Play ``scenario`` through a :class:`CallSession` with the co-pilot attached."""
    clock = VirtualClock()
    agent = CopilotAgent(kb, config or CopilotConfig(), index=index, offload=False)
    options: dict[str, Any] = {
        "sensitivity": sensitivity or scenario.sensitivity,
        "mode": scenario.mode,
        "context": dict(scenario.context),
    }
    session = CallSession(
        call_id=scenario.name,
        clock=clock,
        agents=[agent],
        options=options,
        silence_tick_s=SILENCE_TICK_S,
    )
    await session.start()
    try:
        for turn in scenario.turns:
            await _until(session, clock, turn.at)
            await session.speech_started(turn.role)
            await session.drain()
            await _until(session, clock, turn.end)
            await session.hear(
                Utterance(role=turn.role, text=turn.text, start=turn.at, end=turn.end)
            )
            await session.drain()
        await _until(session, clock, scenario.call_end)
        await session.drain()
    finally:
        await session.aclose(reason="scenario ended")
        agent.close()
    events = list(session.events)
    return ScenarioRun(
        scenario=scenario,
        interventions=interventions_from_events(events),
        dropped=interventions_from_events(events, EventType.INTERVENTION_DROPPED.value),
        events=events,
    )


async def _until(session: CallSession, clock: VirtualClock, at: float) -> None:
    delay = at - session.call_time()
    if delay > 1e-9:
        await clock.sleep(delay)
    # let the agents catch up with the silence events logged meanwhile
    await session.drain()
    await asyncio.sleep(0)

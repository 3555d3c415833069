"""Re-run a stored call's events through the co-pilot: "what would it do now?"

The call's utterances, speech starts and silences are fed, in order and on the call's own
timeline, to a fresh :class:`Copilot` (with today's knowledge base and sensitivity). Between
events, while nobody speaks, time is ticked every 0.25 s, so silence-based triggers see the
same silences the live co-pilot saw. Nothing is delivered: the interventions are returned.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from callpilot.copilot.agent import utterance_from_event
from callpilot.copilot.config import CopilotConfig, Sensitivity
from callpilot.copilot.engine import Copilot
from callpilot.copilot.semantic import KnowledgeIndex
from callpilot.domain import Event, EventType, Intervention, LegRole

if TYPE_CHECKING:
    from callpilot.knowledge import KnowledgeBase

__all__ = ["replay_events"]

TICK_S = 0.25


def replay_events(
    events: Iterable[Event],
    kb: KnowledgeBase,
    *,
    sensitivity: Sensitivity | None = None,
    config: CopilotConfig | None = None,
    index: KnowledgeIndex | None = None,
    context: Mapping[str, Any] | None = None,
    mode: str | None = None,
) -> list[Intervention]:
    """The interventions the co-pilot would make on this call today."""
    evs = sorted(events, key=lambda e: (e.at, e.seq))
    call_id = evs[0].call_id if evs else ""
    overrides: dict[str, Any] = {}
    if sensitivity:
        overrides["sensitivity"] = sensitivity
    if mode:
        overrides["mode"] = mode
    cfg = (config or CopilotConfig()).with_overrides(overrides)
    cp = Copilot(kb, config=cfg, index=index, call_id=call_id, context=context)
    out: list[Intervention] = []
    now = evs[0].at if evs else 0.0
    for e in evs:
        out += _tick_until(cp, now, e.at)
        now = max(now, e.at)
        if e.type == EventType.UTTERANCE_FINAL.value:
            utt = utterance_from_event(e)
            if utt is not None:
                out += cp.observe(utt, e.at)
                out += cp.tick(e.at)
        elif e.type == EventType.SPEECH_STARTED.value:
            try:
                out += cp.speech_started(LegRole(e.payload.get("role")), e.at)
            except ValueError:
                continue
        elif e.type == EventType.SILENCE.value:
            out += cp.tick(e.at)
        elif e.type == EventType.CALL_ENDED.value:
            break
    return out


def _tick_until(cp: Copilot, start: float, end: float) -> list[Intervention]:
    out: list[Intervention] = []
    t = start + TICK_S
    while t < end:
        if not cp.conversation.speaking:
            out += cp.tick(t)
        t += TICK_S
    return out

"""What an agent is: something that reads a call's events and returns actions.

Agents decide; they never touch sockets, storage or audio. The call session feeds every
event it logs to every agent (in order, one at a time per call) and executes the actions
they return.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from callpilot.clock import Clock
from callpilot.domain import Action, Event

__all__ = ["Agent", "AgentContext"]


@dataclass(slots=True)
class AgentContext:
    """What an agent may know about the call besides the event in hand."""

    call_id: str
    clock: Clock
    started_at: float
    """``clock.now()`` when the call started; call time = ``clock.now() - started_at``."""
    events: list[Event] = field(default_factory=list)
    """Every event of the call so far, oldest first (shared, read-only for agents)."""
    options: dict[str, Any] = field(default_factory=dict)
    """Per-call options (for example ``{"sensitivity": "proactive", "mode": "voice"}``)."""

    def call_time(self) -> float:
        return self.clock.now() - self.started_at


class Agent(Protocol):
    """Reads events, returns actions."""

    name: str

    async def handle(self, event: Event, ctx: AgentContext) -> Sequence[Action]:
        """React to one event; return the actions to execute (often none)."""
        ...

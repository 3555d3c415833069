"""A stand-in voice agent: answers each of the lead's turns with a short fixed line.

It exists so the voice pipeline can be run and measured end to end before the qualifier does;
the latency it shows is the pipeline's own (VAD, STT, TTS, bridge), not a reasoner's.
"""

from __future__ import annotations

from collections.abc import Sequence

from callpilot.calls.agent import AgentContext
from callpilot.domain import Action, Event, EventType, LegRole, Say

__all__ = ["DEFAULT_REPLIES", "FixedReplyAgent"]

DEFAULT_REPLIES = (
    "Thanks, that helps.",
    "Got it. Tell me a bit more?",
    "Understood.",
)


class FixedReplyAgent:
    """Says the next of ``replies`` after every final utterance of the lead."""

    name = "fixed-reply"

    def __init__(self, replies: Sequence[str] = DEFAULT_REPLIES) -> None:
        if not replies:
            raise ValueError("give at least one reply")
        self.replies = list(replies)
        self._turn = 0

    async def handle(self, event: Event, ctx: AgentContext) -> Sequence[Action]:
        if event.type != EventType.UTTERANCE_FINAL or event.payload.get("role") != LegRole.LEAD:
            return []
        line = self.replies[self._turn % len(self.replies)]
        self._turn += 1
        return [Say(line)]

"""Actions agents return to the call session. Agents decide; the session executes and logs."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from callpilot.domain.calls import Disposition, LegRole
from callpilot.domain.interventions import Intervention

__all__ = ["Action", "Card", "Hangup", "Say", "ToolCall", "Transfer", "Whisper"]


@dataclass(slots=True, frozen=True)
class Say:
    """Speak into the call, heard by everyone (the AI's leg)."""

    text: str
    intervention: Intervention | None = None
    wait_for_gap: bool = False
    """Wait for nobody to be talking; drop the line if the gap never comes in time."""
    max_wait_s: float = 4.0
    """How long to wait for a gap before the line is dropped (the moment has passed)."""


@dataclass(slots=True, frozen=True)
class Whisper:
    """Speak to one role only (usually the rep)."""

    text: str
    to: LegRole = LegRole.REP
    intervention: Intervention | None = None
    wait_for_gap: bool = True
    max_wait_s: float = 4.0


@dataclass(slots=True, frozen=True)
class Card:
    """Show a suggestion card on the rep's screen."""

    intervention: Intervention


@dataclass(slots=True, frozen=True)
class Transfer:
    """Bring a rep onto the call."""

    rep_id: str


@dataclass(slots=True, frozen=True)
class Hangup:
    """End the call."""

    disposition: Disposition | None = None


@dataclass(slots=True, frozen=True)
class ToolCall:
    """Ask the session to run a named tool (CRM write, calendar ...)."""

    name: str
    arguments: dict[str, Any] = field(default_factory=dict)


Action = Say | Whisper | Card | Transfer | Hangup | ToolCall

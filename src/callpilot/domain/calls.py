"""Calls, their legs and what was said on them."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

__all__ = ["Call", "CallState", "Disposition", "Leg", "LegRole", "Utterance"]


class LegRole(str, Enum):
    """Who is on the other end of a leg."""

    LEAD = "lead"
    AI = "ai"
    REP = "rep"
    SUPERVISOR = "supervisor"


class CallState(str, Enum):
    """A call's life: created → dialing → active → ended."""

    CREATED = "created"
    DIALING = "dialing"
    ACTIVE = "active"
    ENDED = "ended"


class Disposition(str, Enum):
    """How a call ended, for reporting and the lead's next step."""

    CONVERTED = "converted"
    QUALIFIED = "qualified"
    FOLLOW_UP = "follow-up"
    NOT_INTERESTED = "not-interested"
    DISQUALIFIED = "disqualified"
    NO_ANSWER = "no-answer"
    VOICEMAIL = "voicemail"
    DO_NOT_CONTACT = "do-not-contact"
    FAILED = "failed"


@dataclass(slots=True)
class Leg:
    """One participant's connection to a call."""

    id: str
    call_id: str
    role: LegRole
    transport: str = "sim"
    joined_at: float | None = None
    """Call time (seconds since the call started) the leg joined."""
    left_at: float | None = None


@dataclass(slots=True)
class Call:
    """One phone call with a lead."""

    id: str
    lead_id: str | None = None
    state: CallState = CallState.CREATED
    transport: str = "sim"
    started_at: float | None = None
    """Unix seconds."""
    ended_at: float | None = None
    disposition: Disposition | None = None
    legs: list[Leg] = field(default_factory=list)


@dataclass(slots=True, frozen=True)
class Utterance:
    """Words one leg said, as recognised (or scripted, on the text-level sim)."""

    role: LegRole
    text: str
    start: float
    """Call time in seconds when the speech began."""
    end: float
    """Call time in seconds when the speech ended."""
    final: bool = True
    confidence: float = 1.0
    leg_id: str | None = None

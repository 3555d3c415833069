"""Leads and reps."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

__all__ = ["Lead", "LeadState", "Rep"]


class LeadState(str, Enum):
    """Where a lead is in its life. Transitions are enforced by ``leads.states``."""

    NEW = "new"
    CONTACTING = "contacting"
    CONTACTED = "contacted"
    QUALIFIED = "qualified"
    DEFERRED = "deferred"
    DISQUALIFIED = "disqualified"
    ESCALATED = "escalated"
    CONVERTED = "converted"
    DO_NOT_CONTACT = "do-not-contact"


@dataclass(slots=True)
class Lead:
    """A person who asked to be contacted."""

    id: str
    phone: str
    """E.164 phone number."""
    name: str = ""
    email: str | None = None
    source: str = "api"
    """Where the lead came from: ``api``, ``meta``, ``csv``, ``demo``."""
    state: LeadState = LeadState.NEW
    time_zone: str | None = None
    fields: dict[str, str] = field(default_factory=dict)
    """Form answers and anything else the source sent."""
    created_at: float = 0.0
    """Unix seconds."""


@dataclass(slots=True)
class Rep:
    """A human sales rep."""

    id: str
    name: str
    on_duty: bool = False
    email: str | None = None

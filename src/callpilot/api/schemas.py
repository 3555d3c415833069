"""Request and response bodies: pydantic at the edge, domain records inside."""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, EmailStr, Field, field_validator

from callpilot.domain import Call, Disposition, Event, Lead, Leg

__all__ = [
    "CallDetail",
    "CallOut",
    "DispositionIn",
    "EventOut",
    "FeedbackIn",
    "LeadIn",
    "LeadOut",
    "LegOut",
    "SimCallIn",
]

_PHONE_JUNK = re.compile(r"[\s().\-]")
_E164 = re.compile(r"^\+[1-9]\d{7,14}$")


class LeadIn(BaseModel):
    """A new lead. ``external_id`` makes retries safe: the same id returns the same lead."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    phone: str = Field(description="E.164, e.g. +14155550123 (spaces and dashes are fine)")
    name: str = Field("", max_length=200)
    email: EmailStr | None = None
    source: Literal["api", "csv", "meta", "demo"] = "api"
    external_id: str | None = Field(None, max_length=200)
    time_zone: str | None = Field(None, max_length=64)
    fields: dict[str, str] = Field(default_factory=dict)

    @field_validator("phone")
    @classmethod
    def _e164(cls, value: str) -> str:
        phone = _PHONE_JUNK.sub("", value)
        if phone.startswith("00"):
            phone = "+" + phone[2:]
        if not _E164.match(phone):
            raise ValueError(
                "phone must be in international format with the country code, e.g. +14155550123"
            )
        return phone


class LeadOut(BaseModel):
    id: str
    phone: str
    name: str
    email: str | None
    source: str
    state: str
    time_zone: str | None
    fields: dict[str, str]
    created_at: float

    @classmethod
    def of(cls, lead: Lead) -> LeadOut:
        return cls(
            id=lead.id,
            phone=lead.phone,
            name=lead.name,
            email=lead.email,
            source=lead.source,
            state=lead.state.value,
            time_zone=lead.time_zone,
            fields=lead.fields,
            created_at=lead.created_at,
        )


class LegOut(BaseModel):
    id: str
    role: str
    transport: str
    joined_at: float | None
    left_at: float | None

    @classmethod
    def of(cls, leg: Leg) -> LegOut:
        return cls(
            id=leg.id,
            role=leg.role.value,
            transport=leg.transport,
            joined_at=leg.joined_at,
            left_at=leg.left_at,
        )


class CallOut(BaseModel):
    id: str
    lead_id: str | None
    state: str
    transport: str
    started_at: float | None
    ended_at: float | None
    disposition: str | None
    live: bool = False

    @classmethod
    def of(cls, call: Call, *, live: bool = False) -> CallOut:
        return cls(
            id=call.id,
            lead_id=call.lead_id,
            state=call.state.value,
            transport=call.transport,
            started_at=call.started_at,
            ended_at=call.ended_at,
            disposition=call.disposition.value if call.disposition else None,
            live=live,
        )


class EventOut(BaseModel):
    call_id: str
    seq: int
    type: str
    at: float
    ts: float
    payload: dict[str, Any]

    @classmethod
    def of(cls, event: Event) -> EventOut:
        return cls(**event.to_json())


class CallDetail(CallOut):
    legs: list[LegOut]
    events: list[EventOut]


class SimCallIn(BaseModel):
    """Start a simulated call that plays a script (``turns`` as in a call scenario)."""

    model_config = ConfigDict(extra="forbid")

    script: Literal["demo"] | None = "demo"
    turns: list[dict[str, Any]] | None = None
    lead_id: str | None = None
    speed: float = Field(1.0, gt=0, le=1000, description="1 = real time; 50 = fifty times faster")
    audio: bool = Field(
        False, description="speak the lines in real audio through VAD and STT (real time only)"
    )
    sensitivity: Literal["conservative", "balanced", "proactive"] | None = None
    mode: Literal["silent", "voice"] | None = None


class DispositionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    disposition: Disposition
    rep_id: str | None = None


class FeedbackIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    feedback: Literal["used", "dismissed"]
    rep_id: str | None = None

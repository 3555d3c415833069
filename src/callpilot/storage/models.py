"""SQLAlchemy tables. Only ``storage`` sees these; repositories return domain records."""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, Boolean, Float, ForeignKey, Index, Integer, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

__all__ = ["Base", "CallRow", "EventRow", "LeadRow", "LegRow", "RepRow"]


class Base(DeclarativeBase):
    pass


class LeadRow(Base):
    __tablename__ = "lead"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    phone: Mapped[str] = mapped_column(String(20), index=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    email: Mapped[str | None] = mapped_column(String(320))
    source: Mapped[str] = mapped_column(String(20), default="api")
    external_id: Mapped[str | None] = mapped_column(String(200))
    state: Mapped[str] = mapped_column(String(20), default="new", index=True)
    time_zone: Mapped[str | None] = mapped_column(String(64))
    fields: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[float] = mapped_column(Float)

    __table_args__ = (Index("ix_lead_source_external_id", "source", "external_id", unique=True),)


class RepRow(Base):
    __tablename__ = "rep"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(320))
    on_duty: Mapped[bool] = mapped_column(Boolean, default=False)


class CallRow(Base):
    __tablename__ = "call"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    lead_id: Mapped[str | None] = mapped_column(ForeignKey("lead.id"), index=True)
    state: Mapped[str] = mapped_column(String(20), default="created")
    transport: Mapped[str] = mapped_column(String(20), default="sim")
    started_at: Mapped[float | None] = mapped_column(Float)
    ended_at: Mapped[float | None] = mapped_column(Float)
    disposition: Mapped[str | None] = mapped_column(String(30))


class LegRow(Base):
    __tablename__ = "leg"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    call_id: Mapped[str] = mapped_column(ForeignKey("call.id"), index=True)
    role: Mapped[str] = mapped_column(String(20))
    transport: Mapped[str] = mapped_column(String(20), default="sim")
    joined_at: Mapped[float | None] = mapped_column(Float)
    left_at: Mapped[float | None] = mapped_column(Float)


class EventRow(Base):
    __tablename__ = "event"

    call_id: Mapped[str] = mapped_column(ForeignKey("call.id"), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    type: Mapped[str] = mapped_column(String(60), index=True)
    at: Mapped[float] = mapped_column(Float)
    ts: Mapped[float] = mapped_column(Float)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

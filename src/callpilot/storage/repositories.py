"""Repositories: the only code that turns rows into domain records and back."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from callpilot.domain import Call, CallState, Disposition, Event, Lead, LeadState, Leg, LegRole, Rep
from callpilot.errors import NotFoundError
from callpilot.storage.database import Database
from callpilot.storage.models import CallRow, EventRow, LeadRow, LegRow, RepRow

__all__ = ["CallRepository", "EventRepository", "LeadRepository", "RepRepository", "SqlEventLog"]


def _lead(row: LeadRow) -> Lead:
    return Lead(
        id=row.id,
        phone=row.phone,
        name=row.name,
        email=row.email,
        source=row.source,
        state=LeadState(row.state),
        time_zone=row.time_zone,
        fields=dict(row.fields or {}),
        created_at=row.created_at,
    )


def _leg(row: LegRow) -> Leg:
    return Leg(
        id=row.id,
        call_id=row.call_id,
        role=LegRole(row.role),
        transport=row.transport,
        joined_at=row.joined_at,
        left_at=row.left_at,
    )


def _call(row: CallRow, legs: Sequence[LegRow] = ()) -> Call:
    return Call(
        id=row.id,
        lead_id=row.lead_id,
        state=CallState(row.state),
        transport=row.transport,
        started_at=row.started_at,
        ended_at=row.ended_at,
        disposition=Disposition(row.disposition) if row.disposition else None,
        legs=[_leg(leg) for leg in legs],
    )


def _event(row: EventRow) -> Event:
    return Event(row.call_id, row.seq, row.type, row.at, row.ts, dict(row.payload or {}))


class LeadRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def add(self, lead: Lead, *, external_id: str | None = None) -> tuple[Lead, bool]:
        """Store a lead. With an ``external_id`` a retry returns the stored lead: (lead, False)."""
        if external_id is not None:
            existing = await self.by_external_id(lead.source, external_id)
            if existing is not None:
                return existing, False
        row = LeadRow(
            id=lead.id,
            phone=lead.phone,
            name=lead.name,
            email=lead.email,
            source=lead.source,
            external_id=external_id,
            state=lead.state.value,
            time_zone=lead.time_zone,
            fields=dict(lead.fields),
            created_at=lead.created_at,
        )
        async with self.db.session() as session:
            session.add(row)
            try:
                await session.commit()
            except IntegrityError:
                # two deliveries of the same lead raced: the first one won
                await session.rollback()
                if external_id is not None:
                    existing = await self.by_external_id(lead.source, external_id)
                    if existing is not None:
                        return existing, False
                raise
        return replace(lead), True

    async def by_external_id(self, source: str, external_id: str) -> Lead | None:
        async with self.db.session() as session:
            row = await session.scalar(
                select(LeadRow).where(LeadRow.source == source, LeadRow.external_id == external_id)
            )
            return _lead(row) if row else None

    async def get(self, lead_id: str) -> Lead:
        async with self.db.session() as session:
            row = await session.get(LeadRow, lead_id)
            if row is None:
                raise NotFoundError(f"lead {lead_id} not found")
            return _lead(row)

    async def list(
        self, *, state: LeadState | None = None, limit: int = 100, offset: int = 0
    ) -> list[Lead]:
        query = select(LeadRow).order_by(LeadRow.created_at.desc(), LeadRow.id)
        if state is not None:
            query = query.where(LeadRow.state == state.value)
        async with self.db.session() as session:
            rows = await session.scalars(query.limit(limit).offset(offset))
            return [_lead(r) for r in rows]

    async def set_state(self, lead_id: str, state: LeadState) -> None:
        async with self.db.session() as session:
            await session.execute(
                update(LeadRow).where(LeadRow.id == lead_id).values(state=state.value)
            )
            await session.commit()


class RepRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def upsert(self, rep: Rep) -> Rep:
        async with self.db.session() as session:
            row = await session.get(RepRow, rep.id)
            if row is None:
                session.add(RepRow(id=rep.id, name=rep.name, email=rep.email, on_duty=rep.on_duty))
            else:
                row.name, row.email, row.on_duty = rep.name, rep.email, rep.on_duty
            await session.commit()
        return rep

    async def list(self) -> list[Rep]:
        async with self.db.session() as session:
            rows = await session.scalars(select(RepRow).order_by(RepRow.name))
            return [Rep(r.id, r.name, r.on_duty, r.email) for r in rows]


class CallRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def add(self, call: Call) -> Call:
        async with self.db.session() as session:
            session.add(
                CallRow(
                    id=call.id,
                    lead_id=call.lead_id,
                    state=call.state.value,
                    transport=call.transport,
                    started_at=call.started_at,
                    ended_at=call.ended_at,
                    disposition=call.disposition.value if call.disposition else None,
                )
            )
            await session.commit()
        return call

    async def add_leg(self, leg: Leg) -> None:
        async with self.db.session() as session:
            session.add(
                LegRow(
                    id=leg.id,
                    call_id=leg.call_id,
                    role=leg.role.value,
                    transport=leg.transport,
                    joined_at=leg.joined_at,
                    left_at=leg.left_at,
                )
            )
            await session.commit()

    async def update(
        self,
        call_id: str,
        *,
        state: CallState | None = None,
        ended_at: float | None = None,
        disposition: Disposition | None = None,
    ) -> None:
        values: dict[str, object] = {}
        if state is not None:
            values["state"] = state.value
        if ended_at is not None:
            values["ended_at"] = ended_at
        if disposition is not None:
            values["disposition"] = disposition.value
        if not values:
            return
        async with self.db.session() as session:
            result = await session.execute(
                update(CallRow).where(CallRow.id == call_id).values(**values)
            )
            if result.rowcount == 0:  # type: ignore[attr-defined]
                raise NotFoundError(f"call {call_id} not found")
            await session.commit()

    async def get(self, call_id: str) -> Call:
        async with self.db.session() as session:
            row = await session.get(CallRow, call_id)
            if row is None:
                raise NotFoundError(f"call {call_id} not found")
            legs = (
                await session.scalars(
                    select(LegRow).where(LegRow.call_id == call_id).order_by(LegRow.joined_at)
                )
            ).all()
            return _call(row, legs)

    async def list(self, *, limit: int = 50, state: CallState | None = None) -> list[Call]:
        query = select(CallRow).order_by(CallRow.started_at.desc().nulls_last(), CallRow.id)
        if state is not None:
            query = query.where(CallRow.state == state.value)
        async with self.db.session() as session:
            rows = await session.scalars(query.limit(limit))
            return [_call(r) for r in rows]


class EventRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def for_call(self, call_id: str, *, after_seq: int = 0) -> list[Event]:
        async with self.db.session() as session:
            rows = await session.scalars(
                select(EventRow)
                .where(EventRow.call_id == call_id, EventRow.seq > after_seq)
                .order_by(EventRow.seq)
            )
            return [_event(r) for r in rows]

    async def count(self, call_id: str) -> int:
        async with self.db.session() as session:
            n = await session.scalar(
                select(func.count()).select_from(EventRow).where(EventRow.call_id == call_id)
            )
            return int(n or 0)

    async def append_external(
        self,
        call_id: str,
        type: str,
        at: float,
        ts: float,
        payload: Mapping[str, Any],
    ) -> Event:
        """Append to the log of a call that has no live session (feedback after the call)."""
        async with self.db.session() as session:
            async with session.begin():
                last = await session.scalar(
                    select(func.max(EventRow.seq)).where(EventRow.call_id == call_id)
                )
                row = EventRow(
                    call_id=call_id,
                    seq=int(last or 0) + 1,
                    type=type,
                    at=at,
                    ts=ts,
                    payload=dict(payload),
                )
                session.add(row)
            return _event(row)


class SqlEventLog:
    """The call session's ``EventLog`` on the database: one committed row per event."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def append(self, event: Event) -> None:
        async with self.db.session() as session:
            session.add(
                EventRow(
                    call_id=event.call_id,
                    seq=event.seq,
                    type=event.type,
                    at=event.at,
                    ts=event.ts,
                    payload=event.payload,
                )
            )
            await session.commit()

from __future__ import annotations

import pytest

from callpilot.domain import Call, CallState, Disposition, Lead, LeadState, Rep
from callpilot.errors import NotFoundError
from callpilot.storage import (
    CallRepository,
    Database,
    EventRepository,
    LeadRepository,
    RepRepository,
)


async def test_lead_with_same_external_id_is_stored_once(database: Database) -> None:
    repo = LeadRepository(database)
    first, created = await repo.add(
        Lead(id="l1", phone="+14155550100", source="meta", created_at=1.0), external_id="fb-1"
    )
    again, created_again = await repo.add(
        Lead(id="l2", phone="+14155550100", source="meta", created_at=2.0), external_id="fb-1"
    )
    assert created and not created_again
    assert again.id == first.id == "l1"
    assert [lead.id for lead in await repo.list()] == ["l1"]


async def test_leads_filter_by_state_and_missing_lead_is_not_found(database: Database) -> None:
    repo = LeadRepository(database)
    await repo.add(Lead(id="a", phone="+14155550101", created_at=1.0))
    await repo.add(Lead(id="b", phone="+14155550102", created_at=2.0))
    await repo.set_state("b", LeadState.QUALIFIED)
    assert [lead.id for lead in await repo.list(state=LeadState.QUALIFIED)] == ["b"]
    assert [lead.id for lead in await repo.list()] == ["b", "a"]  # newest first
    with pytest.raises(NotFoundError):
        await repo.get("nope")


async def test_call_update_and_external_event_append(database: Database) -> None:
    calls = CallRepository(database)
    await calls.add(Call(id="c1", state=CallState.ACTIVE, started_at=10.0))
    await calls.update(
        "c1", state=CallState.ENDED, ended_at=20.0, disposition=Disposition.CONVERTED
    )
    call = await calls.get("c1")
    assert call.state is CallState.ENDED and call.disposition is Disposition.CONVERTED
    events = EventRepository(database)
    first = await events.append_external("c1", "intervention.feedback", 5.0, 21.0, {"x": 1})
    second = await events.append_external("c1", "intervention.feedback", 5.0, 22.0, {"x": 2})
    assert (first.seq, second.seq) == (1, 2)
    with pytest.raises(NotFoundError):
        await calls.update("missing", state=CallState.ENDED)


async def test_reps_upsert(database: Database) -> None:
    reps = RepRepository(database)
    await reps.upsert(Rep(id="r1", name="Alex", on_duty=False))
    await reps.upsert(Rep(id="r1", name="Alex", on_duty=True))
    assert [(r.id, r.on_duty) for r in await reps.list()] == [("r1", True)]

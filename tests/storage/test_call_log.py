"""A whole scripted call through the real session into the real database (SQLite and Postgres)."""

from __future__ import annotations

import asyncio
import time

from callpilot.bus import InProcessBus
from callpilot.calls import CallManager
from callpilot.clock import VirtualClock
from callpilot.domain import CallState, EventType, Lead, LegRole
from callpilot.storage import CallRepository, Database, EventRepository, LeadRepository, SqlEventLog
from callpilot.telephony import ScriptLine, SimCall


def five_minute_script() -> list[ScriptLine]:
    """Alternating lead/rep lines with pauses, one overlap (an interruption), 300 s long."""
    lines: list[ScriptLine] = []
    t = 0.0
    for i in range(40):
        role = LegRole.LEAD if i % 2 == 0 else LegRole.REP
        length = 3.0 + (i % 4)
        lines.append(ScriptLine(role, t, t + length, f"line {i:02d} from {role.value}"))
        t += length + (0.6 if i % 7 else 9.0)  # every seventh gap is a long pause
    # the lead cuts in one second before line 11 ends
    cut = lines[11]
    lines.append(ScriptLine(LegRole.LEAD, cut.end - 1.0, cut.end + 1.5, "sorry, one question"))
    assert t < 300.0
    return lines


async def test_scripted_five_minute_call_is_stored_in_order(database: Database) -> None:
    clock = VirtualClock()
    lead = Lead(id="lead-1", phone="+14155550100", name="Test Lead", created_at=clock.wall())
    await LeadRepository(database).add(lead)
    manager = CallManager(
        clock=clock, store=CallRepository(database), log=SqlEventLog(database), bus=InProcessBus()
    )
    script = five_minute_script()

    started = time.perf_counter()
    session = await manager.start_call(lead_id=lead.id)
    await asyncio.wait_for(SimCall(session, script).play(end_at=300.0), timeout=30)
    await session.aclose(reason="completed")
    elapsed = time.perf_counter() - started

    assert clock.now() >= 300.0
    assert elapsed < 5.0, f"a 5-minute virtual call took {elapsed:.2f}s of real time"

    events = await EventRepository(database).for_call(session.call_id)
    assert [e.seq for e in events] == list(range(1, len(events) + 1))
    assert [e.at for e in events] == sorted(e.at for e in events)
    said = [e.payload["text"] for e in events if e.type == EventType.UTTERANCE_FINAL]
    expected = [line.text for line in sorted(script, key=lambda line: line.end)]
    assert said == expected
    assert events[0].type == EventType.CALL_CREATED and events[-1].type == EventType.CALL_ENDED

    call = await CallRepository(database).get(session.call_id)
    assert call.state is CallState.ENDED and call.lead_id == lead.id
    assert sorted(leg.role.value for leg in call.legs) == ["lead", "rep"]
    await manager.aclose()


async def test_scripted_call_is_fast_in_real_time(database: Database) -> None:
    # The bar: a 5-minute call runs in under a second under the virtual clock.
    # Timed on the in-memory path to keep database speed out of it.
    from callpilot.calls import CallSession

    clock = VirtualClock()
    session = CallSession(call_id="fast", clock=clock)
    await session.start()
    started = time.perf_counter()
    await asyncio.wait_for(SimCall(session, five_minute_script()).play(end_at=300.0), timeout=10)
    await session.aclose()
    assert time.perf_counter() - started < 1.0

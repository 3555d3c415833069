from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, status

from callpilot.api.deps import Components, ComponentsDep, require_token
from callpilot.api.schemas import (
    CallDetail,
    CallOut,
    DispositionIn,
    EventOut,
    FeedbackIn,
    LegOut,
    SimCallIn,
)
from callpilot.domain import Event, EventType
from callpilot.errors import InvalidStateError
from callpilot.telephony.simulate import start_sim_call

router = APIRouter(prefix="/api", tags=["calls"], dependencies=[Depends(require_token)])


@router.get("/calls")
async def list_calls(
    components: ComponentsDep, limit: Annotated[int, Query(ge=1, le=500)] = 50
) -> list[CallOut]:
    live = components.calls.sessions
    calls = await components.call_repo.list(limit=limit)
    return [CallOut.of(c, live=c.id in live and live[c.id].running) for c in calls]


@router.get("/calls/{call_id}")
async def get_call(call_id: str, components: ComponentsDep) -> CallDetail:
    """The call record with its legs and its whole event log, in order."""
    call = await components.call_repo.get(call_id)
    events = await components.event_repo.for_call(call_id)
    live = call_id in components.calls.sessions and components.calls.sessions[call_id].running
    return CallDetail(
        **CallOut.of(call, live=live).model_dump(),
        legs=[LegOut.of(leg) for leg in call.legs],
        events=[EventOut.of(e) for e in events],
    )


@router.post("/calls/{call_id}/interventions/{intervention_id}/feedback")
async def intervention_feedback(
    call_id: str, intervention_id: str, body: FeedbackIn, components: ComponentsDep
) -> EventOut:
    """The rep marks a co-pilot card used or dismissed; stored in the call's event log."""
    events = await components.event_repo.for_call(call_id)
    if not any(
        e.type == EventType.INTERVENTION_FIRED and e.payload.get("id") == intervention_id
        for e in events
    ):
        raise HTTPException(
            status.HTTP_404_NOT_FOUND, f"call {call_id} has no intervention {intervention_id}"
        )
    payload = {"intervention_id": intervention_id, "feedback": body.feedback, "rep_id": body.rep_id}
    return EventOut.of(await _log(components, call_id, EventType.INTERVENTION_FEEDBACK, payload))


@router.post("/calls/{call_id}/disposition")
async def set_disposition(call_id: str, body: DispositionIn, components: ComponentsDep) -> CallOut:
    """How the call ended for sales (converted, follow-up ...): stored on the call and logged."""
    await components.call_repo.get(call_id)  # 404 for an unknown call
    await components.call_repo.update(call_id, disposition=body.disposition)
    payload = {"disposition": body.disposition.value, "rep_id": body.rep_id}
    await _log(components, call_id, EventType.CALL_DISPOSITION, payload)
    call = await components.call_repo.get(call_id)
    live = components.calls.sessions.get(call_id)
    return CallOut.of(call, live=live is not None and live.running)


async def _log(
    components: Components, call_id: str, type: EventType, payload: dict[str, Any]
) -> Event:
    """Append to a call's log: through its live session, or to the stored log once it ended."""
    session = components.calls.sessions.get(call_id)
    if session is not None and session.running:
        try:
            return await session.emit(type, payload)
        except InvalidStateError:
            pass  # the call ended meanwhile: append to the stored log below
    events = await components.event_repo.for_call(call_id)
    event = await components.event_repo.append_external(
        call_id, type.value, events[-1].at if events else 0.0, components.clock.wall(), payload
    )
    await components.bus.publish(event)
    return event


@router.post("/sim/calls", status_code=status.HTTP_202_ACCEPTED)
async def start_simulated_call(body: SimCallIn, components: ComponentsDep) -> CallOut:
    """Start a simulated call on the ``sim`` transport that plays a script (demo or given)."""
    try:
        session = await start_sim_call(
            components.calls, body.model_dump(), speech=components.speech
        )
    except ValueError as exc:
        raise HTTPException(422, str(exc)) from exc
    call = await components.call_repo.get(session.call_id)
    return CallOut.of(call, live=True)

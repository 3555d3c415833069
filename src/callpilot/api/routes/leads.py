from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response, status

from callpilot.api.deps import ComponentsDep, require_token
from callpilot.api.schemas import LeadIn, LeadOut
from callpilot.domain import Lead, LeadState

router = APIRouter(prefix="/api/leads", tags=["leads"], dependencies=[Depends(require_token)])


@router.post("", status_code=status.HTTP_201_CREATED)
async def create_lead(body: LeadIn, components: ComponentsDep, response: Response) -> LeadOut:
    """Store a lead (persisted before this answers). A repeated ``external_id`` returns 200."""
    lead = Lead(
        id=f"lead-{uuid.uuid4().hex[:16]}",
        phone=body.phone,
        name=body.name,
        email=str(body.email) if body.email else None,
        source=body.source,
        time_zone=body.time_zone,
        fields=body.fields,
        created_at=components.clock.wall(),
    )
    stored, created = await components.lead_repo.add(lead, external_id=body.external_id)
    if not created:
        response.status_code = status.HTTP_200_OK
    return LeadOut.of(stored)


@router.get("")
async def list_leads(
    components: ComponentsDep,
    state: LeadState | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> list[LeadOut]:
    leads = await components.lead_repo.list(state=state, limit=limit, offset=offset)
    return [LeadOut.of(lead) for lead in leads]


@router.get("/{lead_id}")
async def get_lead(lead_id: str, components: ComponentsDep) -> LeadOut:
    return LeadOut.of(await components.lead_repo.get(lead_id))

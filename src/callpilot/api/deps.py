"""What routes get injected: the app's components, built once in the lifespan."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, HTTPException, Request, WebSocket, status

from callpilot.bus import InProcessBus
from callpilot.calls import Agent, CallManager
from callpilot.clock import Clock
from callpilot.config import Settings
from callpilot.speech.engines import SpeechEngines
from callpilot.storage import (
    CallRepository,
    Database,
    EventRepository,
    LeadRepository,
    RepRepository,
)

__all__ = ["Components", "ComponentsDep", "require_token", "websocket_token_ok"]


@dataclass(slots=True)
class Components:
    settings: Settings
    clock: Clock
    db: Database
    bus: InProcessBus
    calls: CallManager
    lead_repo: LeadRepository
    call_repo: CallRepository
    event_repo: EventRepository
    rep_repo: RepRepository
    agents: list[Agent]
    speech: SpeechEngines


def get_components(request: Request) -> Components:
    components: Components = request.app.state.components
    return components


ComponentsDep = Annotated[Components, Depends(get_components)]


def require_token(request: Request) -> None:
    """When ``security.api_token`` is set, the API wants ``Authorization: Bearer <token>``."""
    token = request.app.state.settings.security.api_token
    if not token:
        return
    header = request.headers.get("authorization", "")
    if not secrets.compare_digest(header, f"Bearer {token}"):
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            "missing or wrong API token (Authorization: Bearer <token>)",
            headers={"WWW-Authenticate": "Bearer"},
        )


def websocket_token_ok(websocket: WebSocket) -> bool:
    token = websocket.app.state.settings.security.api_token
    if not token:
        return True
    given = websocket.query_params.get("token", "")
    return secrets.compare_digest(given, token)

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from sqlalchemy import text

from callpilot import __version__
from callpilot.api.deps import ComponentsDep

router = APIRouter(tags=["health"])


@router.get("/healthz")
async def healthz(components: ComponentsDep) -> dict[str, Any]:
    """Liveness and the database's reachability."""
    async with components.db.session() as session:
        await session.execute(text("SELECT 1"))
    return {
        "status": "ok",
        "version": __version__,
        "database": "ok",
        "live_calls": len(components.calls.live()),
    }

"""The app factory: builds every component from the settings and wires them together.

This is the one place where packages meet: storage, bus, call manager, agents, routes.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from fastapi import FastAPI, Request
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles

from callpilot import __version__
from callpilot.api import pcm, ws
from callpilot.api.deps import Components
from callpilot.api.routes import calls, health, leads
from callpilot.bus import InProcessBus
from callpilot.calls import Agent, CallManager
from callpilot.clock import Clock, SystemClock
from callpilot.config import Settings
from callpilot.errors import InvalidStateError, NotFoundError, ValidationError
from callpilot.speech.engines import SpeechEngines
from callpilot.storage import (
    CallRepository,
    Database,
    EventRepository,
    LeadRepository,
    RepRepository,
    SqlEventLog,
)

if TYPE_CHECKING:
    from callpilot.copilot.semantic import KnowledgeIndex
    from callpilot.knowledge import KnowledgeBase

__all__ = ["create_app"]

logger = logging.getLogger(__name__)

WEB_DIR = Path(__file__).resolve().parent.parent / "web"


def create_app(
    settings: Settings,
    *,
    clock: Clock | None = None,
    seed_demo: bool = False,
) -> FastAPI:
    """Build the ASGI app. Components are created in the lifespan and closed after it."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        components = await _build(settings, clock or SystemClock())
        app.state.components = components
        preload = (
            asyncio.ensure_future(components.speech.preload()) if settings.speech.preload else None
        )
        try:
            if seed_demo:
                await _seed_demo(components)
            yield
        finally:
            if preload is not None:
                preload.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await preload
            # Stop calls first (each logs call.ended), then release the database.
            await components.calls.aclose()
            await components.db.aclose()
            components.speech.close()
            for agent in components.agents:
                close = getattr(agent, "close", None)
                if close is not None:
                    close()

    app = FastAPI(
        title="callpilot",
        version=__version__,
        summary="AI-assisted phone sales: callback, qualification, handoff and live co-pilot.",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.include_router(health.router)
    app.include_router(leads.router)
    app.include_router(calls.router)
    app.include_router(ws.router)
    app.include_router(pcm.router)
    _add_error_handlers(app)
    app.mount("/static", StaticFiles(directory=WEB_DIR / "static"), name="static")

    @app.get("/", include_in_schema=False)
    async def dashboard() -> FileResponse:
        return FileResponse(WEB_DIR / "static" / "index.html")

    return app


async def _build(settings: Settings, clock: Clock) -> Components:
    db = Database(settings.database.resolved_url(), echo=settings.database.echo)
    if settings.database.auto_migrate:
        await db.upgrade()
    bus = InProcessBus(queue_size=settings.bus.queue_size)
    call_repo = CallRepository(db)
    agents = _shared_agents(settings)
    manager = CallManager(
        clock=clock,
        store=call_repo,
        log=SqlEventLog(db),
        bus=bus,
        agent_factory=lambda options: list(agents),
        silence_tick_s=settings.telephony.silence_tick_s,
    )
    return Components(
        settings=settings,
        clock=clock,
        db=db,
        bus=bus,
        calls=manager,
        lead_repo=LeadRepository(db),
        call_repo=call_repo,
        event_repo=EventRepository(db),
        rep_repo=RepRepository(db),
        agents=agents,
        speech=SpeechEngines(
            stt_model=settings.speech.stt_model,
            tts=settings.speech.tts,
            cpu_threads=settings.speech.cpu_threads,
        ),
    )


def _shared_agents(settings: Settings) -> list[Agent]:
    """The agents every call gets. The co-pilot joins when a knowledge base is configured.

    The knowledge base and its index are loaded once here; a malformed file stops the start
    with its file, line and reason.
    """
    agents: list[Agent] = []
    if settings.copilot.knowledge is not None:
        from callpilot.copilot.agent import CopilotAgent
        from callpilot.copilot.config import CopilotConfig, load_copilot_config
        from callpilot.knowledge import load_knowledge

        kb = load_knowledge(settings.copilot.knowledge)
        config = (
            load_copilot_config(settings.copilot.config_file)
            if settings.copilot.config_file is not None
            else CopilotConfig()
        )
        config = config.with_overrides(
            {"sensitivity": settings.copilot.sensitivity, "mode": settings.copilot.mode}
        )
        agents.append(CopilotAgent(kb, config, index=_knowledge_index(kb, settings)))
    return agents


def _knowledge_index(kb: KnowledgeBase, settings: Settings) -> KnowledgeIndex:
    """The co-pilot's index over ``kb`` with the configured sentence encoder, built now."""
    from callpilot.copilot.indexes import make_index

    return make_index(kb, settings.copilot.encoder)


async def _seed_demo(components: Components) -> None:
    from callpilot.demo import DEMO_LEADS, DEMO_REPS

    for rep in DEMO_REPS:
        await components.rep_repo.upsert(rep)
    for lead in DEMO_LEADS:
        lead.created_at = components.clock.wall()
        await components.lead_repo.add(lead, external_id=lead.id)


def _add_error_handlers(app: FastAPI) -> None:
    # Domain errors become HTTP answers here, not in each route.
    async def not_found(_: Request, exc: Exception) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=404)

    async def invalid(_: Request, exc: Exception) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=422)

    async def conflict(_: Request, exc: Exception) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=409)

    app.add_exception_handler(NotFoundError, not_found)
    app.add_exception_handler(ValidationError, invalid)
    app.add_exception_handler(InvalidStateError, conflict)

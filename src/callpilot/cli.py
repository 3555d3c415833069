"""The ``callpilot`` command: serve, demo, db upgrade, version, eval, replay, report."""

from __future__ import annotations

import asyncio
import json
import logging
import sys
from pathlib import Path
from typing import Annotated

import typer

from callpilot import __version__
from callpilot.config import Settings, load_settings
from callpilot.domain import Call, Event, EventType
from callpilot.errors import CallpilotError, ConfigError, NotFoundError

__all__ = ["app"]

app = typer.Typer(
    name="callpilot",
    help="AI-assisted phone sales: instant callback, qualification, handoff and live co-pilot.",
    no_args_is_help=True,
    add_completion=False,
)
db_app = typer.Typer(help="Database maintenance.", no_args_is_help=True)
app.add_typer(db_app, name="db")

HostOption = Annotated[str | None, typer.Option(help="Interface to listen on [default: 127.0.0.1]")]
PortOption = Annotated[int | None, typer.Option(help="Port to listen on [default: 8000]")]


def _settings(**overrides: object) -> Settings:
    try:
        return load_settings(**overrides)
    except ConfigError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc


def _server_settings(settings: Settings, host: str | None, port: int | None) -> Settings:
    server = settings.server.model_copy(
        update={k: v for k, v in {"host": host, "port": port}.items() if v is not None}
    )
    return settings.model_copy(update={"server": server})


def _serve(settings: Settings, *, seed_demo: bool) -> None:
    import uvicorn

    from callpilot.api import create_app

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    application = create_app(settings, seed_demo=seed_demo)
    typer.echo(
        f"callpilot {__version__}: dashboard at http://{settings.server.host}:{settings.server.port}/"
        f"  (database: {settings.database.resolved_url()})"
    )
    uvicorn.run(application, host=settings.server.host, port=settings.server.port, log_level="info")


@app.command()
def serve(host: HostOption = None, port: PortOption = None) -> None:
    """Run the API and the dashboard."""
    _serve(_server_settings(_settings(), host, port), seed_demo=False)


@app.command()
def demo(host: HostOption = None, port: PortOption = None) -> None:
    """Serve on the embedded defaults (SQLite, sim phone network) with a seeded demo business."""
    from callpilot.demo import DEMO_KNOWLEDGE

    settings = _server_settings(_settings(), host, port)
    if settings.copilot.knowledge is None:
        copilot = settings.copilot.model_copy(update={"knowledge": DEMO_KNOWLEDGE})
        settings = settings.model_copy(update={"copilot": copilot})
    _serve(settings, seed_demo=True)


@app.command()
def version() -> None:
    """Print the version."""
    typer.echo(__version__)


@db_app.command("upgrade")
def db_upgrade(
    revision: Annotated[str, typer.Argument(help="Alembic revision")] = "head",
) -> None:
    """Apply the database migrations (the configured database, SQLite by default)."""
    from callpilot.storage import Database

    settings = _settings()

    async def run() -> None:
        db = Database(settings.database.resolved_url())
        try:
            await db.upgrade(revision)
        finally:
            await db.aclose()

    try:
        asyncio.run(run())
    except Exception as exc:
        typer.echo(f"error: migration failed: {exc}", err=True)
        raise typer.Exit(1) from exc
    typer.echo(f"database at {revision}: {settings.database.resolved_url()}")


def _stored_calls(settings: Settings, call_id: str | None) -> list[tuple[Call, list[Event]]]:
    """Calls (one, or all) with their event logs, from the configured database."""
    from callpilot.storage import CallRepository, Database, EventRepository

    async def load() -> list[tuple[Call, list[Event]]]:
        db = Database(settings.database.resolved_url())
        try:
            calls, events = CallRepository(db), EventRepository(db)
            chosen = [await calls.get(call_id)] if call_id else await calls.list(limit=100_000)
            return [(call, await events.for_call(call.id)) for call in chosen]
        finally:
            await db.aclose()

    try:
        return asyncio.run(load())
    except NotFoundError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from exc


@app.command()
def replay(
    call_id: Annotated[str, typer.Argument(help="The stored call to run through the co-pilot")],
    knowledge: Annotated[
        Path | None, typer.Option(help="Knowledge base file or folder [default: copilot.knowledge]")
    ] = None,
    sensitivity: Annotated[
        str | None, typer.Option(help="conservative | balanced | proactive")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object")] = False,
) -> None:
    """What the co-pilot would do on a stored call now (try a new knowledge base or level)."""
    from callpilot.copilot.config import CopilotConfig, load_copilot_config
    from callpilot.copilot.replay import replay_events
    from callpilot.knowledge import load_knowledge

    settings = _settings()
    if sensitivity not in (None, "conservative", "balanced", "proactive"):
        typer.echo("error: --sensitivity is conservative, balanced or proactive", err=True)
        raise typer.Exit(2)
    kb_path = knowledge or settings.copilot.knowledge
    if kb_path is None:
        typer.echo("error: no knowledge base: pass --knowledge or set copilot.knowledge", err=True)
        raise typer.Exit(2)
    try:
        kb = load_knowledge(kb_path)
        config = (
            load_copilot_config(settings.copilot.config_file)
            if settings.copilot.config_file
            else CopilotConfig()
        )
    except CallpilotError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    [(call, events)] = _stored_calls(settings, call_id)
    level = sensitivity or settings.copilot.sensitivity
    now = replay_events(events, kb, config=config, sensitivity=level)  # type: ignore[arg-type]
    then = [e.payload for e in events if e.type == EventType.INTERVENTION_FIRED]
    if as_json:
        typer.echo(
            json.dumps({"call_id": call.id, "then": then, "now": [i.to_json() for i in now]})
        )
        return
    typer.echo(f"call {call.id}: {len(then)} intervention(s) then, {len(now)} now")
    for iv in now:
        typer.echo(f"{iv.at:8.1f}s  {iv.trigger.value:<16} {iv.delivery.value:<8} {iv.text}")


@app.command()
def report(
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object")] = False,
) -> None:
    """Reps' feedback on co-pilot cards: acceptance per trigger, and upsell conversion."""
    from callpilot.copilot.feedback import FeedbackReport

    calls = _stored_calls(_settings(), None)
    result = FeedbackReport.from_calls((events, call.disposition) for call, events in calls)
    typer.echo(json.dumps(result.to_json()) if as_json else result.format_table())


def _register_optional() -> None:
    # The co-pilot's commands live with the co-pilot package.
    try:
        from callpilot.copilot.cli import register
    except ImportError:
        return
    register(app)


_register_optional()


def main() -> None:  # pragma: no cover - console entry
    try:
        app()
    except CallpilotError as exc:
        typer.echo(f"error: {exc}", err=True)
        sys.exit(2)


if __name__ == "__main__":  # pragma: no cover
    main()

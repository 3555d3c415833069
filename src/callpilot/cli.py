"""The ``callpilot`` command: serve, demo, db upgrade, version, eval, replay, report."""

from __future__ import annotations

import asyncio
import logging
import sys
from typing import Annotated

import typer

from callpilot import __version__
from callpilot.config import Settings, load_settings
from callpilot.errors import CallpilotError, ConfigError

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

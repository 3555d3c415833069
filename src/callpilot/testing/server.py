"""Run the real app under uvicorn on 127.0.0.1 in a background thread (httpx's TestServer way)."""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from pathlib import Path
from typing import Any

import uvicorn

from callpilot.config import Settings

__all__ = ["ServerThread", "make_settings"]


def make_settings(data_dir: Path, **overrides: Any) -> Settings:
    """Settings for a throwaway instance: SQLite in ``data_dir``, dev env, models loaded lazily."""
    values: dict[str, Any] = {
        "env": "dev",
        "database": {"data_dir": data_dir},
        "speech": {"preload": False},  # tests that need the models load them on first use
    }
    values.update(overrides)
    return Settings.model_validate(values)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class ServerThread:
    """``with ServerThread(app) as server:`` serves ``app`` at ``server.url`` until the block ends.

    ``tasks_after_stop`` holds the tasks still alive in the server's loop once it stopped, so
    tests can prove a shutdown leaks nothing.
    """

    def __init__(self, app: Any, *, port: int | None = None) -> None:
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.ws_url = f"ws://127.0.0.1:{self.port}"
        config = uvicorn.Config(
            app, host="127.0.0.1", port=self.port, log_level="warning", lifespan="on"
        )
        self.server = uvicorn.Server(config)
        self.tasks_after_stop: set[asyncio.Task[Any]] | None = None
        self._thread = threading.Thread(target=self._run, name="callpilot-test-server", daemon=True)
        self.error: BaseException | None = None

    def _run(self) -> None:
        loop = asyncio.new_event_loop()
        try:
            loop.run_until_complete(self._serve())
        except BaseException as exc:  # reported to the test through .error
            self.error = exc
        finally:
            loop.close()

    async def _serve(self) -> None:
        await self.server.serve()
        current = asyncio.current_task()
        self.tasks_after_stop = {t for t in asyncio.all_tasks() if t is not current}

    def start(self, timeout: float = 20.0) -> None:
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not self.server.started:
            if self.error is not None or not self._thread.is_alive():
                raise RuntimeError(f"server failed to start: {self.error!r}")
            if time.monotonic() > deadline:
                raise TimeoutError("server did not start in time")
            time.sleep(0.02)

    def stop(self, timeout: float = 20.0) -> None:
        self.server.should_exit = True
        self._thread.join(timeout)
        if self._thread.is_alive():
            raise TimeoutError("server did not stop in time")

    def __enter__(self) -> ServerThread:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

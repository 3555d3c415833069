"""Live calls of one process: starts sessions, records calls and legs, stops them all cleanly."""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Callable, Coroutine, Sequence
from typing import Any, Protocol

from callpilot.calls.agent import Agent
from callpilot.calls.log import EventLog
from callpilot.calls.session import CallSession
from callpilot.clock import Clock
from callpilot.domain import Call, CallState, Disposition, Event, EventType, Leg, LegRole

__all__ = ["CallManager", "CallStore"]

logger = logging.getLogger(__name__)

SHUTDOWN_TIMEOUT_SECS = 5.0


class CallStore(Protocol):
    """What the manager needs from storage (``storage.CallRepository`` implements it)."""

    async def add(self, call: Call) -> Call: ...

    async def add_leg(self, leg: Leg) -> None: ...

    async def update(
        self,
        call_id: str,
        *,
        state: CallState | None = None,
        ended_at: float | None = None,
        disposition: Disposition | None = None,
    ) -> None: ...


class _RecordingLog:
    """Appends to the event log, then keeps the call and leg records in step with it."""

    def __init__(self, log: EventLog, store: CallStore, clock: Clock) -> None:
        self._log = log
        self._store = store
        self._clock = clock

    async def append(self, event: Event) -> None:
        await self._log.append(event)  # the log is the source of truth: it is written first
        if event.type == EventType.LEG_JOINED:
            await self._store.add_leg(
                Leg(
                    id=str(event.payload["leg_id"]),
                    call_id=event.call_id,
                    role=LegRole(str(event.payload["role"])),
                    transport=str(event.payload.get("transport", "sim")),
                    joined_at=event.at,
                )
            )
        elif event.type == EventType.CALL_ENDED:
            disposition = event.payload.get("disposition")
            await self._store.update(
                event.call_id,
                state=CallState.ENDED,
                ended_at=event.ts,
                disposition=Disposition(disposition) if disposition else None,
            )


AgentFactory = Callable[[dict[str, Any]], Sequence[Agent]]
"""Builds a call's agents from its options."""


class CallManager:
    """Owns every live ``CallSession`` of this process."""

    def __init__(
        self,
        *,
        clock: Clock,
        store: CallStore,
        log: EventLog,
        bus: Any,
        agent_factory: AgentFactory | None = None,
        silence_tick_s: float = 0.5,
    ) -> None:
        self.clock = clock
        self.store = store
        self.log = log
        self.bus = bus
        self.agent_factory = agent_factory
        self.silence_tick_s = silence_tick_s
        self.sessions: dict[str, CallSession] = {}
        self._tasks: set[asyncio.Task[None]] = set()
        self._closing = False

    async def start_call(
        self,
        *,
        lead_id: str | None = None,
        transport: str = "sim",
        options: dict[str, Any] | None = None,
        call_id: str | None = None,
        clock: Clock | None = None,
        agents: Sequence[Agent] | None = None,
    ) -> CallSession:
        """Record a new call and start its session (``call.created`` is its first event)."""
        if self._closing:
            raise RuntimeError("the call manager is shutting down")
        call = Call(
            id=call_id or f"call-{uuid.uuid4().hex[:16]}",
            lead_id=lead_id,
            state=CallState.ACTIVE,
            transport=transport,
            started_at=self.clock.wall(),
        )
        await self.store.add(call)
        opts = dict(options or {})
        if agents is None:
            agents = list(self.agent_factory(opts)) if self.agent_factory else []
        session = CallSession(
            call_id=call.id,
            clock=clock or self.clock,
            agents=list(agents),
            log=_RecordingLog(self.log, self.store, self.clock),
            bus=self.bus,
            options=opts,
            silence_tick_s=self.silence_tick_s,
        )
        await session.start()
        self.sessions[call.id] = session
        await session.emit(
            EventType.CALL_CREATED, {"lead_id": lead_id, "transport": transport, **opts}
        )
        return session

    def run(
        self, session: CallSession, body: Callable[[CallSession], Coroutine[Any, Any, None]]
    ) -> asyncio.Task[None]:
        """Run ``body(session)`` as the call's driver; the call ends when it returns."""

        async def drive() -> None:
            try:
                await body(session)
            except asyncio.CancelledError:
                await session.aclose(reason="shutdown")
                raise
            except Exception:
                logger.exception("call driver failed", extra={"call_id": session.call_id})
                await session.aclose(reason="error")
            else:
                await session.aclose(reason="completed")
            finally:
                self.sessions.pop(session.call_id, None)

        task = asyncio.get_running_loop().create_task(drive(), name=f"call:{session.call_id}")
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    def live(self) -> list[CallSession]:
        return [s for s in self.sessions.values() if s.running]

    async def aclose(self) -> None:
        """Stop every live call: each logs ``call.ended`` (reason ``shutdown``) and stops."""
        self._closing = True
        for task in list(self._tasks):
            task.cancel()
        if self._tasks:
            await asyncio.wait(set(self._tasks), timeout=SHUTDOWN_TIMEOUT_SECS)
        for session in list(self.sessions.values()):
            try:
                await asyncio.wait_for(
                    session.aclose(reason="shutdown"), timeout=SHUTDOWN_TIMEOUT_SECS
                )
            except Exception:
                logger.exception("call did not close", extra={"call_id": session.call_id})
        self.sessions.clear()

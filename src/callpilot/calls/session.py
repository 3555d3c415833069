"""The call session: one asyncio task group per live call.

It owns the call's event log (every event gets the next sequence number, is persisted, then
published on the bus and handed to the agents), runs the agents one event at a time, executes
the actions they return, and watches for silence. ``aclose()`` is the one way to stop it; it
always ends every task it started.

    speech/transport ──► session.emit ──► EventLog.append ──► bus.publish
                                    └──► agent queue ──► agent.handle ──► actions ──► emit ...
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from enum import Enum
from typing import Any, Protocol

from callpilot.calls.agent import Agent, AgentContext
from callpilot.calls.log import EventLog, MemoryEventLog
from callpilot.clock import Clock
from callpilot.domain import (
    Action,
    Card,
    Event,
    EventType,
    Hangup,
    LegRole,
    Say,
    ToolCall,
    Transfer,
    Utterance,
    Whisper,
)
from callpilot.errors import InvalidStateError

__all__ = ["CallSession", "SessionState", "Speaker"]

logger = logging.getLogger(__name__)

CANCEL_TIMEOUT_SECS = 2.0  # how long aclose waits for a task to finish after cancelling it
GAP_POLL_SECS = 0.05  # how often a line waiting for a gap checks again (clock time)
_STOP = object()  # sentinel that ends the agent loop


class Speaker(Protocol):
    """Turns the AI's lines into audio in the call; ``to`` None means everyone hears it."""

    async def speak(self, text: str, *, to: LegRole | None = None) -> None: ...


class SessionState(str, Enum):
    NEW = "new"
    RUNNING = "running"
    CLOSING = "closing"
    CLOSED = "closed"


class CallSession:
    """Runs one call: event log, agents, actions, silence watch.

    Args:
        call_id: the call's id, stamped on every event.
        clock: the time source (a ``VirtualClock`` for simulations).
        agents: read events and return actions.
        log: where events are persisted before they are published (memory by default).
        bus: where events are published after they are persisted (none by default).
        options: per-call options handed to agents (sensitivity, mode ...).
        silence_tick_s: while nobody speaks, a ``silence`` event is logged this often.
        max_silence_s: silence events stop after this long (the call is surely stalled).
    """

    def __init__(
        self,
        *,
        call_id: str,
        clock: Clock,
        agents: Sequence[Agent] = (),
        log: EventLog | None = None,
        bus: Any | None = None,
        options: dict[str, Any] | None = None,
        silence_tick_s: float = 0.5,
        max_silence_s: float = 120.0,
    ) -> None:
        self.call_id = call_id
        self.clock = clock
        self.agents = list(agents)
        self.log: EventLog = log if log is not None else MemoryEventLog()
        self.bus = bus
        self.options = dict(options or {})
        self.silence_tick_s = silence_tick_s
        self.max_silence_s = max_silence_s
        self.events: list[Event] = []
        self.state = SessionState.NEW
        self.ended = asyncio.Event()
        self._seq = 0
        self._emit_lock = asyncio.Lock()
        self._queue: asyncio.Queue[Event | object] = asyncio.Queue()
        self._tasks: set[asyncio.Task[None]] = set()
        self._speaking: set[LegRole] = set()
        self._last_speech_end: float | None = None
        self._started_at = 0.0
        self._ctx: AgentContext | None = None
        self.speaker: Speaker | None = None
        """Plays the AI's spoken lines into the call (set by ``calls.audio.CallAudio``)."""

    # -- lifecycle -------------------------------------------------------------------------

    async def start(self) -> None:
        """Start the agent loop and the silence watch. Logs nothing by itself."""
        if self.state is not SessionState.NEW:
            raise InvalidStateError(f"session {self.call_id} cannot start from {self.state}")
        self._started_at = self.clock.now()
        self._ctx = AgentContext(
            call_id=self.call_id,
            clock=self.clock,
            started_at=self._started_at,
            events=self.events,
            options=self.options,
        )
        self.state = SessionState.RUNNING
        self._spawn(self._run_agents(), "agents")
        self._spawn(self._watch_silence(), "silence")

    async def aclose(self, *, reason: str = "closed") -> None:
        """End the call: log ``call.ended`` (unless already), stop every task, wait for them."""
        if self.state in (SessionState.CLOSING, SessionState.CLOSED):
            await self.ended.wait()
            return
        if self.state is SessionState.NEW:
            self.state = SessionState.CLOSED
            self.ended.set()
            return
        self.state = SessionState.CLOSING
        if not any(e.type == EventType.CALL_ENDED for e in self.events):
            await self._append(EventType.CALL_ENDED, {"reason": reason})
        self._queue.put_nowait(_STOP)
        agents_task = next((t for t in self._tasks if t.get_name().endswith(":agents")), None)
        if agents_task is not None and agents_task is not asyncio.current_task():
            # let the agents see call.ended, but never wait long for them
            await asyncio.wait({agents_task}, timeout=CANCEL_TIMEOUT_SECS)
        await self._cancel_all()
        self.state = SessionState.CLOSED
        self.ended.set()

    async def drain(self) -> None:
        """Wait until the agents have handled every event logged so far."""
        await self._queue.join()

    def call_time(self) -> float:
        """Seconds since the call started."""
        return self.clock.now() - self._started_at

    @property
    def running(self) -> bool:
        return self.state is SessionState.RUNNING

    # -- input -----------------------------------------------------------------------------

    async def emit(self, type: str | EventType, payload: dict[str, Any] | None = None) -> Event:
        """Append an event: persist, then publish, then queue for the agents."""
        if self.state is not SessionState.RUNNING:
            raise InvalidStateError(f"session {self.call_id} is {self.state.value}")
        return await self._append(type, payload)

    async def _append(self, type: str | EventType, payload: dict[str, Any] | None) -> Event:
        type_name = type.value if isinstance(type, EventType) else type
        async with self._emit_lock:
            self._seq += 1
            event = Event(
                call_id=self.call_id,
                seq=self._seq,
                type=type_name,
                at=round(self.call_time(), 3),
                ts=self.clock.wall(),
                payload=dict(payload or {}),
            )
            # A write that has begun always completes, even if this task is cancelled: the log
            # never holds half an event nor skips a sequence number.
            write = asyncio.ensure_future(self.log.append(event))
            with self.clock.busy():
                try:
                    await asyncio.shield(write)
                except asyncio.CancelledError:
                    await write
                    self.events.append(event)
                    raise
            self.events.append(event)
        if self.bus is not None:
            await self.bus.publish(event)
        self._queue.put_nowait(event)
        return event

    async def speech_started(self, role: LegRole, *, leg_id: str | None = None) -> Event:
        """Someone began to speak (from the VAD, or the text-level sim)."""
        self._speaking.add(role)
        return await self.emit(EventType.SPEECH_STARTED, {"role": role.value, "leg_id": leg_id})

    async def speech_stopped(
        self, role: LegRole, *, at: float | None = None, leg_id: str | None = None
    ) -> Event:
        """Someone stopped speaking at call time ``at`` (end of turn); ``hear`` brings the words."""
        self._speaking.discard(role)
        self._mark_quiet(self.call_time() if at is None else at)
        return await self.emit(
            EventType.SPEECH_STOPPED, {"role": role.value, "leg_id": leg_id, "end": at}
        )

    async def hear(self, utterance: Utterance) -> Event:
        """A final utterance: the speaker stopped, and this is what they said."""
        self._speaking.discard(utterance.role)
        self._mark_quiet(min(utterance.end, self.call_time()))
        return await self.emit(
            EventType.UTTERANCE_FINAL,
            {
                "role": utterance.role.value,
                "text": utterance.text,
                "start": utterance.start,
                "end": utterance.end,
                "final": utterance.final,
                "confidence": utterance.confidence,
                "leg_id": utterance.leg_id,
            },
        )

    def _mark_quiet(self, at: float) -> None:
        if not self._speaking:
            self._last_speech_end = max(self._last_speech_end or 0.0, at)

    def speaking(self) -> frozenset[LegRole]:
        """Who is talking right now."""
        return frozenset(self._speaking)

    # -- agents and actions ----------------------------------------------------------------

    async def _run_agents(self) -> None:
        assert self._ctx is not None
        while True:
            item = await self._queue.get()
            try:
                if item is _STOP:
                    return
                assert isinstance(item, Event)
                for agent in self.agents:
                    try:
                        actions = await agent.handle(item, self._ctx)
                    except Exception:
                        logger.exception(
                            "agent failed", extra={"call_id": self.call_id, "agent": agent.name}
                        )
                        continue
                    for action in actions:
                        try:
                            await self._execute(action, agent.name)
                        except InvalidStateError:
                            return  # the call ended while the agent was deciding

            finally:
                self._queue.task_done()

    async def _execute(self, action: Action, agent_name: str) -> None:
        if isinstance(action, Card):
            await self.emit(EventType.INTERVENTION_FIRED, action.intervention.to_json())
        elif isinstance(action, Say | Whisper):
            if action.wait_for_gap:
                self._spawn(self._deliver_in_gap(action), "deliver")
            else:
                await self._deliver_speech(action)
        elif isinstance(action, Hangup):
            self._spawn(self.aclose(reason="hangup"), "hangup")
        elif isinstance(action, Transfer | ToolCall):
            await self.emit(
                "action.requested",
                {"agent": agent_name, "action": type(action).__name__.lower(), **_fields(action)},
            )

    async def _deliver_speech(self, action: Say | Whisper) -> None:
        to = action.to.value if isinstance(action, Whisper) else "all"
        if action.intervention is not None:
            payload = action.intervention.to_json()
            payload["spoken_text"] = action.text
            await self.emit(EventType.INTERVENTION_FIRED, payload)
        await self.emit(EventType.AI_SAY, {"text": action.text, "to": to})
        if self.speaker is not None:
            whisper_to = action.to if isinstance(action, Whisper) else None
            await self.speaker.speak(action.text, to=whisper_to)

    async def _deliver_in_gap(self, action: Say | Whisper) -> None:
        # Never talk over anyone: wait for a gap, give up when the moment has passed.
        deadline = self.clock.now() + action.max_wait_s
        while self._speaking:
            if self.clock.now() >= deadline:
                payload = action.intervention.to_json() if action.intervention else {}
                payload["spoken_text"] = action.text
                payload["reason"] = "no gap in time"
                await self.emit(EventType.INTERVENTION_DROPPED, payload)
                return
            await self.clock.sleep(GAP_POLL_SECS)
        await self._deliver_speech(action)

    # -- silence ---------------------------------------------------------------------------

    async def _watch_silence(self) -> None:
        while True:
            await self.clock.sleep(self.silence_tick_s)
            if (
                self._speaking
                or self._last_speech_end is None
                or self.state is not SessionState.RUNNING
            ):
                continue
            duration = self.call_time() - self._last_speech_end
            if self.silence_tick_s <= duration <= self.max_silence_s:
                await self.emit(
                    EventType.SILENCE,
                    {"since": round(self._last_speech_end, 3), "duration": round(duration, 3)},
                )

    # -- tasks -----------------------------------------------------------------------------

    def _spawn(self, coro: Any, name: str) -> None:
        task: asyncio.Task[None] = asyncio.get_running_loop().create_task(
            coro, name=f"call:{self.call_id}:{name}"
        )
        self._tasks.add(task)
        task.add_done_callback(self._task_done)

    def _task_done(self, task: asyncio.Task[None]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            logger.error(
                "call task failed",
                exc_info=task.exception(),
                extra={"call_id": self.call_id, "task": task.get_name()},
            )

    async def _cancel_all(self) -> None:
        current = asyncio.current_task()
        tasks = {t for t in self._tasks if t is not current}
        for task in tasks:
            task.cancel()
        if tasks:
            done, pending = await asyncio.wait(tasks, timeout=CANCEL_TIMEOUT_SECS)
            if pending:
                logger.warning("call tasks did not stop", extra={"call_id": self.call_id})


def _fields(action: Transfer | ToolCall) -> dict[str, Any]:
    if isinstance(action, Transfer):
        return {"rep_id": action.rep_id}
    return {"name": action.name, "arguments": action.arguments}

"""The co-pilot as an agent of the call session: events in, Card / Say / Whisper actions out."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING

from pydantic import ValidationError

from callpilot.calls.agent import AgentContext
from callpilot.copilot.config import CopilotConfig
from callpilot.copilot.engine import Copilot
from callpilot.copilot.semantic import KnowledgeIndex
from callpilot.domain import (
    Action,
    Card,
    Delivery,
    Event,
    EventType,
    Intervention,
    LegRole,
    Say,
    Utterance,
    Whisper,
)

if TYPE_CHECKING:
    from callpilot.knowledge import KnowledgeBase

__all__ = ["CopilotAgent", "actions_for", "utterance_from_event"]

logger = logging.getLogger(__name__)


def utterance_from_event(event: Event) -> Utterance | None:
    """The utterance an ``utterance.final`` event carries (None if malformed)."""
    p = event.payload
    try:
        role = LegRole(p["role"])
        text = str(p.get("text") or "")
        end = float(p.get("end", event.at))
        start = float(p.get("start", end))
    except (KeyError, ValueError, TypeError):
        return None
    return Utterance(
        role=role,
        text=text,
        start=start,
        end=end,
        final=bool(p.get("final", True)),
        confidence=float(p.get("confidence", 1.0) or 1.0),
        leg_id=p.get("leg_id"),
    )


def actions_for(interventions: Sequence[Intervention], config: CopilotConfig) -> list[Action]:
    """How each intervention is delivered: a card, a line into the call, or a whisper."""
    out: list[Action] = []
    for iv in interventions:
        if iv.delivery is Delivery.VOICE:
            out.append(
                Say(iv.text, intervention=iv, wait_for_gap=True, max_wait_s=config.max_wait_s)
            )
        elif iv.delivery is Delivery.WHISPER:
            out.append(
                Whisper(
                    iv.text,
                    to=LegRole.REP,
                    intervention=iv,
                    wait_for_gap=True,
                    max_wait_s=config.max_wait_s,
                )
            )
        else:
            out.append(Card(iv))
    return out


class CopilotAgent:
    """Follows every call it is attached to and returns the co-pilot's actions.

    One agent may serve many calls of the same business: the knowledge index is shared,
    each call gets its own :class:`Copilot` (created on the call's first event, with the
    call's ``options`` — sensitivity, mode, context — applied over ``config``).

    Args:
        kb: the knowledge base.
        config: the business's co-pilot config.
        index: a prebuilt index to share (built lazily otherwise).
        offload: run utterance analysis in a worker thread (keeps the event loop free);
            the clock is marked busy meanwhile so virtual time does not jump.
    """

    name = "copilot"

    def __init__(
        self,
        kb: KnowledgeBase,
        config: CopilotConfig | None = None,
        *,
        index: KnowledgeIndex | None = None,
        offload: bool = True,
    ) -> None:
        self.kb = kb
        self.config = config or CopilotConfig()
        self.index = index or KnowledgeIndex(kb)
        self._calls: dict[str, Copilot] = {}
        self._executor = ThreadPoolExecutor(1, thread_name_prefix="copilot") if offload else None

    def copilot_for(self, ctx: AgentContext) -> Copilot:
        cp = self._calls.get(ctx.call_id)
        if cp is None:
            options = dict(ctx.options)
            context = options.get("context")
            try:
                config = self.config.with_overrides(options)
            except ValidationError:
                # a bad per-call option must not silence the co-pilot: keep the business config
                logger.warning(
                    "ignoring invalid per-call co-pilot options", extra={"call_id": ctx.call_id}
                )
                config = self.config
            cp = Copilot(
                self.kb,
                config=config,
                index=self.index,
                call_id=ctx.call_id,
                context=context if isinstance(context, dict) else None,
            )
            self._calls[ctx.call_id] = cp
        return cp

    async def handle(self, event: Event, ctx: AgentContext) -> Sequence[Action]:
        cp = self.copilot_for(ctx)
        etype = event.type
        if etype == EventType.UTTERANCE_FINAL.value:
            utt = utterance_from_event(event)
            if utt is None:
                return []
            ivs = await self._observe(cp, utt, event.at, ctx)
            ivs += cp.tick(event.at)
        elif etype == EventType.SPEECH_STARTED.value:
            try:
                role = LegRole(event.payload.get("role"))
            except ValueError:
                return []
            ivs = cp.speech_started(role, event.at)
        elif etype == EventType.SILENCE.value:
            ivs = cp.tick(event.at)
        elif etype == EventType.CALL_ENDED.value:
            self._calls.pop(ctx.call_id, None)
            return []
        else:
            return []
        return actions_for(ivs, cp.config)

    async def _observe(
        self, cp: Copilot, utt: Utterance, at: float, ctx: AgentContext
    ) -> list[Intervention]:
        if self._executor is None:
            return cp.observe(utt, at)
        busy = getattr(ctx.clock, "busy", None)
        guard = busy() if callable(busy) else contextlib.nullcontext()
        loop = asyncio.get_running_loop()
        with guard:
            return await loop.run_in_executor(self._executor, cp.observe, utt, at)

    def close(self) -> None:
        """Stop the worker thread (idempotent)."""
        if self._executor is not None:
            self._executor.shutdown(wait=False)
            self._executor = None

    def interventions(self, call_id: str) -> list[Intervention]:
        cp = self._calls.get(call_id)
        return list(cp.interventions) if cp else []

    def __del__(self) -> None:  # pragma: no cover - best effort
        with contextlib.suppress(Exception):
            self.close()

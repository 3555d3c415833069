"""Shared fixtures: a home-internet knowledge base and a driver for the sans-IO engine."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from callpilot.copilot.config import CopilotConfig
from callpilot.copilot.engine import Copilot
from callpilot.copilot.semantic import KnowledgeIndex
from callpilot.domain import Intervention, LegRole, Utterance
from callpilot.knowledge import KnowledgeBase, load_knowledge

FIXTURES = Path(__file__).parent / "fixtures"
KB_PATH = FIXTURES / "fiberlink.yaml"
ROLES = {"customer": LegRole.LEAD, "rep": LegRole.REP, "ai": LegRole.AI}

Turn = tuple[float, float, str, str]
"""(at, end, speaker, text)"""


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return load_knowledge(KB_PATH)


@pytest.fixture(scope="session")
def index(kb: KnowledgeBase) -> KnowledgeIndex:
    ix = KnowledgeIndex(kb)
    ix.build()
    return ix


def converse(
    kb: KnowledgeBase,
    index: KnowledgeIndex,
    turns: Sequence[Turn],
    *,
    end: float | None = None,
    context: dict[str, Any] | None = None,
    **options: Any,
) -> list[Intervention]:
    """Play turns through a fresh engine, ticking every 0.25 s of silence, like the session."""
    config = CopilotConfig().with_overrides(options)
    cp = Copilot(kb, config=config, index=index, call_id="t", context=context)
    out: list[Intervention] = []
    for i, (at, stop, speaker, text) in enumerate(turns):
        out += cp.speech_started(ROLES[speaker], at)
        out += cp.observe(Utterance(role=ROLES[speaker], text=text, start=at, end=stop), stop)
        nxt = turns[i + 1][0] if i + 1 < len(turns) else (end if end is not None else stop + 5)
        t = stop + 0.25
        while t < nxt:
            out += cp.tick(t)
            t += 0.25
    return out


def customer_says(said: str) -> list[Turn]:
    """A short call around one customer turn: the rep's greeting, ``said``, the rep's reply."""
    return [
        (0.0, 3.0, "rep", "Hi, thanks for calling back. How can I help?"),
        (3.5, 9.0, "customer", said),
        (9.5, 12.0, "rep", "Got it. Let me see what we can do."),
    ]


def triggers(ivs: Sequence[Intervention]) -> list[str]:
    return [iv.trigger.value for iv in ivs]

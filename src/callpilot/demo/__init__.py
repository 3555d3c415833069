"""The demo business: a knowledge base, a rep, a few leads and a scripted call."""

from __future__ import annotations

from pathlib import Path

from callpilot.domain import Lead, Rep

__all__ = ["DEMO_KNOWLEDGE", "DEMO_LEADS", "DEMO_REPS", "DEMO_SCRIPT"]

DEMO_DIR = Path(__file__).parent
DEMO_KNOWLEDGE = DEMO_DIR / "knowledge.yaml"
DEMO_SCRIPT = DEMO_DIR / "script.yaml"

DEMO_REPS = [
    Rep(id="rep-demo-alex", name="Alex Moreno", on_duty=True, email="alex@example.com"),
    Rep(id="rep-demo-sam", name="Sam Okafor", on_duty=False, email="sam@example.com"),
]

DEMO_LEADS = [
    Lead(
        id="lead-demo-1",
        phone="+14155550101",
        name="Jordan Lee",
        source="demo",
        fields={"interest": "all-access membership"},
    ),
    Lead(
        id="lead-demo-2",
        phone="+14155550102",
        name="Priya Shah",
        source="demo",
        fields={"interest": "personal training"},
    ),
]

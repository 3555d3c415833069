"""The project's own scenario sets (``examples/``) keep the co-pilot above the quality bars.

These sets are development sets: the bars guard against regressions. How the co-pilot does on
conversations it has never seen is measured on held-out sets (``examples/heldout/``), which the
tests deliberately do not use.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from callpilot.copilot.cli import evaluate_paths

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "scenarios"


@pytest.fixture(scope="module")
def report() -> dict[str, object]:
    return asyncio.run(asyncio.wait_for(evaluate_paths([EXAMPLES]), timeout=600))


def test_the_own_sets_are_big_enough(report: dict[str, object]) -> None:
    industries = {p.name for p in EXAMPLES.iterdir() if p.is_dir()}
    assert report["scenarios"] >= 30 and len(industries) >= 2


def test_precision_recall_and_false_alarms_hold_the_bars(report: dict[str, object]) -> None:
    overall = report["overall"]
    assert isinstance(overall, dict)
    assert overall["precision"] >= 0.9, report["failures"]
    assert overall["recall"] >= 0.9, report["failures"]
    assert report["false_alarms_per_call"] <= 0.1, report["failures"]


def test_every_trigger_is_found_often_enough(report: dict[str, object]) -> None:
    triggers = report["triggers"]
    assert isinstance(triggers, dict) and len(triggers) == 6
    for name, figures in triggers.items():
        assert figures["expected"] > 0, f"no scenario expects {name}"
        assert figures["recall"] >= 0.8, (name, report["failures"])

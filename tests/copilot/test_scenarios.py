"""Scenario files: loading, errors with file and line, scoring, the eval command, replay."""

from __future__ import annotations

import asyncio
import json
import shutil
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from callpilot.copilot.cli import register
from callpilot.copilot.evaluate import build_report, score_scenario
from callpilot.copilot.replay import replay_events
from callpilot.copilot.runner import run_scenario
from callpilot.copilot.scenario import load_scenario, load_scenario_text
from callpilot.copilot.semantic import KnowledgeIndex
from callpilot.domain import Delivery, Intervention, Trigger
from callpilot.errors import FileFormatError
from callpilot.knowledge import KnowledgeBase
from tests.copilot.conftest import FIXTURES

SCENARIOS = FIXTURES / "scenarios"

_BASE = """name: s
knowledge: kb.yaml
turns:
  - {at: 0.0, end: 2.0, speaker: customer, text: "Hello there."}
  - {at: 2.5, end: 4.0, speaker: rep, text: "Hi!"}
"""


def test_a_scenario_loads_with_defaults_and_resolves_its_knowledge_path() -> None:
    sc = load_scenario(SCENARIOS / "02-quiet-fizzle.yaml")
    assert sc is not None
    assert sc.sensitivity == "balanced" and sc.mode == "silent"
    assert sc.call_end == 27.8
    assert sc.expect[0].within == 20.0
    assert sc.knowledge_path() == (FIXTURES / "fiberlink.yaml").resolve()


def test_a_knowledge_file_is_not_a_scenario() -> None:
    assert load_scenario(FIXTURES / "fiberlink.yaml") is None


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        (_BASE + "expect:\n  - {trigger: sarcasm, turn: 0}\n", 7, "trigger"),
        (_BASE + "expect:\n  - {trigger: keyword, turn: 9}\n", 7, "turn 9 does not exist"),
        (_BASE.replace("speaker: rep", "speaker: bot"), 5, "speaker"),
        (_BASE.replace("name: s\n", ""), 1, "missing required key 'name'"),
        (_BASE + "  - {at: 1.0, end: 5.0, speaker: rep, text: x}\n", 6, "time order"),
        (
            "name: s\nknowledge: kb.yaml\nturns: [\n  {at: 0, end: 2, speaker: rep, text: x}\n"
            "  {at: 1.0}\n]\n",
            5,
            "invalid YAML",
        ),
        (_BASE.replace("end: 4.0", "end: 1.0"), 5, "before at"),
    ],
)
def test_a_malformed_scenario_names_the_line_and_reason(text: str, line: int, reason: str) -> None:
    with pytest.raises(FileFormatError) as err:
        load_scenario_text(text, "bad.yaml")
    assert err.value.path == "bad.yaml"
    assert err.value.line == line, err.value
    assert reason in err.value.reason


def _iv(trigger: Trigger, at: float, text: str = "x") -> Intervention:
    return Intervention(id=f"i{at}", call_id="c", trigger=trigger, text=text, at=at)


def test_scoring_matches_each_expectation_once_within_its_window() -> None:
    sc = load_scenario_text(
        _BASE
        + "expect:\n"
        + "  - {trigger: keyword, turn: 0, says_any: [refund]}\n"
        + "  - {trigger: upsell, turn: 1}\n"
        + "forbid: [dead_end]\n",
        "s.yaml",
    )
    assert sc is not None
    ivs = [
        _iv(Trigger.KEYWORD, 1.0, "Refund policy"),  # before the turn ended: false alarm
        _iv(Trigger.KEYWORD, 2.5, "Offer a REFUND"),  # matches (case-insensitive)
        _iv(Trigger.KEYWORD, 3.0, "Offer a refund"),  # second match for one expectation: false
        _iv(Trigger.UPSELL, 7.5, "late"),  # 3.5 s after turn 1 ended (window 3.0): false
        _iv(Trigger.DEAD_END, 10.0),
    ]
    score = score_scenario(sc, ivs)
    report = build_report([score])
    assert report["triggers"]["keyword"] == {
        "expected": 1,
        "fired": 3,
        "matched": 1,
        "precision": 0.333,
        "recall": 1.0,
        "latency_p50_s": 0.5,
        "latency_max_s": 0.5,
    }
    assert report["triggers"]["upsell"]["recall"] == 0.0
    assert report["overall"] == {
        "expected": 2,
        "fired": 5,
        "matched": 1,
        "precision": 0.2,
        "recall": 0.5,
        "f1": 0.286,
    }
    assert report["false_alarms_per_call"] == 4.0
    assert {f["kind"] for f in report["failures"]} == {"missed", "false_alarm"}
    assert set(report["triggers"]) == {t.value for t in Trigger}
    assert report["triggers"]["knowledge_gap"]["precision"] == 0.0


async def test_a_scenario_runs_through_the_call_session_and_replays_the_same(
    kb: KnowledgeBase, index: KnowledgeIndex
) -> None:
    sc = load_scenario(SCENARIOS / "01-price-misquote.yaml")
    assert sc is not None
    run = await asyncio.wait_for(run_scenario(sc, kb, index=index), timeout=60)
    assert [iv.trigger for iv in run.interventions] == [Trigger.FACT_CORRECTION]
    fired = run.interventions[0]
    assert fired.delivery is Delivery.CARD and 7.5 <= fired.at <= 10.5
    assert score_scenario(sc, run.interventions).missed == []
    again = replay_events(run.events, kb, index=index, context=sc.context)
    assert [(iv.trigger, iv.at) for iv in again] == [(fired.trigger, fired.at)]
    stricter = replay_events(run.events, kb, index=index, sensitivity="conservative")
    assert [iv.trigger for iv in stricter] == [Trigger.FACT_CORRECTION]


def _app() -> typer.Typer:
    app = typer.Typer()
    register(app)

    @app.command("noop")
    def noop() -> None:  # a second command keeps typer from collapsing the group
        return None

    return app


def test_the_eval_command_prints_the_report_as_json() -> None:
    result = CliRunner().invoke(_app(), ["eval", str(SCENARIOS), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["scenarios"] == 5  # the knowledge files in the folder are skipped
    assert report["overall"]["recall"] == 1.0 and report["overall"]["precision"] == 1.0
    assert report["false_alarms_per_call"] == 0.0
    assert {i["scenario"] for i in report["interventions"]} == {
        "price-misquote",
        "quiet-fizzle",
        "move-insurance-silence",
        "move-reschedule-and-rush",
    }
    voice = [i for i in report["interventions"] if i["scenario"] == "move-insurance-silence"]
    assert voice[0]["delivery"] == "voice" and "60 cents" in voice[0]["text"]
    table = CliRunner().invoke(_app(), ["eval", str(SCENARIOS / "02-quiet-fizzle.yaml")])
    assert table.exit_code == 0 and "dead_end" in table.stdout


def test_the_report_says_why_each_card_fired_and_explain_prints_it(tmp_path: Path) -> None:
    # the price misquote labelled as a hard negative, and an upsell expected that never comes
    text = (SCENARIOS / "01-price-misquote.yaml").read_text()
    text = text.replace("knowledge: ../fiberlink.yaml", f"knowledge: {FIXTURES / 'fiberlink.yaml'}")
    text = text.split("expect:")[0] + "expect:\n  - {trigger: upsell, turn: 2}\n"
    (tmp_path / "s.yaml").write_text(text)
    result = CliRunner().invoke(_app(), ["eval", str(tmp_path / "s.yaml"), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    card = report["interventions"][0]
    assert card["evidence"]["kb_entry"] and card["evidence"]["said"] == "sixty-five dollars a month"
    assert 0.0 < card["confidence"] <= 1.0
    kinds = {f["kind"]: f for f in report["failures"]}
    assert kinds["false_alarm"]["evidence"] == card["evidence"]
    assert kinds["missed"]["said"] == "Okay, let's set up the install then."
    table = CliRunner().invoke(_app(), ["eval", str(tmp_path / "s.yaml"), "--explain"])
    assert (
        "why: " in table.stdout and 'said: "Okay, let\'s set up the install then."' in table.stdout
    )
    plain = CliRunner().invoke(_app(), ["eval", str(tmp_path / "s.yaml")])
    assert "why: " not in plain.stdout


def test_the_eval_command_exits_2_on_a_malformed_scenario(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "fiberlink.yaml", tmp_path / "kb.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text(_BASE + "expect:\n  - {trigger: sarcasm, turn: 0}\n")
    result = CliRunner().invoke(_app(), ["eval", str(tmp_path), "--json"])
    assert result.exit_code == 2
    assert f"{bad}:7:" in result.stderr


def test_the_eval_command_exits_2_on_a_malformed_knowledge_base(tmp_path: Path) -> None:
    (tmp_path / "kb.yaml").write_text("company: X\nofferings:\n  - name: no id\n")
    (tmp_path / "s.yaml").write_text(_BASE)
    result = CliRunner().invoke(_app(), ["eval", str(tmp_path / "s.yaml")])
    assert result.exit_code == 2
    assert "kb.yaml:" in result.stderr

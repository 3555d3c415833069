"""Scoring scenario runs and the evaluation report (FORMATS.md §3).

An intervention matches an expectation when the trigger is the same, it fired between the end of
the expected turn and ``within`` seconds after, and (when ``says_any`` is given) its text contains
one of those strings, case-insensitively. Each expectation matches at most one intervention and
each intervention at most one expectation. Anything left unmatched is a false alarm.
Ratios whose denominator is zero are reported as 0.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from callpilot.copilot.scenario import Expectation, Scenario
from callpilot.domain import Intervention, Trigger

__all__ = ["ScenarioScore", "build_report", "format_table", "score_scenario"]

_EPS = 1e-6


@dataclass(slots=True)
class ScenarioScore:
    scenario: Scenario
    interventions: list[Intervention]
    matched: list[tuple[Expectation, Intervention]] = field(default_factory=list)
    missed: list[Expectation] = field(default_factory=list)
    false_alarms: list[Intervention] = field(default_factory=list)


def _fits(e: Expectation, iv: Intervention, sc: Scenario) -> bool:
    if iv.trigger is not e.trigger:
        return False
    t_end = sc.turns[e.turn].end
    if not (t_end - _EPS <= iv.at <= t_end + e.within + _EPS):
        return False
    if e.says_any:
        low = iv.text.lower()
        return any(s.lower() in low for s in e.says_any)
    return True


def score_scenario(sc: Scenario, interventions: Sequence[Intervention]) -> ScenarioScore:
    """Match one scenario's interventions to its expectations (maximum matching)."""
    ivs = sorted(interventions, key=lambda i: i.at)
    exps = list(sc.expect)
    cand = {i: [j for j, iv in enumerate(ivs) if _fits(e, iv, sc)] for i, e in enumerate(exps)}
    owner: dict[int, int] = {}  # intervention -> expectation

    def augment(i: int, seen: set[int]) -> bool:
        for j in cand[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in owner or augment(owner[j], seen):
                owner[j] = i
                return True
        return False

    for i in range(len(exps)):
        augment(i, set())
    by_exp = {i: j for j, i in owner.items()}
    score = ScenarioScore(scenario=sc, interventions=ivs)
    for i, e in enumerate(exps):
        if i in by_exp:
            score.matched.append((e, ivs[by_exp[i]]))
        else:
            score.missed.append(e)
    score.false_alarms = [iv for j, iv in enumerate(ivs) if j not in owner]
    return score


def _ratio(a: int, b: int) -> float:
    return round(a / b, 3) if b else 0.0


def build_report(scores: Sequence[ScenarioScore]) -> dict[str, Any]:
    """The evaluation report as a JSON-ready dict, exactly the shape of FORMATS.md §3."""
    triggers: dict[str, Any] = {}
    for trig in Trigger:
        expected = sum(1 for s in scores for e in s.scenario.expect if e.trigger is trig)
        fired = sum(1 for s in scores for iv in s.interventions if iv.trigger is trig)
        lat = [
            iv.at - s.scenario.turns[e.turn].end
            for s in scores
            for e, iv in s.matched
            if e.trigger is trig
        ]
        triggers[trig.value] = {
            "expected": expected,
            "fired": fired,
            "matched": len(lat),
            "precision": _ratio(len(lat), fired),
            "recall": _ratio(len(lat), expected),
            "latency_p50_s": round(statistics.median(lat), 3) if lat else 0.0,
            "latency_max_s": round(max(lat), 3) if lat else 0.0,
        }
    expected = sum(t["expected"] for t in triggers.values())
    fired = sum(t["fired"] for t in triggers.values())
    matched = sum(t["matched"] for t in triggers.values())
    precision = _ratio(matched, fired)
    recall = _ratio(matched, expected)
    f1 = round(2 * precision * recall / (precision + recall), 3) if precision + recall else 0.0
    false_alarms = sum(len(s.false_alarms) for s in scores)
    interventions = [
        {
            "scenario": s.scenario.name,
            "trigger": iv.trigger.value,
            "at": iv.at,
            "delivery": iv.delivery.value,
            "text": iv.text,
            # beyond FORMATS §3, for whoever tunes a knowledge base: how sure, and why
            "confidence": round(iv.confidence, 3),
            "evidence": iv.evidence,
        }
        for s in scores
        for iv in s.interventions
    ]
    failures: list[dict[str, Any]] = []
    for s in scores:
        for e in s.missed:
            failures.append(
                {"scenario": s.scenario.name, "kind": "missed", "trigger": e.trigger.value,
                 "turn": e.turn, "said": s.scenario.turns[e.turn].text}
            )  # fmt: skip
        for iv in s.false_alarms:
            failures.append(
                {"scenario": s.scenario.name, "kind": "false_alarm", "trigger": iv.trigger.value,
                 "at": iv.at, "text": iv.text, "evidence": iv.evidence}
            )  # fmt: skip
    return {
        "scenarios": len(scores),
        "triggers": triggers,
        "overall": {
            "expected": expected,
            "fired": fired,
            "matched": matched,
            "precision": precision,
            "recall": recall,
            "f1": f1,
        },
        "false_alarms_per_call": _ratio(false_alarms, len(scores)),
        "interventions": interventions,
        "failures": failures,
    }


def _why(evidence: dict[str, Any]) -> str:
    """One line of a false alarm's evidence: the knowledge-base entry and the words it rose on."""
    entry = evidence.get("kb_entry") or evidence.get("kind") or ""
    words = evidence.get("clause") or evidence.get("claim") or evidence.get("turn_text") or ""
    return f'{entry}: "{_short(str(words))}"' if entry else f'"{_short(str(words))}"'


def _short(text: str, width: int = 90) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def format_table(report: dict[str, Any], explain: bool = False) -> str:
    """The report's figures as a plain-text table; ``explain`` adds, under each failure, the
    words of the missed turn or what the false alarm rose on."""
    rows = [
        f"{'trigger':<16} {'expected':>8} {'fired':>6} {'matched':>7} {'precision':>9} "
        f"{'recall':>6} {'p50 s':>6} {'max s':>6}"
    ]
    for name, t in report["triggers"].items():
        rows.append(
            f"{name:<16} {t['expected']:>8} {t['fired']:>6} {t['matched']:>7} "
            f"{t['precision']:>9.3f} {t['recall']:>6.3f} {t['latency_p50_s']:>6.2f} "
            f"{t['latency_max_s']:>6.2f}"
        )
    o = report["overall"]
    rows.append(
        f"{'overall':<16} {o['expected']:>8} {o['fired']:>6} {o['matched']:>7} "
        f"{o['precision']:>9.3f} {o['recall']:>6.3f}   f1 {o['f1']:.3f}"
    )
    rows.append(
        f"scenarios: {report['scenarios']}   false alarms per call: "
        f"{report['false_alarms_per_call']:.3f}"
    )
    if report["failures"]:
        rows.append("failures:")
        for f in report["failures"]:
            if f["kind"] == "missed":
                rows.append(f"  missed       {f['trigger']:<16} {f['scenario']} turn {f['turn']}")
                if explain:
                    rows.append(f'               said: "{_short(f.get("said", ""))}"')
            else:
                rows.append(
                    f"  false alarm  {f['trigger']:<16} {f['scenario']} at {f['at']:.1f}s: "
                    f"{f['text'][:70]}"
                )
                if explain:
                    rows.append(f"               why: {_why(f.get('evidence') or {})}")
    return "\n".join(rows)

"""What reps did with the co-pilot's cards, and whether accepted upsells convert.

The rep marks a card ``used`` or ``dismissed``; the API logs it on the call as an
``intervention.feedback`` event ``{intervention_id, feedback}`` (the last mark wins). From calls'
event logs and dispositions, :class:`FeedbackReport` gives the acceptance rate per trigger and
the conversion rate of calls with an accepted (used) upsell card against calls without one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ConfigDict

from callpilot.domain import Disposition, Event, EventType, Feedback, Trigger

__all__ = ["FeedbackIn", "FeedbackReport", "TriggerAcceptance", "feedback_payload"]


class FeedbackIn(BaseModel):
    """The API's request body for marking a card."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    intervention_id: str
    feedback: Feedback


def feedback_payload(intervention_id: str, feedback: Feedback | str) -> dict[str, Any]:
    """The payload of an ``intervention.feedback`` event."""
    return {"intervention_id": intervention_id, "feedback": Feedback(feedback).value}


@dataclass(slots=True)
class TriggerAcceptance:
    fired: int = 0
    used: int = 0
    dismissed: int = 0

    @property
    def rated(self) -> int:
        return self.used + self.dismissed

    @property
    def acceptance(self) -> float | None:
        """Used / (used + dismissed); None when no card of this trigger was rated."""
        return round(self.used / self.rated, 3) if self.rated else None


@dataclass(slots=True)
class _Group:
    calls: int = 0
    converted: int = 0

    @property
    def rate(self) -> float | None:
        return round(self.converted / self.calls, 3) if self.calls else None


@dataclass(slots=True)
class FeedbackReport:
    """Acceptance per trigger, and conversion with vs without an accepted upsell."""

    triggers: dict[Trigger, TriggerAcceptance] = field(
        default_factory=lambda: {t: TriggerAcceptance() for t in Trigger}
    )
    with_upsell: _Group = field(default_factory=_Group)
    """Calls (with a disposition) where the rep used an upsell card."""
    without_upsell: _Group = field(default_factory=_Group)

    @classmethod
    def from_calls(
        cls, calls: Iterable[tuple[Iterable[Event], Disposition | str | None]]
    ) -> FeedbackReport:
        """Build the report from ``(events, disposition)`` of each call."""
        report = cls()
        for events, disposition in calls:
            report.add_call(list(events), disposition)
        return report

    def add_call(self, events: list[Event], disposition: Disposition | str | None) -> None:
        fired: dict[str, Trigger] = {}
        marks: dict[str, Feedback] = {}
        for e in events:
            if e.type == EventType.INTERVENTION_FIRED.value:
                try:
                    fired[str(e.payload["id"])] = Trigger(e.payload["trigger"])
                except (KeyError, ValueError):
                    continue
            elif e.type == EventType.INTERVENTION_FEEDBACK.value:
                try:
                    marks[str(e.payload["intervention_id"])] = Feedback(e.payload["feedback"])
                except (KeyError, ValueError):
                    continue
        for trig in fired.values():
            self.triggers[trig].fired += 1
        upsell_used = False
        for iid, mark in marks.items():
            marked = fired.get(iid)
            if marked is None:
                continue
            acc = self.triggers[marked]
            if mark is Feedback.USED:
                acc.used += 1
                upsell_used = upsell_used or marked is Trigger.UPSELL
            else:
                acc.dismissed += 1
        if disposition is None:
            return  # the outcome is unknown: it cannot count for conversion
        converted = Disposition(disposition) is Disposition.CONVERTED
        group = self.with_upsell if upsell_used else self.without_upsell
        group.calls += 1
        group.converted += int(converted)

    def to_json(self) -> dict[str, Any]:
        return {
            "acceptance": {
                t.value: {
                    "fired": a.fired,
                    "used": a.used,
                    "dismissed": a.dismissed,
                    "acceptance_rate": a.acceptance,
                }
                for t, a in self.triggers.items()
            },
            "conversion": {
                "with_accepted_upsell": {
                    "calls": self.with_upsell.calls,
                    "converted": self.with_upsell.converted,
                    "rate": self.with_upsell.rate,
                },
                "without_accepted_upsell": {
                    "calls": self.without_upsell.calls,
                    "converted": self.without_upsell.converted,
                    "rate": self.without_upsell.rate,
                },
                "lift": self.lift,
            },
        }

    @property
    def lift(self) -> float | None:
        """Conversion rate with an accepted upsell minus without (None if either is empty)."""
        a, b = self.with_upsell.rate, self.without_upsell.rate
        return None if a is None or b is None else round(a - b, 3)

    def format_table(self) -> str:
        rows = [f"{'trigger':<16} {'fired':>6} {'used':>5} {'dismissed':>9} {'acceptance':>10}"]
        for t, a in self.triggers.items():
            acc = "-" if a.acceptance is None else f"{a.acceptance:.0%}"
            rows.append(f"{t.value:<16} {a.fired:>6} {a.used:>5} {a.dismissed:>9} {acc:>10}")
        w, wo = self.with_upsell, self.without_upsell

        def rate(g: _Group) -> str:
            return "-" if g.rate is None else f"{g.rate:.0%}"

        rows.append(
            f"conversion with an accepted upsell: {rate(w)} ({w.converted}/{w.calls} calls); "
            f"without: {rate(wo)} ({wo.converted}/{wo.calls} calls)"
        )
        return "\n".join(rows)

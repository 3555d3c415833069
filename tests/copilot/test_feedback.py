"""Feedback: acceptance per trigger and conversion with vs without an accepted upsell."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from callpilot.copilot.feedback import FeedbackIn, FeedbackReport, feedback_payload
from callpilot.domain import Disposition, Event, EventType, Feedback, Intervention, Trigger


def _fired(call: str, seq: int, iid: str, trigger: Trigger) -> Event:
    iv = Intervention(id=iid, call_id=call, trigger=trigger, text="t", at=float(seq))
    return Event(call, seq, EventType.INTERVENTION_FIRED.value, float(seq), 0.0, iv.to_json())


def _mark(call: str, seq: int, iid: str, fb: Feedback) -> Event:
    return Event(
        call, seq, EventType.INTERVENTION_FEEDBACK.value, float(seq), 0.0, feedback_payload(iid, fb)
    )


def test_acceptance_per_trigger_and_upsell_conversion() -> None:
    calls = [
        # accepted upsell, converted
        ([_fired("a", 1, "a1", Trigger.UPSELL), _mark("a", 2, "a1", Feedback.USED)], "converted"),
        # upsell dismissed, then changed to used (last mark wins), not converted
        (
            [
                _fired("b", 1, "b1", Trigger.UPSELL),
                _mark("b", 2, "b1", Feedback.DISMISSED),
                _mark("b", 3, "b1", Feedback.USED),
            ],
            Disposition.NOT_INTERESTED,
        ),
        # no upsell; a used fact correction; converted
        (
            [_fired("c", 1, "c1", Trigger.FACT_CORRECTION), _mark("c", 2, "c1", Feedback.USED)],
            Disposition.CONVERTED,
        ),
        # dismissed upsell counts as "without"; not converted
        (
            [_fired("d", 1, "d1", Trigger.UPSELL), _mark("d", 2, "d1", Feedback.DISMISSED)],
            "follow-up",
        ),
        # no disposition yet: acceptance counts, conversion does not
        ([_fired("e", 1, "e1", Trigger.KEYWORD), _mark("e", 2, "e1", Feedback.DISMISSED)], None),
    ]
    report = FeedbackReport.from_calls(calls)
    up = report.triggers[Trigger.UPSELL]
    assert (up.fired, up.used, up.dismissed, up.acceptance) == (3, 2, 1, 0.667)
    assert report.triggers[Trigger.KEYWORD].acceptance == 0.0
    assert report.triggers[Trigger.DEAD_END].acceptance is None
    assert (report.with_upsell.calls, report.with_upsell.converted) == (2, 1)
    assert (report.without_upsell.calls, report.without_upsell.converted) == (2, 1)
    assert report.lift == 0.0
    data = report.to_json()
    assert data["acceptance"]["upsell"]["acceptance_rate"] == 0.667
    assert data["conversion"]["with_accepted_upsell"]["rate"] == 0.5
    assert "conversion with an accepted upsell: 50%" in report.format_table()


def test_feedback_input_is_validated() -> None:
    assert FeedbackIn.model_validate({"intervention_id": "x", "feedback": "used"}).feedback is (
        Feedback.USED
    )
    with pytest.raises(ValidationError):
        FeedbackIn.model_validate({"intervention_id": "x", "feedback": "loved it"})

"""Calls run through the live co-pilot, then `callpilot replay` and `callpilot report` read them."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from callpilot.api import create_app
from callpilot.cli import app
from callpilot.demo import DEMO_KNOWLEDGE
from callpilot.testing import make_settings

runner = CliRunner()


def run_demo_call(client: TestClient) -> dict[str, Any]:
    call = client.post("/api/sim/calls", json={"speed": 100}).json()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        detail = client.get(f"/api/calls/{call['id']}").json()
        if detail["state"] == "ended":
            return dict(detail)
        time.sleep(0.05)
    raise TimeoutError("the demo call did not end")


def cards(detail: dict[str, Any]) -> dict[str, str]:
    """trigger -> intervention id of the cards the call got."""
    return {
        e["payload"]["trigger"]: e["payload"]["id"]
        for e in detail["events"]
        if e["type"] == "intervention.fired"
    }


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CALLPILOT_DATABASE__DATA_DIR", str(tmp_path / "data"))
    return tmp_path / "data"


def test_feedback_and_dispositions_make_the_report(data_dir: Path) -> None:
    settings = make_settings(data_dir, copilot={"knowledge": DEMO_KNOWLEDGE})
    with TestClient(create_app(settings)) as client:
        sold, lost = run_demo_call(client), run_demo_call(client)
        sold_cards, lost_cards = cards(sold), cards(lost)
        assert {"upsell", "fact_correction"} <= set(sold_cards)
        for call, trigger, verdict in [
            (sold, "upsell", "used"),
            (sold, "fact_correction", "used"),
            (lost, "upsell", "dismissed"),
        ]:
            iid = cards(call)[trigger]
            res = client.post(
                f"/api/calls/{call['id']}/interventions/{iid}/feedback", json={"feedback": verdict}
            )
            assert res.status_code == 200
        assert (
            client.post(
                f"/api/calls/{sold['id']}/disposition", json={"disposition": "converted"}
            ).json()["disposition"]
            == "converted"
        )
        client.post(f"/api/calls/{lost['id']}/disposition", json={"disposition": "not-interested"})
        assert (
            client.post(
                f"/api/calls/{lost['id']}/disposition", json={"disposition": "maybe"}
            ).status_code
            == 422
        )
        assert (
            client.post(
                "/api/calls/nope/disposition", json={"disposition": "converted"}
            ).status_code
            == 404
        )
        assert (
            client.post(
                f"/api/calls/{lost['id']}/interventions/nope/feedback", json={"feedback": "used"}
            ).status_code
            == 404
        )
        assert len(lost_cards) >= 1

    result = runner.invoke(app, ["report", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    upsell = report["acceptance"]["upsell"]
    assert (upsell["fired"], upsell["used"], upsell["dismissed"]) == (2, 1, 1)
    assert upsell["acceptance_rate"] == 0.5
    assert report["acceptance"]["fact_correction"]["used"] == 1
    conversion = report["conversion"]
    assert conversion["with_accepted_upsell"] == {"calls": 1, "converted": 1, "rate": 1.0}
    assert conversion["without_accepted_upsell"] == {"calls": 1, "converted": 0, "rate": 0.0}

    table = runner.invoke(app, ["report"])
    assert table.exit_code == 0 and "upsell" in table.stdout


def test_replay_shows_what_a_changed_knowledge_base_would_do(
    data_dir: Path, tmp_path: Path
) -> None:
    settings = make_settings(data_dir, copilot={"knowledge": DEMO_KNOWLEDGE})
    with TestClient(create_app(settings)) as client:
        call = run_demo_call(client)
    assert "fact_correction" in cards(call)  # the rep said six months; the KB says twelve

    same = runner.invoke(app, ["replay", call["id"], "--knowledge", str(DEMO_KNOWLEDGE), "--json"])
    assert same.exit_code == 0, same.output
    replayed = json.loads(same.stdout)
    assert {i["trigger"] for i in replayed["now"]} == {i["trigger"] for i in replayed["then"]}

    # What if the minimum term really were six months?
    edited = tmp_path / "kb.yaml"
    edited.write_text(DEMO_KNOWLEDGE.read_text().replace("value: 12 months", "value: 6 months"))
    what_if = runner.invoke(app, ["replay", call["id"], "--knowledge", str(edited), "--json"])
    assert what_if.exit_code == 0, what_if.output
    assert "fact_correction" not in {i["trigger"] for i in json.loads(what_if.stdout)["now"]}

    missing = runner.invoke(app, ["replay", "no-such-call", "--knowledge", str(DEMO_KNOWLEDGE)])
    assert missing.exit_code == 1 and "not found" in missing.output
    broken = tmp_path / "broken.yaml"
    broken.write_text("company: X\\nofferings:\\n  - name: no id here\\n")
    bad = runner.invoke(app, ["replay", call["id"], "--knowledge", str(broken)])
    assert bad.exit_code == 2 and "broken.yaml" in bad.output

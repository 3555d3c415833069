"""The co-pilot's settings reach the calls the app runs."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from callpilot.api import create_app
from callpilot.demo import DEMO_KNOWLEDGE
from callpilot.testing import make_settings


def demo_call_cards(copilot: dict[str, Any], data_dir: Path) -> list[dict[str, Any]]:
    settings = make_settings(data_dir, copilot={"knowledge": DEMO_KNOWLEDGE, **copilot})
    with TestClient(create_app(settings)) as client:
        call = client.post("/api/sim/calls", json={"speed": 50}).json()
        deadline = time.monotonic() + 30
        detail = client.get(f"/api/calls/{call['id']}").json()
        while detail["state"] != "ended" and time.monotonic() < deadline:
            time.sleep(0.05)
            detail = client.get(f"/api/calls/{call['id']}").json()
    return [e["payload"] for e in detail["events"] if e["type"] == "intervention.fired"]


@pytest.mark.parametrize("encoder", ["static", "aligned"])
def test_a_faster_encoder_can_be_chosen(encoder: str, tmp_path: Path) -> None:
    cards = demo_call_cards({"encoder": encoder}, tmp_path)
    assert "fact_correction" in {c["trigger"] for c in cards}


def test_voice_mode_from_settings_speaks_the_interventions(tmp_path: Path) -> None:
    cards = demo_call_cards({"mode": "voice"}, tmp_path)
    assert cards and {c["delivery"] for c in cards} <= {"voice", "whisper"}
    assert any(c["delivery"] == "voice" for c in cards)

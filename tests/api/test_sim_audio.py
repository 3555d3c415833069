"""A simulated call in real audio, started from the API like the dashboard's voice demo button."""

from __future__ import annotations

import time

import pytest
from fastapi.testclient import TestClient

from callpilot.api import create_app
from callpilot.config import Settings
from callpilot.speech import wer

pytestmark = pytest.mark.speech

SCRIPT = [
    {
        "at": 0.5,
        "end": 3.5,
        "speaker": "customer",
        "text": "Hi, do you have any openings on Saturday morning?",
    },
    {
        "at": 4.5,
        "end": 7.5,
        "speaker": "rep",
        "text": "Yes, we have a free slot with Maria in the morning.",
    },
]


def test_audio_sim_call_is_transcribed_per_speaker(settings: Settings) -> None:
    with TestClient(create_app(settings)) as client:
        assert client.post("/api/sim/calls", json={"audio": True, "speed": 5}).status_code == 422
        call = client.post("/api/sim/calls", json={"audio": True, "turns": SCRIPT}).json()
        deadline = time.monotonic() + 60
        detail = client.get(f"/api/calls/{call['id']}").json()
        while detail["state"] != "ended" and time.monotonic() < deadline:
            time.sleep(0.2)
            detail = client.get(f"/api/calls/{call['id']}").json()
    assert detail["state"] == "ended" and detail["transport"] == "sim-audio"
    finals = [e["payload"] for e in detail["events"] if e["type"] == "utterance.final"]
    assert [p["role"] for p in finals] == ["lead", "rep"]
    for said, line in zip(finals, SCRIPT, strict=True):
        assert wer(line["text"], said["text"]) <= 0.2, said["text"]
    assert {leg["role"] for leg in detail["legs"]} == {"lead", "rep"}

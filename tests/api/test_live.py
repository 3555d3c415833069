"""The real server on loopback: live events over a real WebSocket, and a clean stop mid-call."""

from __future__ import annotations

import asyncio
import json
import sqlite3
from pathlib import Path
from typing import Any

import httpx
import websockets

from callpilot.api import create_app
from callpilot.config import Settings
from callpilot.testing import ServerThread

SCRIPT = [
    {"at": 0.0, "end": 1.0, "speaker": "customer", "text": "Hi, is this the gym?"},
    {"at": 1.5, "end": 3.0, "speaker": "rep", "text": "It is, how can I help?"},
    {"at": 3.5, "end": 5.0, "speaker": "customer", "text": "I want to join."},
]


async def test_websocket_streams_a_calls_events_live(settings: Settings) -> None:
    with ServerThread(create_app(settings)) as server:
        async with httpx.AsyncClient(base_url=server.url, timeout=10) as http:
            async with websockets.connect(f"{server.ws_url}/ws/events") as everything:
                started = await http.post("/api/sim/calls", json={"turns": SCRIPT, "speed": 10})
                assert started.status_code == 202
                call_id = started.json()["id"]
                received: list[dict[str, Any]] = []
                while not received or received[-1]["type"] != "call.ended":
                    msg = json.loads(await asyncio.wait_for(everything.recv(), timeout=10))
                    if msg["call_id"] == call_id:
                        received.append(msg)
            stored = (await http.get(f"/api/calls/{call_id}")).json()["events"]
    texts = [e["payload"]["text"] for e in received if e["type"] == "utterance.final"]
    assert texts == [line["text"] for line in SCRIPT]
    assert [e["seq"] for e in received] == [e["seq"] for e in stored]


async def test_websocket_filters_by_call_and_replays_from_a_sequence(settings: Settings) -> None:
    with ServerThread(create_app(settings)) as server:
        async with httpx.AsyncClient(base_url=server.url, timeout=10) as http:
            first = (await http.post("/api/sim/calls", json={"turns": SCRIPT, "speed": 50})).json()
            await http.post("/api/sim/calls", json={"turns": SCRIPT, "speed": 50})
            url = f"{server.ws_url}/ws/events?call_id={first['id']}&since=0"
            async with websockets.connect(url) as ws:
                got: list[dict[str, Any]] = []
                while not got or got[-1]["type"] != "call.ended":
                    got.append(json.loads(await asyncio.wait_for(ws.recv(), timeout=10)))
    assert {e["call_id"] for e in got} == {first["id"]}
    assert [e["seq"] for e in got] == list(range(1, len(got) + 1))  # nothing missed, no repeats


def test_stopping_the_server_mid_call_leaves_no_tasks_and_whole_events(
    settings: Settings, tmp_path: Path
) -> None:
    long_call = [
        {
            "at": i * 4.0,
            "end": i * 4.0 + 3.0,
            "speaker": "customer" if i % 2 else "rep",
            "text": f"line {i}",
        }
        for i in range(60)
    ]
    server = ServerThread(create_app(settings))
    server.start()
    try:
        res = httpx.post(
            f"{server.url}/api/sim/calls", json={"turns": long_call, "speed": 4}, timeout=10
        )
        call_id = res.json()["id"]
        with httpx.Client(base_url=server.url, timeout=10) as http:
            for _ in range(200):  # until the call is well under way
                events = http.get(f"/api/calls/{call_id}").json()["events"]
                if sum(e["type"] == "utterance.final" for e in events) >= 2:
                    break
                asyncio.run(asyncio.sleep(0.05))
    finally:
        server.stop()
    assert server.error is None
    assert server.tasks_after_stop == set()

    db = sqlite3.connect(settings.database.data_dir / "callpilot.db")
    rows = db.execute(
        "SELECT seq, type, payload FROM event WHERE call_id = ? ORDER BY seq", (call_id,)
    ).fetchall()
    state = db.execute("SELECT state FROM call WHERE id = ?", (call_id,)).fetchone()[0]
    db.close()
    assert [r[0] for r in rows] == list(range(1, len(rows) + 1))
    assert all(isinstance(json.loads(r[2]), dict) for r in rows)
    assert rows[-1][1] == "call.ended" and json.loads(rows[-1][2])["reason"] == "shutdown"
    assert sum(r[1] == "utterance.final" for r in rows) < len(long_call)  # it was mid-call
    assert state == "ended"

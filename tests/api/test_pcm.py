"""An outside harness is the caller over ``/ws/pcm``: real server, real socket, real speech."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx
import numpy as np
import pytest
import websockets

from callpilot.api import create_app
from callpilot.audio.resample import resample
from callpilot.config import Settings
from callpilot.speech import make_tts, wer
from callpilot.testing import ServerThread

pytestmark = pytest.mark.speech

RATE = 8_000
CHUNK = RATE // 50  # 20 ms


async def synthesize(text: str) -> np.ndarray:
    tts = make_tts("piper")
    chunks = []
    async with tts.synthesize(text) as stream:
        async for chunk in stream:
            chunks.append(resample(chunk.samples, chunk.sample_rate, RATE))
    return np.concatenate(chunks)


async def test_pcm_websocket_caller_is_heard_and_answered(settings: Settings) -> None:
    line = "Hello, I would like to book a free trial class this week."
    speech = await synthesize(line)
    audio = np.concatenate([np.zeros(RATE // 2, np.int16), speech, np.zeros(RATE * 4, np.int16)])
    texts: list[dict[str, Any]] = []
    received: list[bytes] = []
    with ServerThread(create_app(settings)) as server:
        async with websockets.connect(f"{server.ws_url}/ws/pcm") as ws:
            await ws.send(json.dumps({"sample_rate": RATE}))

            async def read() -> None:
                async for message in ws:
                    if isinstance(message, bytes):
                        received.append(message)
                    else:
                        texts.append(json.loads(message))

            reader = asyncio.ensure_future(read())
            for i in range(0, len(audio), CHUNK):
                await ws.send(audio[i : i + CHUNK].astype("<i2").tobytes())
                await asyncio.sleep(0.02)  # pace like a phone line
                if any(t.get("role") == "agent" for t in texts):
                    break
            for _ in range(100):  # let the answer play out
                await asyncio.sleep(0.02)
            await ws.send(json.dumps({"type": "hangup"}))
            await asyncio.wait_for(reader, timeout=10)
        call_id = texts[0]["call_id"]
        async with httpx.AsyncClient(base_url=server.url, timeout=10) as http:
            stored = (await http.get(f"/api/calls/{call_id}")).json()

    assert texts[0] == {"type": "call", "call_id": call_id, "rate": RATE}
    user = [t["text"] for t in texts if t.get("type") == "transcript" and t["role"] == "user"]
    agent = [t["text"] for t in texts if t.get("type") == "transcript" and t["role"] == "agent"]
    assert user and wer(line, " ".join(user)) <= 0.2, user
    assert agent, "the AI did not answer"
    pcm = np.frombuffer(b"".join(received), dtype="<i2")
    assert pcm.size >= RATE // 2  # half a second or more of the AI's answer came back
    loud = np.sqrt(
        np.mean(
            np.square(pcm[: pcm.size // CHUNK * CHUNK].reshape(-1, CHUNK), dtype=np.float64), axis=1
        )
    )
    assert (loud > 300).sum() >= 10, "no AI speech came back"
    types = [e["type"] for e in stored["events"]]
    assert "utterance.final" in types and "ai.speech.started" in types
    assert stored["state"] == "ended" and stored["transport"] == "pcm"


async def test_pcm_websocket_refuses_an_unsupported_rate(settings: Settings) -> None:
    with ServerThread(create_app(settings)) as server:
        async with websockets.connect(f"{server.ws_url}/ws/pcm?rate=12345") as ws:
            with pytest.raises(websockets.ConnectionClosed) as closed:
                await asyncio.wait_for(ws.recv(), timeout=5)
    assert closed.value.rcvd is not None and "sample rate" in closed.value.rcvd.reason

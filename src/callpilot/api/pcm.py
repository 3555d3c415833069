"""``WS /ws/pcm``: an outside program is the caller, in raw PCM (see the README).

The protocol is the generic one outside harnesses use (``voicebench``'s ``websocket`` adapter):

* in, binary: 16-bit little-endian mono PCM at ``?rate=`` Hz (default 16000), any chunk size, in
  real time; in, text: an optional first JSON message ``{"sample_rate": N}`` that sets the rate
  instead of the query, and ``{"type": "hangup"}`` to end the call (closing the socket does too);
* out, binary: what the caller hears, 20 ms at a time at the same rate, only while there is
  something to hear (``?continuous=1``: digital silence too, a frame every 20 ms);
* out, text: ``{"type": "call", "call_id", "rate"}`` first, then ``{"type": "transcript", "role":
  "user"|"agent", "text", "final": true}`` for what the AI heard and said, ``{"type": "clear"}``
  when the caller barged in (drop agent audio not yet played), and with ``?events=1`` every call
  event as ``{"type": "event", "event": {...}}``.

The AI answers every turn with a short fixed line until the qualifier exists, so harnesses
measure the voice pipeline itself (VAD, STT, TTS, bridge).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from typing import Any

from fastapi import APIRouter, WebSocket, WebSocketDisconnect, status

from callpilot.api.deps import Components, websocket_token_ok
from callpilot.bus import Subscription
from callpilot.calls.audio import CallAudio
from callpilot.dialogue import FixedReplyAgent
from callpilot.domain import Event, EventType, LegRole
from callpilot.telephony.pcm import PcmCodec, PcmLeg

__all__ = ["router"]

logger = logging.getLogger(__name__)
router = APIRouter()


@router.websocket("/ws/pcm")
async def pcm_call(websocket: WebSocket) -> None:
    if not websocket_token_ok(websocket):
        await websocket.close(code=status.WS_1008_POLICY_VIOLATION, reason="missing or bad token")
        return
    components: Components = websocket.app.state.components
    # Load the models before accepting: a caller's audio must not pile up while they load.
    stt = await components.speech.stt()
    tts = await components.speech.tts()
    await websocket.accept()  # accept before refusing, so the client gets the reason
    try:
        codec = PcmCodec(int(websocket.query_params.get("rate", "16000")))
    except ValueError as exc:
        await websocket.close(code=status.WS_1003_UNSUPPORTED_DATA, reason=str(exc))
        return
    send_events = websocket.query_params.get("events") in ("1", "true", "yes")
    first = await websocket.receive()
    first_audio = b""
    if first["type"] == "websocket.disconnect":
        return
    if first.get("text"):
        try:
            rate = int(json.loads(first["text"]).get("sample_rate", codec.rate))
            codec = PcmCodec(rate)
        except (ValueError, TypeError, AttributeError) as exc:
            await websocket.close(code=status.WS_1003_UNSUPPORTED_DATA, reason=str(exc))
            return
    else:
        first_audio = first.get("bytes") or b""
    session = await components.calls.start_call(
        transport="pcm", agents=[FixedReplyAgent()], options={"rate": codec.rate}
    )
    leg = PcmLeg(codec, continuous=websocket.query_params.get("continuous") in ("1", "true"))
    audio = CallAudio(session, tts=tts, stt=stt)
    await audio.add_leg(LegRole.LEAD, leg)
    subscription = components.bus.subscribe(session.call_id)
    await websocket.send_json({"type": "call", "call_id": session.call_id, "rate": codec.rate})
    leg.receive(first_audio)
    await audio.start()
    writer = asyncio.ensure_future(_write(websocket, leg, subscription, send_events))
    try:
        while True:
            message = await websocket.receive()
            if message["type"] == "websocket.disconnect":
                break
            if message.get("bytes"):
                leg.receive(message["bytes"])
            elif message.get("text"):
                with contextlib.suppress(ValueError):
                    if json.loads(message["text"]).get("type") == "hangup":
                        break
    except (WebSocketDisconnect, RuntimeError):
        pass
    finally:
        writer.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await writer
        await subscription.aclose()
        await audio.aclose()
        await session.aclose(reason="hangup")
        components.calls.sessions.pop(session.call_id, None)
        with contextlib.suppress(RuntimeError, WebSocketDisconnect):
            await websocket.close()


async def _write(
    websocket: WebSocket, leg: PcmLeg, subscription: Subscription, send_events: bool
) -> None:
    async def audio_out() -> None:
        while True:
            await websocket.send_bytes(await leg.outbound.get())

    async def events_out() -> None:
        async for event in subscription:
            for message in _messages_for(event, send_events):
                await websocket.send_json(message)

    async with asyncio.TaskGroup() as group:
        group.create_task(audio_out())
        group.create_task(events_out())


def _messages_for(event: Event, send_events: bool) -> list[dict[str, Any]]:
    messages: list[dict[str, Any]] = []
    if event.type == EventType.UTTERANCE_FINAL and event.payload.get("role") == LegRole.LEAD:
        messages.append(
            {"type": "transcript", "role": "user", "text": event.payload["text"], "final": True}
        )
    elif event.type == EventType.AI_SAY:
        messages.append(
            {"type": "transcript", "role": "agent", "text": event.payload["text"], "final": True}
        )
    elif event.type == EventType.AI_INTERRUPTED:
        messages.append({"type": "clear"})
    if send_events:
        messages.append({"type": "event", "event": event.to_json()})
    return messages

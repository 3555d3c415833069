"""``WS /ws/events``: the live event stream, all calls or one (``?call_id=``)."""

from __future__ import annotations

import asyncio
import contextlib
import logging

from fastapi import APIRouter, WebSocket, WebSocketDisconnect, status

from callpilot.api.deps import Components, websocket_token_ok

__all__ = ["router"]

logger = logging.getLogger(__name__)
router = APIRouter()


@router.websocket("/ws/events")
async def events_stream(websocket: WebSocket) -> None:
    """Sends every event as JSON as it is logged.

    Query: ``call_id`` (only that call), ``since`` (with ``call_id``: first replay the stored
    events after this sequence number, so a reconnecting client misses nothing).
    """
    if not websocket_token_ok(websocket):
        await websocket.close(code=status.WS_1008_POLICY_VIOLATION, reason="missing or bad token")
        return
    components: Components = websocket.app.state.components
    call_id = websocket.query_params.get("call_id") or None
    since_raw = websocket.query_params.get("since")
    await websocket.accept()
    subscription = components.bus.subscribe(call_id)
    last_seq = -1
    try:
        if call_id and since_raw is not None:
            since = int(since_raw) if since_raw.isdigit() else 0
            for event in await components.event_repo.for_call(call_id, after_seq=since):
                await websocket.send_json(event.to_json())
                last_seq = event.seq
        reader = asyncio.ensure_future(_wait_disconnect(websocket))
        try:
            async for event in _until(subscription, reader):
                if call_id and event.seq <= last_seq:
                    continue  # already sent from the stored log
                await websocket.send_json(event.to_json())
        finally:
            reader.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await reader
    except (WebSocketDisconnect, RuntimeError):
        pass
    finally:
        await subscription.aclose()


async def _wait_disconnect(websocket: WebSocket) -> None:
    with contextlib.suppress(WebSocketDisconnect):
        while True:
            await websocket.receive_text()


async def _until(subscription, reader: asyncio.Future[None]):  # type: ignore[no-untyped-def]
    """Iterate the subscription until the client goes away."""
    iterator = subscription.__aiter__()
    while True:
        nxt = asyncio.ensure_future(iterator.__anext__())
        done, _ = await asyncio.wait({nxt, reader}, return_when=asyncio.FIRST_COMPLETED)
        if nxt not in done:
            nxt.cancel()
            with contextlib.suppress(asyncio.CancelledError, StopAsyncIteration):
                await nxt
            return
        try:
            yield nxt.result()
        except StopAsyncIteration:
            return

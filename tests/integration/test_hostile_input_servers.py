"""Issue 11 on real servers: what tether refuses never reaches them, what it sends arrives intact.

Without the checks, ``close(1005, "x" * 124)`` makes uvicorn drop the connection and
wsproto or hypercorn send another code, and ``send_text(b"abc")`` becomes a binary frame or
a dropped connection depending on the server.
"""

from __future__ import annotations

import asyncio

import pytest
from servers import SERVERS, serve
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from tether.datastructures import InvalidHeaderError
from tether.routing import Router, WebSocketRoute
from tether.websockets import (
    CloseCodeError,
    CloseReasonError,
    NonFiniteJSONError,
    PayloadTypeError,
    WebSocket,
)

pytestmark = [
    pytest.mark.integration,
    pytest.mark.filterwarnings("ignore:remove second argument of ws_handler:DeprecationWarning"),
]

REASON = "é" * 61 + "x"  # exactly 123 bytes of UTF-8


async def refuses_then_behaves(websocket: WebSocket) -> None:
    refused = []
    try:
        await websocket.accept(headers={"x-evil": "a\r\nset-cookie: x=1"})
    except InvalidHeaderError:
        refused.append("header")
    await websocket.accept()
    for attempt, error in (
        (lambda: websocket.send_text(b"abc"), PayloadTypeError),  # type: ignore[arg-type]
        (lambda: websocket.send_bytes("abc"), PayloadTypeError),  # type: ignore[arg-type]
        (lambda: websocket.send_json(float("nan")), NonFiniteJSONError),
        (lambda: websocket.close(1005), CloseCodeError),
        (lambda: websocket.close(4000, "x" * 124), CloseReasonError),
    ):
        try:
            await attempt()
        except error:
            refused.append(error.__name__)
    await websocket.send_text(" ".join(refused))
    await websocket.close(4000, REASON)


async def talk(base_url: str) -> tuple[object, int, str]:
    async with connect(f"{base_url}/ws", open_timeout=5) as client:
        text = await asyncio.wait_for(client.recv(), 5)
        try:
            await asyncio.wait_for(client.recv(), 5)
        except ConnectionClosed as closed:
            close_frame = closed.rcvd
        else:
            raise AssertionError("the server sent a second message instead of closing")
    if close_frame is None:
        raise AssertionError("the connection dropped without a close frame")
    return text, close_frame.code, close_frame.reason


@pytest.mark.parametrize("server", SERVERS)
def test_refused_input_never_reaches_the_server(server: str) -> None:
    app = Router([WebSocketRoute("/ws", refuses_then_behaves)])
    with serve(app, server) as base_url:
        text, code, reason = asyncio.run(talk(base_url))
    assert text == (
        "header PayloadTypeError PayloadTypeError NonFiniteJSONError CloseCodeError "
        "CloseReasonError"
    )
    assert (code, reason) == (4000, REASON)

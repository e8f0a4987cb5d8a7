"""Issue 11, items 1-3: close codes and reasons, payload types, malformed receive messages."""

from __future__ import annotations

import math
from typing import Any

import pytest

from tether.types import Message, Scope
from tether.websockets import (
    CloseCodeError,
    CloseReasonError,
    FrameTypeError,
    MalformedMessageError,
    NonFiniteJSONError,
    PayloadTypeError,
    WebSocket,
    WebSocketClose,
    WebSocketDisconnect,
    WebSocketError,
)

pytestmark = pytest.mark.anyio


class Server:
    """Queued incoming messages and the list of messages that reached the server."""

    def __init__(self, *incoming: Message) -> None:
        self.incoming = [{"type": "websocket.connect"}, *incoming]
        self.sent: list[Message] = []
        self.scope: Scope = {"type": "websocket", "path": "/", "headers": []}

    async def receive(self) -> Message:
        return self.incoming.pop(0)

    async def send(self, message: Message) -> None:
        self.sent.append(message)


async def accepted(*incoming: Message) -> tuple[WebSocket, Server]:
    server = Server(*incoming)
    websocket = WebSocket(server.scope, server.receive, server.send)
    await websocket.accept()
    server.sent.clear()
    return websocket, server


# 1. close codes and reasons

UNSENDABLE_CODES = [0, 999, 1004, 1005, 1006, 1015, 1016, 2000, 2999, 5000, 65535, -1]
SENDABLE_CODES = [1000, 1001, 1002, 1003, 1007, 1011, 1014, 3000, 4000, 4999]


@pytest.mark.parametrize("code", UNSENDABLE_CODES)
async def test_close_refuses_codes_that_may_not_be_sent(code: int) -> None:
    websocket, server = await accepted()
    with pytest.raises(CloseCodeError, match=f"Cannot close with code {code}") as caught:
        await websocket.close(code)
    assert caught.value.code == code
    assert server.sent == []
    assert isinstance(caught.value, ValueError)
    assert isinstance(caught.value, WebSocketError)


@pytest.mark.parametrize("code", [1000.0, True, "1000", None])
async def test_close_refuses_codes_that_are_not_ints(code: Any) -> None:
    websocket, server = await accepted()
    with pytest.raises(CloseCodeError, match="not an int"):
        await websocket.close(code)
    assert server.sent == []


async def test_close_names_a_code_that_only_reports_a_closure() -> None:
    websocket, _ = await accepted()
    with pytest.raises(CloseCodeError, match=r"1005 \(no status received\) only reports"):
        await websocket.close(1005, "x" * 124)


@pytest.mark.parametrize("code", SENDABLE_CODES)
async def test_close_sends_every_sendable_code(code: int) -> None:
    websocket, server = await accepted()
    await websocket.close(code)
    assert server.sent == [{"type": "websocket.close", "code": code, "reason": ""}]


@pytest.mark.parametrize(
    "reason",
    ["x" * 124, "é" * 62, "€" * 42, "\ud800", b"bytes", 12],
)
async def test_close_refuses_reasons_that_do_not_fit(reason: Any) -> None:
    websocket, server = await accepted()
    with pytest.raises(CloseReasonError, match="Cannot close with this reason") as caught:
        await websocket.close(1000, reason)
    assert caught.value.reason == reason
    assert server.sent == []


@pytest.mark.parametrize("reason", ["x" * 123, "é" * 61 + "x", "€" * 41])
async def test_close_sends_a_reason_of_123_bytes(reason: str) -> None:
    websocket, server = await accepted()
    await websocket.close(4000, reason)
    assert server.sent == [{"type": "websocket.close", "code": 4000, "reason": reason}]


async def test_a_raw_close_message_is_checked_too() -> None:
    websocket, server = await accepted()
    with pytest.raises(CloseCodeError):
        await websocket.send({"type": "websocket.close", "code": 1006})
    assert server.sent == []


def test_websocket_close_checks_its_code_and_reason_when_created() -> None:
    with pytest.raises(CloseCodeError):
        WebSocketClose(1005)
    with pytest.raises(CloseReasonError):
        WebSocketClose(4000, "x" * 124)
    assert WebSocketClose(4000, None).reason == ""


# 2. payload types


@pytest.mark.parametrize("data", [b"abc", bytearray(b"abc"), 1, None, ["a"]])
async def test_send_text_requires_str(data: Any) -> None:
    websocket, server = await accepted()
    with pytest.raises(PayloadTypeError, match=r"send_text\(\) needs a str, got") as caught:
        await websocket.send_text(data)
    assert isinstance(caught.value, TypeError)
    assert server.sent == []


@pytest.mark.parametrize("data", ["abc", 1, None, [1]])
async def test_send_bytes_requires_bytes_like(data: Any) -> None:
    websocket, server = await accepted()
    with pytest.raises(PayloadTypeError, match=r"send_bytes\(\) needs bytes"):
        await websocket.send_bytes(data)
    assert server.sent == []


async def test_send_bytes_copies_bytearray_and_memoryview_into_bytes() -> None:
    websocket, server = await accepted()
    await websocket.send_bytes(bytearray(b"ab"))
    await websocket.send_bytes(memoryview(b"cd"))
    assert server.sent == [
        {"type": "websocket.send", "bytes": b"ab"},
        {"type": "websocket.send", "bytes": b"cd"},
    ]
    assert all(type(message["bytes"]) is bytes for message in server.sent)


async def test_payload_types_are_checked_before_accept_as_well() -> None:
    server = Server()
    websocket = WebSocket(server.scope, server.receive, server.send)
    with pytest.raises(PayloadTypeError):
        await websocket.send_text(b"x")  # type: ignore[arg-type]


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf, {"a": [1, math.nan]}])
@pytest.mark.parametrize("mode", ["text", "binary"])
async def test_send_json_refuses_nan_and_infinities(value: Any, mode: str) -> None:
    websocket, server = await accepted()
    with pytest.raises(NonFiniteJSONError, match="allow_nan=True") as caught:
        await websocket.send_json(value, mode=mode)
    assert isinstance(caught.value, ValueError)
    assert server.sent == []


async def test_send_json_sends_nan_when_asked() -> None:
    websocket, server = await accepted()
    await websocket.send_json([math.nan, math.inf], allow_nan=True)
    assert server.sent == [{"type": "websocket.send", "text": "[NaN,Infinity]"}]


async def test_send_json_still_reports_a_circular_reference() -> None:
    websocket, _ = await accepted()
    loop: list[Any] = []
    loop.append(loop)
    with pytest.raises(ValueError, match="Circular reference") as caught:
        await websocket.send_json(loop)
    assert not isinstance(caught.value, NonFiniteJSONError)


# 3. malformed receive messages

MALFORMED = [
    {"type": "websocket.receive"},
    {"type": "websocket.receive", "text": None, "bytes": None},
    {"type": "websocket.receive", "text": b"abc"},
    {"type": "websocket.receive", "bytes": "abc"},
    {"type": "websocket.receive", "text": "a", "bytes": b"b"},
    {"type": "websocket.receive", "text": 1},
]


@pytest.mark.parametrize("message", MALFORMED)
@pytest.mark.parametrize("method", ["receive_text", "receive_bytes", "receive_json", "receive"])
async def test_a_data_message_without_usable_data_gets_its_own_error(
    message: Message, method: str
) -> None:
    websocket, _ = await accepted(message)
    with pytest.raises(MalformedMessageError, match="needs exactly one of 'text'") as caught:
        await getattr(websocket, method)()
    assert caught.value.message == message
    assert not isinstance(caught.value, FrameTypeError)
    assert isinstance(caught.value, KeyError)


async def test_the_error_names_what_the_message_held() -> None:
    websocket, _ = await accepted({"type": "websocket.receive", "text": None, "bytes": None})
    with pytest.raises(MalformedMessageError) as caught:
        await websocket.receive_text()
    assert str(caught.value).endswith("got text=None and bytes=None")


async def test_the_other_frame_type_is_still_a_frame_type_error() -> None:
    websocket, _ = await accepted({"type": "websocket.receive", "bytes": b"x", "text": None})
    with pytest.raises(FrameTypeError, match="a binary frame arrived"):
        await websocket.receive_text()


@pytest.mark.parametrize("method", ["receive_text", "receive_bytes"])
async def test_a_disconnect_whose_code_is_none_counts_as_1005(method: str) -> None:
    websocket, _ = await accepted({"type": "websocket.disconnect", "code": None, "reason": None})
    with pytest.raises(WebSocketDisconnect) as caught:
        await getattr(websocket, method)()
    assert caught.value.code == 1005
    assert websocket.close_code == 1005
    assert websocket.close_reason == ""


async def test_receive_records_a_none_code_as_1005() -> None:
    websocket, _ = await accepted({"type": "websocket.disconnect", "code": None})
    await websocket.receive()
    assert websocket.close_code == 1005

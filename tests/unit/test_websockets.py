"""tether.websockets against in-process ASGI receive/send callables (the ASGI interface itself)."""

from __future__ import annotations

import json
import pickle
import re
from typing import Any

import pytest
from starlette.responses import PlainTextResponse

from tether.connection import HTTPConnection, UnsupportedScopeError
from tether.types import Message, Receive, Scope, Send
from tether.websockets import (
    DenialNotSupportedError,
    FrameTypeError,
    JSONModeError,
    SubprotocolError,
    UnexpectedMessageError,
    WebSocket,
    WebSocketClose,
    WebSocketDisconnect,
    WebSocketDisconnected,
    WebSocketError,
    WebSocketState,
)

pytestmark = pytest.mark.anyio

CONNECTING = WebSocketState.CONNECTING
CONNECTED = WebSocketState.CONNECTED
DISCONNECTED = WebSocketState.DISCONNECTED
RESPONSE = WebSocketState.RESPONSE

DENIAL = {"websocket.http.response": {}}


class Server:
    """The server's side of the ASGI interface: queued incoming messages, recorded sends."""

    def __init__(
        self,
        *incoming: Message,
        extensions: dict[str, Any] | None = None,
        subprotocols: list[str] | None = None,
    ) -> None:
        self.incoming = list(incoming)
        self.sent: list[Message] = []
        self.received_count = 0
        self.send_error: OSError | None = None
        self.scope: Scope = {
            "type": "websocket",
            "path": "/ws",
            "headers": [],
            "subprotocols": subprotocols or [],
            "extensions": extensions or {},
        }

    async def receive(self) -> Message:
        if not self.incoming:
            raise AssertionError("the application received more messages than the test queued")
        self.received_count += 1
        return self.incoming.pop(0)

    async def send(self, message: Message) -> None:
        if self.send_error is not None:
            raise self.send_error
        self.sent.append(message)

    def websocket(self) -> WebSocket:
        return WebSocket(self.scope, self.receive, self.send)


def connect() -> Message:
    return {"type": "websocket.connect"}


def text(data: str) -> Message:
    return {"type": "websocket.receive", "text": data}


def binary(data: bytes) -> Message:
    return {"type": "websocket.receive", "bytes": data}


def disconnect(code: int | None = 1000, reason: str | None = None) -> Message:
    message: Message = {"type": "websocket.disconnect"}
    if code is not None:
        message["code"] = code
    if reason is not None:
        message["reason"] = reason
    return message


async def accepted(server: Server) -> WebSocket:
    server.incoming.insert(0, connect())
    websocket = server.websocket()
    await websocket.accept()
    server.sent.clear()
    return websocket


# Construction


def test_websocket_is_an_http_connection_over_the_scope() -> None:
    server = Server()
    websocket = server.websocket()
    assert isinstance(websocket, HTTPConnection)
    assert websocket["path"] == "/ws"
    assert websocket.scope is server.scope
    assert websocket.client_state is CONNECTING
    assert websocket.application_state is CONNECTING
    assert websocket.close_code is None
    assert websocket.close_reason is None


@pytest.mark.parametrize("scope_type", ["http", "lifespan", None])
def test_websocket_requires_a_websocket_scope(scope_type: str | None) -> None:
    server = Server()
    server.scope["type"] = scope_type
    with pytest.raises(UnsupportedScopeError, match="'websocket' scope, got type") as caught:
        server.websocket()
    assert isinstance(caught.value, ValueError)
    assert isinstance(caught.value, AssertionError)


# receive(): the client's side of the state machine


async def test_receive_connect_then_data_then_disconnect() -> None:
    server = Server(connect(), text("hi"), disconnect(1001, "bye"))
    websocket = server.websocket()
    assert await websocket.receive() == connect()
    assert websocket.client_state is CONNECTED
    assert await websocket.receive() == text("hi")
    assert websocket.client_state is CONNECTED
    assert await websocket.receive() == disconnect(1001, "bye")
    assert websocket.client_state is DISCONNECTED
    assert (websocket.close_code, websocket.close_reason) == (1001, "bye")


@pytest.mark.parametrize(
    "message_type", ["websocket.receive", "websocket.disconnect", "http.request", None]
)
async def test_receive_while_connecting_expects_connect(message_type: str | None) -> None:
    server = Server({"type": message_type})
    websocket = server.websocket()
    with pytest.raises(UnexpectedMessageError) as caught:
        await websocket.receive()
    error = caught.value
    assert isinstance(error, RuntimeError)
    assert error.expected == ("websocket.connect",)
    assert error.received == message_type
    assert error.state is CONNECTING
    assert "'websocket.connect'" in str(error)
    assert repr(message_type) in str(error)
    assert websocket.client_state is CONNECTING


@pytest.mark.parametrize("message_type", ["websocket.connect", "websocket.send", "http.request"])
async def test_receive_while_connected_expects_data_or_disconnect(message_type: str) -> None:
    server = Server(connect(), {"type": message_type})
    websocket = server.websocket()
    await websocket.receive()
    with pytest.raises(UnexpectedMessageError) as caught:
        await websocket.receive()
    assert caught.value.expected == ("websocket.receive", "websocket.disconnect")
    assert caught.value.operation == "receive"
    assert "'websocket.receive' or 'websocket.disconnect'" in str(caught.value)
    assert websocket.client_state is CONNECTED


async def test_receive_after_disconnect_does_not_reach_the_server() -> None:
    server = Server(connect(), disconnect(1000))
    websocket = server.websocket()
    await websocket.receive()
    await websocket.receive()
    with pytest.raises(WebSocketDisconnected, match="already disconnected with code 1000"):
        await websocket.receive()
    assert server.received_count == 2


async def test_disconnect_without_code_means_1005() -> None:
    server = Server(connect(), disconnect(code=None))
    websocket = server.websocket()
    await websocket.receive()
    await websocket.receive()
    assert websocket.close_code == 1005
    assert websocket.close_reason == ""


# send(): the application's side of the state machine

LEGAL_SENDS = [
    (CONNECTING, {"type": "websocket.accept"}, CONNECTED),
    (CONNECTING, {"type": "websocket.close", "code": 1000}, DISCONNECTED),
    (CONNECTING, {"type": "websocket.http.response.start", "status": 403}, RESPONSE),
    (CONNECTED, {"type": "websocket.send", "text": "x"}, CONNECTED),
    (CONNECTED, {"type": "websocket.close", "code": 1000}, DISCONNECTED),
    (RESPONSE, {"type": "websocket.http.response.body", "body": b"", "more_body": True}, RESPONSE),
    (RESPONSE, {"type": "websocket.http.response.body", "body": b""}, DISCONNECTED),
]

ALL_SEND_TYPES = [
    "websocket.accept",
    "websocket.send",
    "websocket.close",
    "websocket.http.response.start",
    "websocket.http.response.body",
    "http.response.start",
]
VALID_SENDS = {
    CONNECTING: {"websocket.accept", "websocket.close", "websocket.http.response.start"},
    CONNECTED: {"websocket.send", "websocket.close"},
    RESPONSE: {"websocket.http.response.body"},
}


async def reach(websocket: WebSocket, server: Server, state: WebSocketState) -> None:
    setup = {
        CONNECTING: [],
        CONNECTED: [{"type": "websocket.accept"}],
        RESPONSE: [{"type": "websocket.http.response.start", "status": 403}],
        DISCONNECTED: [{"type": "websocket.close", "code": 1000}],
    }[state]
    for message in setup:
        await websocket.send(message)
    server.sent.clear()
    assert websocket.application_state is state


@pytest.mark.parametrize(("state", "message", "after"), LEGAL_SENDS)
async def test_legal_sends_reach_the_server_and_move_the_state(
    state: WebSocketState, message: Message, after: WebSocketState
) -> None:
    server = Server(connect(), extensions=DENIAL)
    websocket = server.websocket()
    await websocket.receive()
    await reach(websocket, server, state)
    await websocket.send(message)
    assert server.sent == [message]
    assert websocket.application_state is after


@pytest.mark.parametrize(
    ("state", "message_type"),
    [
        (state, message_type)
        for state, valid in VALID_SENDS.items()
        for message_type in ALL_SEND_TYPES
        if message_type not in valid
    ],
)
async def test_illegal_sends_name_expected_and_received_types(
    state: WebSocketState, message_type: str
) -> None:
    server = Server(connect(), extensions=DENIAL)
    websocket = server.websocket()
    await websocket.receive()
    await reach(websocket, server, state)
    with pytest.raises(UnexpectedMessageError) as caught:
        await websocket.send({"type": message_type})
    error = caught.value
    assert error.operation == "send"
    assert error.state is state
    assert set(error.expected) == VALID_SENDS[state]
    assert error.received == message_type
    for expected in VALID_SENDS[state]:
        assert repr(expected) in str(error)
    assert f"got {message_type!r}" in str(error)
    assert f"in state {state.name}" in str(error)
    assert server.sent == []
    assert websocket.application_state is state


@pytest.mark.parametrize("message_type", ALL_SEND_TYPES)
async def test_send_after_the_application_closed_raises(message_type: str) -> None:
    server = Server(connect())
    websocket = server.websocket()
    await websocket.receive()
    await reach(websocket, server, DISCONNECTED)
    with pytest.raises(WebSocketDisconnected, match="application already closed"):
        await websocket.send({"type": message_type})
    assert server.sent == []


async def test_denial_start_needs_the_server_extension() -> None:
    server = Server(connect())
    websocket = server.websocket()
    with pytest.raises(DenialNotSupportedError, match=re.escape("'websocket.http.response'")):
        await websocket.send({"type": "websocket.http.response.start", "status": 403})
    assert websocket.application_state is CONNECTING
    assert server.sent == []


# OSError from the server and sending after the client left


@pytest.mark.parametrize(
    "action",
    [
        lambda ws: ws.send_text("x"),
        lambda ws: ws.send_bytes(b"x"),
        lambda ws: ws.send_json({"a": 1}),
        lambda ws: ws.send({"type": "websocket.send", "text": "x"}),
        lambda ws: ws.close(),
    ],
)
async def test_os_error_from_server_send_becomes_disconnect_1006(action: Any) -> None:
    server = Server()
    websocket = await accepted(server)
    failure = ConnectionResetError("peer reset")
    server.send_error = failure
    with pytest.raises(WebSocketDisconnect) as caught:
        await action(websocket)
    assert caught.value.code == 1006
    assert caught.value.__cause__ is failure
    assert websocket.application_state is DISCONNECTED
    assert websocket.close_code == 1006
    with pytest.raises(WebSocketDisconnected):
        await websocket.send_text("again")


async def test_os_error_on_accept_becomes_disconnect_1006() -> None:
    server = Server(connect())
    server.send_error = BrokenPipeError()
    websocket = server.websocket()
    with pytest.raises(WebSocketDisconnect) as caught:
        await websocket.accept()
    assert caught.value.code == 1006


@pytest.mark.parametrize(
    "action",
    [
        lambda ws: ws.send_text("x"),
        lambda ws: ws.send_bytes(b"x"),
        lambda ws: ws.send_json([1]),
        lambda ws: ws.send_json([1], mode="binary"),
        lambda ws: ws.send({"type": "websocket.send", "text": "x"}),
    ],
)
async def test_send_after_client_disconnect_raises_and_skips_the_server(action: Any) -> None:
    server = Server(disconnect(1001, "tab closed"))
    websocket = await accepted(server)
    assert [m async for m in websocket.iter_text()] == []
    with pytest.raises(WebSocketDisconnect) as caught:
        await action(websocket)
    assert (caught.value.code, caught.value.reason) == (1001, "tab closed")
    assert server.sent == []
    assert websocket.application_state is CONNECTED


async def test_close_after_client_disconnect_only_records_the_state() -> None:
    server = Server(disconnect(1000))
    websocket = await accepted(server)
    await websocket.receive()
    await websocket.close()
    assert websocket.application_state is DISCONNECTED
    assert server.sent == []


async def test_accept_after_client_disconnect_raises() -> None:
    server = Server(connect(), disconnect(1001))
    websocket = server.websocket()
    await websocket.receive()
    await websocket.receive()
    with pytest.raises(WebSocketDisconnect) as caught:
        await websocket.accept()
    assert caught.value.code == 1001
    assert server.sent == []


# accept()


async def test_accept_receives_connect_first() -> None:
    server = Server(connect())
    websocket = server.websocket()
    await websocket.accept()
    assert server.received_count == 1
    assert websocket.client_state is CONNECTED
    assert websocket.application_state is CONNECTED
    assert server.sent == [{"type": "websocket.accept", "subprotocol": None, "headers": []}]


async def test_accept_after_connect_does_not_receive_again() -> None:
    server = Server(connect())
    websocket = server.websocket()
    await websocket.receive()
    await websocket.accept()
    assert server.received_count == 1


async def test_accept_with_an_offered_subprotocol_and_header_pairs() -> None:
    server = Server(connect(), subprotocols=["chat.v1", "chat.v2"])
    websocket = server.websocket()
    await websocket.accept("chat.v2", headers=[(b"x-room", b"lobby")])
    assert server.sent == [
        {"type": "websocket.accept", "subprotocol": "chat.v2", "headers": [(b"x-room", b"lobby")]}
    ]


async def test_accept_with_a_header_mapping() -> None:
    server = Server(connect())
    websocket = server.websocket()
    await websocket.accept(headers={"X-Room": "lobby"})
    assert server.sent[0]["headers"] == [(b"x-room", b"lobby")]


async def test_accept_with_a_subprotocol_not_offered_fails_before_any_io() -> None:
    server = Server(connect(), subprotocols=["chat.v1"])
    websocket = server.websocket()
    with pytest.raises(SubprotocolError) as caught:
        await websocket.accept("chat.v9")
    assert isinstance(caught.value, RuntimeError)
    assert caught.value.subprotocol == "chat.v9"
    assert caught.value.offered == ["chat.v1"]
    assert (
        str(caught.value)
        == "Cannot accept with subprotocol 'chat.v9': the client offered 'chat.v1'"
    )
    assert server.received_count == 0
    assert server.sent == []


async def test_accept_with_a_subprotocol_when_none_offered() -> None:
    server = Server(connect())
    with pytest.raises(SubprotocolError, match="the client offered none"):
        await server.websocket().accept("chat")


async def test_accept_twice_is_an_unexpected_message() -> None:
    server = Server()
    websocket = await accepted(server)
    with pytest.raises(UnexpectedMessageError, match=re.escape("got 'websocket.accept'")):
        await websocket.accept()


# receive_text / receive_bytes / receive_json


async def test_receive_text_and_bytes() -> None:
    server = Server(text("héllo"), text(""), binary(b"\x00\xff"), binary(b""))
    websocket = await accepted(server)
    assert await websocket.receive_text() == "héllo"
    assert await websocket.receive_text() == ""
    assert await websocket.receive_bytes() == b"\x00\xff"
    assert await websocket.receive_bytes() == b""


async def test_receive_text_on_a_binary_frame_says_what_arrived() -> None:
    server = Server(binary(b"data"))
    websocket = await accepted(server)
    with pytest.raises(FrameTypeError) as caught:
        await websocket.receive_text()
    error = caught.value
    assert isinstance(error, KeyError)
    assert isinstance(error, RuntimeError)
    assert (error.expected, error.received) == ("text", "binary")
    assert str(error) == "Expected a text WebSocket frame, but a binary frame arrived"


async def test_receive_bytes_on_a_text_frame_says_what_arrived() -> None:
    server = Server(text("data"))
    websocket = await accepted(server)
    with pytest.raises(FrameTypeError, match="Expected a binary WebSocket frame, but a text frame"):
        await websocket.receive_bytes()


async def test_receive_json_on_the_wrong_frame() -> None:
    server = Server(text("{}"), binary(b"{}"))
    websocket = await accepted(server)
    with pytest.raises(FrameTypeError, match="but a text frame arrived"):
        await websocket.receive_json(mode="binary")
    with pytest.raises(FrameTypeError, match="but a binary frame arrived"):
        await websocket.receive_json()


@pytest.mark.parametrize("method", ["receive_text", "receive_bytes", "receive_json"])
async def test_receiving_data_before_accept_raises(method: str) -> None:
    server = Server(connect(), text("early"))
    websocket = server.websocket()
    with pytest.raises(WebSocketDisconnected, match='call "accept" first'):
        await getattr(websocket, method)()
    assert server.received_count == 0


@pytest.mark.parametrize("method", ["receive_text", "receive_bytes", "receive_json"])
async def test_receiving_data_after_application_close_raises(method: str) -> None:
    server = Server(text("late"))
    websocket = await accepted(server)
    await websocket.close()
    with pytest.raises(WebSocketDisconnected, match="application already closed"):
        await getattr(websocket, method)()
    assert server.incoming == [text("late")]


@pytest.mark.parametrize("method", ["receive_text", "receive_bytes", "receive_json"])
async def test_receiving_data_raises_disconnect_with_code_and_reason(method: str) -> None:
    server = Server(disconnect(4001, "kicked"))
    websocket = await accepted(server)
    with pytest.raises(WebSocketDisconnect) as caught:
        await getattr(websocket, method)()
    assert (caught.value.code, caught.value.reason) == (4001, "kicked")
    assert websocket.client_state is DISCONNECTED
    assert (websocket.close_code, websocket.close_reason) == (4001, "kicked")
    with pytest.raises(WebSocketDisconnected, match="client already disconnected"):
        await getattr(websocket, method)()


async def test_receiving_data_on_a_disconnect_without_code() -> None:
    server = Server(disconnect(code=None))
    websocket = await accepted(server)
    with pytest.raises(WebSocketDisconnect) as caught:
        await websocket.receive_text()
    assert caught.value.code == 1005
    assert websocket.close_code == 1005


async def test_receiving_data_on_an_unexpected_message() -> None:
    server = Server(connect())
    websocket = await accepted(server)
    with pytest.raises(UnexpectedMessageError, match=re.escape("got 'websocket.connect'")):
        await websocket.receive_text()


async def test_receiving_data_when_the_app_accepted_without_reading_connect() -> None:
    server = Server(text("hi"))
    websocket = server.websocket()
    await websocket.send({"type": "websocket.accept"})
    with pytest.raises(
        UnexpectedMessageError, match=re.escape("expected ASGI message 'websocket.connect'")
    ):
        await websocket.receive_text()


async def test_receive_json_text_and_binary() -> None:
    server = Server(text('{"a":[1,"ü"]}'), binary('{"b":"漢字"}'.encode()))
    websocket = await accepted(server)
    assert await websocket.receive_json() == {"a": [1, "ü"]}
    assert await websocket.receive_json(mode="binary") == {"b": "漢字"}


async def test_receive_json_invalid_document() -> None:
    server = Server(text("{nope"))
    websocket = await accepted(server)
    with pytest.raises(json.JSONDecodeError):
        await websocket.receive_json()


async def collect_json(websocket: WebSocket, mode: str) -> list[Any]:
    return [value async for value in websocket.iter_json(mode=mode)]


@pytest.mark.parametrize(
    "call",
    [
        lambda ws: ws.receive_json(mode="utf8"),
        lambda ws: ws.send_json(1, mode="utf8"),
        lambda ws: collect_json(ws, mode="utf8"),
    ],
)
async def test_json_mode_must_be_text_or_binary(call: Any) -> None:
    server = Server(text("1"))
    websocket = await accepted(server)
    with pytest.raises(JSONModeError) as caught:
        await call(websocket)
    assert isinstance(caught.value, ValueError)
    assert isinstance(caught.value, RuntimeError)
    assert caught.value.mode == "utf8"
    assert str(caught.value) == 'The JSON mode must be "text" or "binary", got \'utf8\''
    assert server.incoming == [text("1")]
    assert server.sent == []


# Iterators


async def test_iter_text_ends_on_disconnect_and_keeps_code_and_reason() -> None:
    server = Server(text("a"), text("b"), disconnect(1001, "going"))
    websocket = await accepted(server)
    assert [m async for m in websocket.iter_text()] == ["a", "b"]
    assert (websocket.close_code, websocket.close_reason) == (1001, "going")
    assert websocket.client_state is DISCONNECTED


async def test_iter_bytes_ends_on_disconnect_and_keeps_code() -> None:
    server = Server(binary(b"a"), disconnect(code=None))
    websocket = await accepted(server)
    assert [m async for m in websocket.iter_bytes()] == [b"a"]
    assert (websocket.close_code, websocket.close_reason) == (1005, "")


async def test_iter_json_in_both_modes() -> None:
    server = Server(text("[1]"), text('{"x":null}'), disconnect(3000))
    websocket = await accepted(server)
    assert [m async for m in websocket.iter_json()] == [[1], {"x": None}]
    assert websocket.close_code == 3000

    server = Server(binary(b"2"), disconnect(1000))
    websocket = await accepted(server)
    assert [m async for m in websocket.iter_json(mode="binary")] == [2]


async def test_iter_text_raises_on_a_binary_frame() -> None:
    server = Server(text("a"), binary(b"b"))
    websocket = await accepted(server)
    messages = websocket.iter_text()
    assert await messages.__anext__() == "a"
    with pytest.raises(FrameTypeError):
        await messages.__anext__()
    assert websocket.close_code is None


# send_text / send_bytes / send_json / close


async def test_send_text_and_bytes() -> None:
    server = Server()
    websocket = await accepted(server)
    await websocket.send_text("ça va")
    await websocket.send_bytes(b"\x01")
    assert server.sent == [
        {"type": "websocket.send", "text": "ça va"},
        {"type": "websocket.send", "bytes": b"\x01"},
    ]


async def test_send_json_is_compact_and_keeps_non_ascii() -> None:
    server = Server()
    websocket = await accepted(server)
    value = {"name": "José", "city": "北京", "list": [1, 2.5, None, True]}
    await websocket.send_json(value)
    await websocket.send_json(value, mode="binary")
    expected = '{"name":"José","city":"北京","list":[1,2.5,null,true]}'
    assert server.sent == [
        {"type": "websocket.send", "text": expected},
        {"type": "websocket.send", "bytes": expected.encode("utf-8")},
    ]


async def test_send_json_of_an_unencodable_value() -> None:
    server = Server()
    websocket = await accepted(server)
    with pytest.raises(TypeError):
        await websocket.send_json({1, 2})
    assert server.sent == []


@pytest.mark.parametrize("method", ["send_text", "send_bytes"])
async def test_sending_data_before_accept_is_unexpected(method: str) -> None:
    server = Server(connect())
    websocket = server.websocket()
    with pytest.raises(UnexpectedMessageError, match=re.escape("got 'websocket.send'")):
        await getattr(websocket, method)("x" if method == "send_text" else b"x")
    assert server.sent == []


async def test_close_defaults_and_custom_code() -> None:
    server = Server()
    websocket = await accepted(server)
    await websocket.close()
    assert server.sent == [{"type": "websocket.close", "code": 1000, "reason": ""}]

    server = Server()
    websocket = await accepted(server)
    await websocket.close(4003, "forbidden")
    assert server.sent == [{"type": "websocket.close", "code": 4003, "reason": "forbidden"}]
    assert websocket.application_state is DISCONNECTED


async def test_close_before_accept_rejects() -> None:
    server = Server(connect())
    websocket = server.websocket()
    await websocket.close(1008)
    assert server.sent == [{"type": "websocket.close", "code": 1008, "reason": ""}]
    assert websocket.application_state is DISCONNECTED


async def test_close_twice_raises() -> None:
    server = Server()
    websocket = await accepted(server)
    await websocket.close()
    with pytest.raises(WebSocketDisconnected, match=re.escape("Cannot send 'websocket.close'")):
        await websocket.close()


# Denial responses


async def test_denial_with_a_starlette_response() -> None:
    server = Server(connect(), extensions=DENIAL)
    websocket = server.websocket()
    await websocket.send_denial_response(PlainTextResponse("go away", status_code=401))
    start, body = server.sent
    assert start["type"] == "websocket.http.response.start"
    assert start["status"] == 401
    assert (b"content-type", b"text/plain; charset=utf-8") in start["headers"]
    assert body["type"] == "websocket.http.response.body"
    assert body["body"] == b"go away"
    assert websocket.application_state is DISCONNECTED


async def test_denial_with_a_raw_asgi_http_app() -> None:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        assert scope["type"] == "websocket"
        await send({"type": "http.response.start", "status": 429, "headers": []})
        await send({"type": "http.response.body", "body": b"slow", "more_body": True})
        await send({"type": "http.response.body", "body": b" down"})

    server = Server(connect(), extensions=DENIAL)
    websocket = server.websocket()
    await websocket.send_denial_response(app)
    assert [m["type"] for m in server.sent] == [
        "websocket.http.response.start",
        "websocket.http.response.body",
        "websocket.http.response.body",
    ]
    assert server.sent[0]["status"] == 429
    assert b"".join(m.get("body", b"") for m in server.sent) == b"slow down"
    assert websocket.application_state is DISCONNECTED


async def test_denial_app_that_sends_something_else() -> None:
    server = Server(connect(), extensions=DENIAL)
    websocket = server.websocket()
    with pytest.raises(UnexpectedMessageError, match=re.escape("'http.response.start' or")):
        await websocket.send_denial_response(WebSocketClose())
    assert server.sent == []
    assert websocket.application_state is CONNECTING


async def test_denial_without_the_extension_is_a_clear_error() -> None:
    server = Server(connect())
    websocket = server.websocket()
    with pytest.raises(DenialNotSupportedError) as caught:
        await websocket.send_denial_response(PlainTextResponse("no", status_code=403))
    assert isinstance(caught.value, RuntimeError)
    assert "does not support" in str(caught.value)
    with pytest.raises(DenialNotSupportedError):
        await websocket.deny(403)
    assert server.sent == []
    assert websocket.application_state is CONNECTING


async def test_deny_with_a_text_body() -> None:
    server = Server(connect(), extensions=DENIAL)
    websocket = server.websocket()
    await websocket.deny(403, "members only")
    assert server.sent == [
        {
            "type": "websocket.http.response.start",
            "status": 403,
            "headers": [
                (b"content-type", b"text/plain; charset=utf-8"),
                (b"content-length", b"12"),
            ],
        },
        {"type": "websocket.http.response.body", "body": b"members only"},
    ]
    assert websocket.application_state is DISCONNECTED


async def test_deny_with_bytes_and_own_headers() -> None:
    server = Server(connect(), extensions=DENIAL)
    websocket = server.websocket()
    await websocket.deny(400, b"{}", headers={"Content-Type": "application/json"})
    assert server.sent[0]["headers"] == [
        (b"content-type", b"application/json"),
        (b"content-length", b"2"),
    ]
    assert server.sent[1]["body"] == b"{}"


async def test_deny_defaults_to_403_without_body() -> None:
    server = Server(connect(), extensions=DENIAL)
    websocket = server.websocket()
    await websocket.deny()
    assert server.sent[0]["status"] == 403
    assert server.sent[0]["headers"] == [(b"content-length", b"0")]


async def test_deny_after_accept_is_unexpected() -> None:
    server = Server(extensions=DENIAL)
    websocket = await accepted(server)
    with pytest.raises(
        UnexpectedMessageError, match=re.escape("got 'websocket.http.response.start'")
    ):
        await websocket.deny()


# WebSocketDisconnect, WebSocketClose, errors


def test_disconnect_str_is_readable() -> None:
    assert str(WebSocketDisconnect(1001, "bye")) == (
        "WebSocket disconnected with code 1001 (going away): bye"
    )
    assert str(WebSocketDisconnect()) == "WebSocket disconnected with code 1000 (normal closure)"
    assert str(WebSocketDisconnect(4000)) == "WebSocket disconnected with code 4000"


def test_disconnect_attributes_and_pickling() -> None:
    error = WebSocketDisconnect()
    assert (error.code, error.reason) == (1000, "")
    error = pickle.loads(pickle.dumps(WebSocketDisconnect(1011, "oops")))
    assert (error.code, error.reason) == (1011, "oops")
    assert not isinstance(error, RuntimeError)


def test_error_hierarchy() -> None:
    for error_class in (
        UnexpectedMessageError,
        WebSocketDisconnected,
        FrameTypeError,
        JSONModeError,
        SubprotocolError,
        DenialNotSupportedError,
    ):
        assert issubclass(error_class, WebSocketError)
    assert issubclass(WebSocketError, RuntimeError)


async def test_websocket_close_app() -> None:
    server = Server()
    await WebSocketClose(4000, "bye")(server.scope, server.receive, server.send)
    await WebSocketClose()(server.scope, server.receive, server.send)
    assert server.sent == [
        {"type": "websocket.close", "code": 4000, "reason": "bye"},
        {"type": "websocket.close", "code": 1000, "reason": ""},
    ]

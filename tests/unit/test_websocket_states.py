"""A hypothesis state machine drives random ASGI traffic through tether.WebSocket.

The fake server below keeps its own view of the connection, following the ASGI
specification's tables, independently of tether. After every step the machine checks
that only the exceptions each method documents escaped, that every message that reached
the server was valid for the server's view, that nothing reached the server after the
client disconnected, and that the WebSocket's states agree with the server's view.
"""

from __future__ import annotations

import json
from collections.abc import Coroutine
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from tether.types import Message, Receive, Scope, Send
from tether.websockets import (
    CloseCodeError,
    DenialNotSupportedError,
    FrameTypeError,
    MalformedMessageError,
    SubprotocolError,
    UnexpectedMessageError,
    WebSocket,
    WebSocketDisconnect,
    WebSocketDisconnected,
    WebSocketState,
)

CONNECTING = WebSocketState.CONNECTING
CONNECTED = WebSocketState.CONNECTED
DISCONNECTED = WebSocketState.DISCONNECTED
RESPONSE = WebSocketState.RESPONSE

# What the ASGI specification lets each side do in each state, written apart from tether.
CLIENT_TABLE = {
    CONNECTING: {"websocket.connect": CONNECTED},
    CONNECTED: {"websocket.receive": CONNECTED, "websocket.disconnect": DISCONNECTED},
}
APPLICATION_TABLE = {
    CONNECTING: {
        "websocket.accept": CONNECTED,
        "websocket.close": DISCONNECTED,
        "websocket.http.response.start": RESPONSE,
    },
    CONNECTED: {"websocket.send": CONNECTED, "websocket.close": DISCONNECTED},
    RESPONSE: {"websocket.http.response.body": DISCONNECTED},
}

DATA_ERRORS = (
    WebSocketDisconnect,
    WebSocketDisconnected,
    FrameTypeError,
    MalformedMessageError,
    UnexpectedMessageError,
)
SEND_ERRORS = (WebSocketDisconnect, WebSocketDisconnected, UnexpectedMessageError)
DENIAL_ERRORS = (*SEND_ERRORS, DenialNotSupportedError)

incoming_messages = st.one_of(
    st.just({"type": "websocket.connect"}),
    st.builds(
        lambda data: {"type": "websocket.receive", "text": data},
        st.sampled_from(["", "hi", "[1, 2]", '{"a": "é"}', "{bad"]),
    ),
    st.builds(
        lambda data: {"type": "websocket.receive", "bytes": data},
        st.sampled_from([b"", b"\x00", b"[3]", b"\xff"]),
    ),
    st.builds(
        lambda code, reason: {
            "type": "websocket.disconnect",
            **({} if code is None else {"code": code}),
            **({} if reason is None else {"reason": reason}),
        },
        st.sampled_from([None, 1000, 1001, 1006, 4000]),
        st.sampled_from([None, "", "bye"]),
    ),
    st.sampled_from([{"type": "http.request"}, {"type": "websocket.send", "text": "x"}]),
    # Malformed data messages, as a buggy server or a fuzzer sends them.
    st.sampled_from(
        [
            {"type": "websocket.receive"},
            {"type": "websocket.receive", "text": None, "bytes": None},
            {"type": "websocket.receive", "text": b"x"},
            {"type": "websocket.receive", "bytes": "x"},
            {"type": "websocket.receive", "text": "x", "bytes": b"x"},
            {"type": "websocket.disconnect", "code": None, "reason": None},
        ]
    ),
)
outgoing_messages = st.one_of(
    st.sampled_from(
        [
            {"type": "websocket.accept"},
            {"type": "websocket.accept", "subprotocol": None, "headers": []},
            {"type": "websocket.send", "text": "x"},
            {"type": "websocket.send", "bytes": b"x"},
            {"type": "websocket.close", "code": 1000},
            {"type": "websocket.http.response.start", "status": 403, "headers": []},
            {"type": "websocket.http.response.body", "body": b"no"},
            {"type": "websocket.http.response.body", "body": b"n", "more_body": True},
            {"type": "http.response.start", "status": 403},
            {"type": "websocket.connect"},
        ]
    )
)


def run(coroutine: Coroutine[Any, Any, Any]) -> Any:
    """Run a coroutine that never suspends: the fake server answers at once."""
    try:
        coroutine.send(None)
    except StopIteration as done:
        return done.value
    coroutine.close()
    raise AssertionError("the coroutine suspended, but the fake server never blocks")


class FakeServer:
    """The server's side, keeping the ASGI states of both sides from what really passed."""

    def __init__(self, extensions: bool) -> None:
        self.scope: Scope = {
            "type": "websocket",
            "path": "/",
            "headers": [],
            "subprotocols": ["chat"],
            "extensions": {"websocket.http.response": {}} if extensions else {},
        }
        self.inbox: list[Message] = []
        self.client_state = CONNECTING
        self.application_state = CONNECTING
        self.fail_next_send = False
        self.sends_after_disconnect = 0
        self.invalid_sends: list[tuple[WebSocketState, Message]] = []

    async def receive(self) -> Message:
        if not self.inbox:
            raise AssertionError("tether received a message no rule queued")
        message = self.inbox.pop(0)
        next_state = CLIENT_TABLE.get(self.client_state, {}).get(message["type"])
        if next_state is not None:
            self.client_state = next_state
        return message

    async def send(self, message: Message) -> None:
        if self.client_state is DISCONNECTED:
            self.sends_after_disconnect += 1
        valid = APPLICATION_TABLE.get(self.application_state, {})
        if message["type"] not in valid:
            self.invalid_sends.append((self.application_state, message))
            return
        if self.fail_next_send:
            self.fail_next_send = False
            self.application_state = DISCONNECTED
            raise ConnectionResetError("connection lost")
        if message["type"] == "websocket.http.response.body" and message.get("more_body"):
            return
        self.application_state = valid[message["type"]]


class WebSocketMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.server: FakeServer | None = None
        self.websocket: WebSocket | None = None

    @rule(extensions=st.booleans())
    def start(self, extensions: bool) -> None:
        if self.websocket is None:
            self.server = FakeServer(extensions)
            self.websocket = WebSocket(self.server.scope, self.server.receive, self.server.send)

    def call(
        self,
        coroutine: Coroutine[Any, Any, Any],
        allowed: tuple[type[BaseException], ...],
        inbox: list[Message] | None = None,
    ) -> Any:
        assert self.server is not None
        self.server.inbox = list(inbox or [])
        try:
            return run(coroutine)
        except allowed:
            pass
        except json.JSONDecodeError:
            pass
        except UnicodeDecodeError:
            pass
        finally:
            self.server.inbox = []

    @rule(message=incoming_messages)
    def receive(self, message: Message) -> None:
        if self.websocket is not None:
            self.call(
                self.websocket.receive(),
                (UnexpectedMessageError, WebSocketDisconnected, MalformedMessageError),
                [message],
            )

    @rule(message=outgoing_messages)
    def send(self, message: Message) -> None:
        if self.websocket is not None:
            self.call(self.websocket.send(dict(message)), DENIAL_ERRORS)

    @rule(
        message=incoming_messages,
        method=st.sampled_from(["receive_text", "receive_bytes", "receive_json"]),
    )
    def receive_data(self, message: Message, method: str) -> None:
        if self.websocket is not None:
            result = self.call(getattr(self.websocket, method)(), DATA_ERRORS, [message])
            if method == "receive_text":
                assert result is None or type(result) is str
            elif method == "receive_bytes":
                assert result is None or type(result) is bytes

    @rule(
        messages=st.lists(incoming_messages, max_size=4),
        method=st.sampled_from(["iter_text", "iter_bytes", "iter_json"]),
    )
    def iterate(self, messages: list[Message], method: str) -> None:
        if self.websocket is not None:
            iterator = getattr(self.websocket, method)()

            async def drain() -> None:
                async for _ in iterator:
                    pass

            inbox = [*messages, {"type": "websocket.disconnect", "code": 1000}]
            self.call(drain(), DATA_ERRORS, inbox)

    @rule(
        method=st.sampled_from(["send_text", "send_bytes", "send_json", "send_json_binary"]),
        fail=st.booleans(),
    )
    def send_data(self, method: str, fail: bool) -> None:
        if self.websocket is not None and self.server is not None:
            self.server.fail_next_send = fail
            websocket = self.websocket
            coroutine = {
                "send_text": lambda: websocket.send_text("x"),
                "send_bytes": lambda: websocket.send_bytes(b"x"),
                "send_json": lambda: websocket.send_json({"k": "ü"}),
                "send_json_binary": lambda: websocket.send_json([1], mode="binary"),
            }[method]()
            self.call(coroutine, SEND_ERRORS)
            self.server.fail_next_send = False

    @rule(subprotocol=st.sampled_from([None, "chat", "other"]), connect=incoming_messages)
    def accept(self, subprotocol: str | None, connect: Message) -> None:
        if self.websocket is not None:
            self.call(
                self.websocket.accept(subprotocol),
                (*SEND_ERRORS, SubprotocolError),
                [connect],
            )

    @rule(code=st.sampled_from([1000, 4000, 1005]))
    def close(self, code: int) -> None:
        if self.websocket is not None:
            self.call(self.websocket.close(code), (*SEND_ERRORS, CloseCodeError))

    @rule(simple=st.booleans())
    def deny(self, simple: bool) -> None:
        if self.websocket is not None:

            async def response(scope: Scope, receive: Receive, send: Send) -> None:
                await send({"type": "http.response.start", "status": 403, "headers": []})
                await send({"type": "http.response.body", "body": b"no"})

            websocket = self.websocket
            coroutine = (
                websocket.deny(403, "no") if simple else websocket.send_denial_response(response)
            )
            self.call(coroutine, DENIAL_ERRORS)

    @invariant()
    def only_valid_messages_reach_the_server(self) -> None:
        if self.server is not None:
            assert self.server.invalid_sends == []
            assert self.server.sends_after_disconnect == 0

    @invariant()
    def states_agree_with_the_server(self) -> None:
        if self.websocket is None or self.server is None:
            return
        websocket, server = self.websocket, self.server
        assert websocket.client_state is server.client_state
        if server.client_state is DISCONNECTED and websocket.application_state is DISCONNECTED:
            pass  # a close after the client left is recorded without reaching the server
        else:
            assert websocket.application_state is server.application_state
        if websocket.application_state is RESPONSE:
            assert "websocket.http.response" in server.scope["extensions"]
        if websocket.client_state is DISCONNECTED:
            assert isinstance(websocket.close_code, int)
            assert isinstance(websocket.close_reason, str)


WebSocketMachine.TestCase.settings = settings(
    max_examples=150, stateful_step_count=30, deadline=None
)
TestWebSocketStates = WebSocketMachine.TestCase


# The fast paths of the data methods against the checked `send` and `receive`.


class CheckedWebSocket(WebSocket):
    """The data methods written only in terms of `send` and `receive`, with no fast path.

    This is what the documentation of `WebSocket` promises, spelled out as plainly as
    possible: the reference the fast paths must agree with.
    """

    async def receive_text(self) -> str:
        return await self._receive_checked("text")

    async def receive_bytes(self) -> bytes:
        data: bytes = await self._receive_checked("bytes")
        return data

    async def _receive_checked(self, key: str) -> Any:
        if self.application_state is not CONNECTED:
            raise WebSocketDisconnected("not connected")
        message = await self.receive()
        if message["type"] == "websocket.disconnect":
            raise WebSocketDisconnect(self.close_code or 1005, self.close_reason)
        if message.get(key) is None:
            raise FrameTypeError("text" if key == "text" else "binary", "other")
        return message[key]

    async def send_text(self, data: str) -> None:
        await self.send({"type": "websocket.send", "text": data})

    async def send_bytes(self, data: bytes | bytearray | memoryview) -> None:
        await self.send({"type": "websocket.send", "bytes": data})

    async def receive_json(self, mode: str = "text") -> Any:
        if mode == "text":
            return json.loads(await self._receive_checked("text"))
        return json.loads((await self._receive_checked("bytes")).decode("utf-8"))

    async def send_json(self, data: Any, mode: str = "text", *, allow_nan: bool = False) -> None:
        text = json.dumps(data, separators=(",", ":"), ensure_ascii=False)
        if mode == "text":
            await self.send({"type": "websocket.send", "text": text})
        else:
            await self.send({"type": "websocket.send", "bytes": text.encode("utf-8")})


operations = st.lists(
    st.one_of(
        st.tuples(
            st.sampled_from(
                ["receive_text", "receive_bytes", "receive_json_text", "receive_json_binary"]
            ),
            incoming_messages,
        ),
        st.tuples(
            st.sampled_from(["send_text", "send_bytes", "send_json_text", "send_json_binary"]),
            st.booleans(),
        ),
        st.tuples(st.just("close"), st.booleans()),
    ),
    max_size=12,
)


def outcome(
    websocket: WebSocket, server: FakeServer, operation: tuple[str, Any]
) -> tuple[Any, ...]:
    """Run one operation; return what it gave or raised, and the states afterwards."""
    method, argument = operation
    if method.startswith("receive_json"):
        server.inbox = [argument]
        coroutine = websocket.receive_json(mode=method.rpartition("_")[2])
    elif method.startswith("receive"):
        server.inbox = [argument]
        coroutine = getattr(websocket, method)()
    elif method == "close":
        coroutine = websocket.close()
    elif method.startswith("send_json"):
        server.fail_next_send = argument
        coroutine = websocket.send_json({"a": ["é", 1.5]}, mode=method.rpartition("_")[2])
    else:
        server.fail_next_send = argument
        coroutine = getattr(websocket, method)("x" if method == "send_text" else b"x")
    try:
        result: Any = ("returned", run(coroutine))
    except Exception as exc:
        code = getattr(exc, "code", None)
        result = ("raised", type(exc) if type(exc) is not FrameTypeError else FrameTypeError, code)
    finally:
        server.inbox = []
        server.fail_next_send = False
    return (
        result,
        websocket.client_state,
        websocket.application_state,
        websocket.close_code,
        websocket.close_reason,
    )


@settings(max_examples=300, deadline=None)
@given(operations=operations, accept=st.booleans())
def test_fast_paths_agree_with_send_and_receive(
    operations: list[tuple[str, Any]], accept: bool
) -> None:
    fast_server, checked_server = FakeServer(True), FakeServer(True)
    fast = WebSocket(fast_server.scope, fast_server.receive, fast_server.send)
    checked = CheckedWebSocket(checked_server.scope, checked_server.receive, checked_server.send)
    if accept:
        for websocket, server in ((fast, fast_server), (checked, checked_server)):
            server.inbox = [{"type": "websocket.connect"}]
            run(websocket.accept())
    for operation in operations:
        assert outcome(fast, fast_server, operation) == outcome(checked, checked_server, operation)
        assert fast_server.invalid_sends == checked_server.invalid_sends == []
        assert fast_server.sends_after_disconnect == checked_server.sends_after_disconnect == 0

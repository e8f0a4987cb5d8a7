"""The exact text of every error a user reads: a broken message must fail a test.

Each test builds the error the way a user meets it (misusing the API, a broken peer)
and compares the whole message, so a lost word, a wrong name or a dropped value shows.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import pytest
from starlette.websockets import WebSocketState as StarletteWebSocketState

from tether.connection import (
    HTTPConnection,
    MiddlewareNotInstalledError,
    NoRouterError,
    UnsupportedScopeError,
)
from tether.converters import (
    ConversionError,
    Converter,
    FloatConverter,
    IntegerConverter,
    StringConverter,
    UUIDConverter,
    register_converter,
)
from tether.datastructures import (
    URL,
    ConflictingArgumentsError,
    Headers,
    InvalidHeaderError,
    MutableHeaders,
    State,
    UnknownProtocolError,
    UnknownURLComponentError,
    URLPath,
)
from tether.routing import NoMatchFound, PathTemplate, PathTemplateError, Route, Router
from tether.testlifespan import LifespanFailedError
from tether.testtransport import ResponseTimeoutError
from tether.types import Message, Receive, Scope, Send
from tether.websockets import (
    CloseCodeError,
    CloseReasonError,
    DenialNotSupportedError,
    FrameTypeError,
    JSONModeError,
    MalformedMessageError,
    NonFiniteJSONError,
    PayloadTypeError,
    SubprotocolError,
    UnexpectedMessageError,
    WebSocket,
    WebSocketDisconnect,
    WebSocketDisconnected,
    WebSocketState,
)

# The names RFC 6455 and the IANA registry give the close codes, written apart from tether.
CLOSE_CODE_NAMES = {
    1000: "normal closure",
    1001: "going away",
    1002: "protocol error",
    1003: "unsupported data",
    1005: "no status received",
    1006: "abnormal closure",
    1007: "invalid payload data",
    1008: "policy violation",
    1009: "message too big",
    1010: "mandatory extension",
    1011: "internal error",
    1012: "service restart",
    1013: "try again later",
    1014: "bad gateway",
    1015: "TLS handshake failure",
}


def websocket_scope(**extra: Any) -> Scope:
    scope: Scope = {
        "type": "websocket",
        "path": "/ws",
        "headers": [],
        "query_string": b"",
        "server": ("testserver", 80),
    }
    scope.update(extra)
    return scope


def scripted(*incoming: Message, **scope: Any) -> tuple[WebSocket, list[Message]]:
    """A WebSocket whose server hands out ``incoming`` in order and records what is sent."""
    queue = list(incoming)
    sent: list[Message] = []

    async def receive() -> Message:
        return queue.pop(0)

    async def send(message: Message) -> None:
        sent.append(message)

    return WebSocket(websocket_scope(**scope), receive, send), sent


def message_of(error: Callable[[], object], kind: type[BaseException] = Exception) -> str:
    with pytest.raises(kind) as info:
        error()
    return str(info.value)


CONNECT = {"type": "websocket.connect"}


# --- websockets ---------------------------------------------------------------------------


def test_the_states_have_the_values_of_the_asgi_specification_and_starlette() -> None:
    assert {state.name: state.value for state in WebSocketState} == {
        "CONNECTING": 0,
        "CONNECTED": 1,
        "DISCONNECTED": 2,
        "RESPONSE": 3,
    }
    for state in StarletteWebSocketState:
        assert WebSocketState[state.name].value == state.value


@pytest.mark.parametrize(("code", "name"), CLOSE_CODE_NAMES.items())
def test_a_disconnect_names_its_close_code(code: int, name: str) -> None:
    assert str(WebSocketDisconnect(code)) == f"WebSocket disconnected with code {code} ({name})"
    assert str(WebSocketDisconnect(code, "bye")) == (
        f"WebSocket disconnected with code {code} ({name}): bye"
    )


def test_a_disconnect_without_a_known_name_or_reason() -> None:
    assert str(WebSocketDisconnect()) == "WebSocket disconnected with code 1000 (normal closure)"
    assert str(WebSocketDisconnect(4321)) == "WebSocket disconnected with code 4321"
    assert str(WebSocketDisconnect(4321, "")) == "WebSocket disconnected with code 4321"
    disconnect = WebSocketDisconnect(4321, None)
    assert (disconnect.code, disconnect.reason, disconnect.args) == (4321, "", (4321, None))


@pytest.mark.anyio
async def test_unexpected_messages_name_the_operation_state_and_types() -> None:
    websocket, _ = scripted({"type": "websocket.receive", "text": "early"})
    with pytest.raises(UnexpectedMessageError) as info:
        await websocket.receive()
    assert str(info.value) == (
        "WebSocket.receive() in state CONNECTING expected ASGI message 'websocket.connect', "
        "got 'websocket.receive'"
    )
    assert (info.value.operation, info.value.state) == ("receive", WebSocketState.CONNECTING)
    assert (info.value.expected, info.value.received) == (
        ("websocket.connect",),
        "websocket.receive",
    )

    websocket, _ = scripted(CONNECT, {"type": "websocket.connect"})
    await websocket.accept()
    with pytest.raises(UnexpectedMessageError) as info:
        await websocket.receive()
    assert str(info.value) == (
        "WebSocket.receive() in state CONNECTED expected ASGI message 'websocket.receive' or "
        "'websocket.disconnect', got 'websocket.connect'"
    )

    websocket, _ = scripted(CONNECT)
    with pytest.raises(UnexpectedMessageError) as info:
        await websocket.send({"type": "websocket.send", "text": "too early"})
    assert str(info.value) == (
        "WebSocket.send() in state CONNECTING expected ASGI message 'websocket.accept' or "
        "'websocket.close' or 'websocket.http.response.start', got 'websocket.send'"
    )
    assert info.value.operation == "send"

    await websocket.accept()
    with pytest.raises(UnexpectedMessageError) as info:
        await websocket.accept()
    assert str(info.value) == (
        "WebSocket.send() in state CONNECTED expected ASGI message 'websocket.send' or "
        "'websocket.close', got 'websocket.accept'"
    )


@pytest.mark.anyio
async def test_a_denial_in_progress_names_what_it_expects() -> None:
    extensions = {"websocket.http.response": {}}
    websocket, _ = scripted(CONNECT, extensions=extensions)
    await websocket.send({"type": "websocket.http.response.start", "status": 403})
    with pytest.raises(UnexpectedMessageError) as info:
        await websocket.close()
    assert str(info.value) == (
        "WebSocket.send() in state RESPONSE expected ASGI message "
        "'websocket.http.response.body', got 'websocket.close'"
    )

    async def not_http(scope: Scope, receive: Receive, send: Send) -> None:
        await send({"type": "websocket.accept"})

    websocket, _ = scripted(CONNECT, extensions=extensions)
    with pytest.raises(UnexpectedMessageError) as info:
        await websocket.send_denial_response(not_http)
    assert str(info.value) == (
        "WebSocket.send() in state CONNECTING expected ASGI message 'http.response.start' or "
        "'http.response.body', got 'websocket.accept'"
    )


@pytest.mark.anyio
async def test_using_a_websocket_in_the_wrong_state_says_why() -> None:
    websocket, _ = scripted(CONNECT)
    with pytest.raises(WebSocketDisconnected) as info:
        await websocket.receive_text()
    assert str(info.value) == 'WebSocket is not connected: call "accept" first'

    websocket, _ = scripted(CONNECT, {"type": "websocket.disconnect", "code": 1001})
    await websocket.accept()
    with pytest.raises(WebSocketDisconnect) as disconnect:
        await websocket.receive_text()
    assert str(disconnect.value) == "WebSocket disconnected with code 1001 (going away)"
    with pytest.raises(WebSocketDisconnected) as info:
        await websocket.receive()
    assert str(info.value) == "Cannot receive: the client already disconnected with code 1001"

    websocket, _ = scripted(CONNECT)
    await websocket.accept()
    await websocket.close()
    with pytest.raises(WebSocketDisconnected) as info:
        await websocket.send_text("late")
    assert str(info.value) == (
        "Cannot send 'websocket.send': the application already closed the connection"
    )
    with pytest.raises(WebSocketDisconnected) as info:
        await websocket.receive_bytes()
    assert str(info.value) == "Cannot receive: the application already closed the connection"


@pytest.mark.anyio
async def test_data_errors_say_what_arrived() -> None:
    websocket, _ = scripted(
        CONNECT,
        {"type": "websocket.receive", "bytes": b"\x00"},
        {"type": "websocket.receive", "text": "hi"},
        {"type": "websocket.receive", "text": "both", "bytes": b"both"},
        {"type": "websocket.receive"},
    )
    await websocket.accept()
    with pytest.raises(FrameTypeError) as frame:
        await websocket.receive_text()
    assert str(frame.value) == "Expected a text WebSocket frame, but a binary frame arrived"
    assert (frame.value.expected, frame.value.received) == ("text", "binary")
    with pytest.raises(FrameTypeError) as frame:
        await websocket.receive_bytes()
    assert str(frame.value) == "Expected a binary WebSocket frame, but a text frame arrived"
    with pytest.raises(MalformedMessageError) as malformed:
        await websocket.receive_text()
    assert str(malformed.value) == (
        "A 'websocket.receive' message needs exactly one of 'text' (str) and 'bytes' (bytes), "
        "got text=a str and bytes=a bytes"
    )
    with pytest.raises(MalformedMessageError) as malformed:
        await websocket.receive_bytes()
    assert str(malformed.value).endswith("got text=None and bytes=None")


@pytest.mark.anyio
async def test_argument_errors_name_the_argument() -> None:
    websocket, sent = scripted(CONNECT, subprotocols=["chat", "v2"])
    with pytest.raises(SubprotocolError) as subprotocol:
        await websocket.accept("mqtt")
    assert str(subprotocol.value) == (
        "Cannot accept with subprotocol 'mqtt': the client offered 'chat', 'v2'"
    )
    assert str(SubprotocolError("mqtt", [])) == (
        "Cannot accept with subprotocol 'mqtt': the client offered none"
    )
    await websocket.accept("chat")
    with pytest.raises(JSONModeError) as mode:
        await websocket.send_json({}, mode="xml")
    assert str(mode.value) == 'The JSON mode must be "text" or "binary", got \'xml\''
    assert mode.value.mode == "xml"
    with pytest.raises(PayloadTypeError) as payload:
        await websocket.send_text(b"bytes")  # type: ignore[arg-type]
    assert str(payload.value) == "send_text() needs a str, got bytes"
    with pytest.raises(PayloadTypeError) as payload:
        await websocket.send_bytes("text")  # type: ignore[arg-type]
    assert str(payload.value) == "send_bytes() needs bytes, bytearray or memoryview, got str"
    assert (payload.value.method, payload.value.data) == ("send_bytes", "text")
    with pytest.raises(NonFiniteJSONError) as nan:
        await websocket.send_json({"x": float("nan")})
    assert str(nan.value) == (
        "Cannot send NaN or an infinity as JSON (browsers cannot parse it); "
        "pass allow_nan=True to send it anyway"
    )
    assert sent == [{"type": "websocket.accept", "subprotocol": "chat", "headers": []}]


@pytest.mark.anyio
async def test_close_errors_say_which_codes_and_reasons_fit() -> None:
    websocket, sent = scripted(CONNECT)
    await websocket.accept()
    usable = "use 1000-1003, 1007-1014 or 3000-4999 (4000-4999 are free for applications)"
    with pytest.raises(CloseCodeError) as code:
        await websocket.close(1005)
    assert str(code.value) == (
        "Cannot close with code 1005: 1005 (no status received) only reports a closure, "
        f"it is never sent; {usable}"
    )
    with pytest.raises(CloseCodeError) as code:
        await websocket.close(1004)
    assert str(code.value) == f"Cannot close with code 1004: it is reserved or unassigned; {usable}"
    with pytest.raises(CloseCodeError) as code:
        await websocket.close(True)
    assert str(code.value) == f"Cannot close with code True: it is not an int; {usable}"
    with pytest.raises(CloseReasonError) as reason:
        await websocket.close(1000, "é" * 62)
    assert str(reason.value) == (
        "Cannot close with this reason: it is 124 bytes of UTF-8, more than the 123 that fit"
    )
    with pytest.raises(CloseReasonError) as reason:
        await websocket.close(1000, b"bytes")  # type: ignore[arg-type]
    assert str(reason.value) == "Cannot close with this reason: it must be a str, got bytes"
    with pytest.raises(CloseReasonError) as reason:
        await websocket.close(1000, "half \ud800")
    assert str(reason.value) == (
        "Cannot close with this reason: it holds a lone surrogate, which UTF-8 cannot encode"
    )
    await websocket.close(1000, "é" * 61 + "x")  # 123 bytes fit
    assert sent[-1] == {"type": "websocket.close", "code": 1000, "reason": "é" * 61 + "x"}


@pytest.mark.anyio
async def test_a_denial_without_the_extension_says_how_to_reject() -> None:
    websocket, sent = scripted(CONNECT)
    expected = (
        "Cannot send an HTTP denial response: the server does not support the "
        "'websocket.http.response' ASGI extension; use close() to reject the connection"
    )
    with pytest.raises(DenialNotSupportedError) as info:
        await websocket.deny()
    assert str(info.value) == expected
    with pytest.raises(DenialNotSupportedError):
        await websocket.send({"type": "websocket.http.response.start", "status": 403})
    assert sent == []


# --- connection and scopes ------------------------------------------------------------------


def test_scope_errors_name_the_scope_type() -> None:
    assert message_of(lambda: HTTPConnection({"type": "lifespan"}), UnsupportedScopeError) == (
        "HTTPConnection needs an 'http' or 'websocket' scope, got type 'lifespan'"
    )
    assert message_of(lambda: HTTPConnection({}), UnsupportedScopeError) == (
        "HTTPConnection needs an 'http' or 'websocket' scope, got type None"
    )

    async def receive() -> Message:
        raise AssertionError  # pragma: no cover

    async def send(message: Message) -> None:
        raise AssertionError  # pragma: no cover

    with pytest.raises(UnsupportedScopeError) as info:
        WebSocket({"type": "http"}, receive, send)
    assert str(info.value) == "WebSocket needs a 'websocket' scope, got type 'http'"


@pytest.mark.anyio
async def test_the_router_names_a_scope_type_it_cannot_handle() -> None:
    async def receive() -> Message:
        raise AssertionError  # pragma: no cover

    async def send(message: Message) -> None:
        raise AssertionError  # pragma: no cover

    with pytest.raises(UnsupportedScopeError) as info:
        await Router()({"type": "webtransport"}, receive, send)
    assert str(info.value) == "Router cannot handle a 'webtransport' scope"


def test_middleware_and_router_errors_say_what_to_install() -> None:
    connection = HTTPConnection(websocket_scope())
    assert message_of(lambda: connection.session, MiddlewareNotInstalledError) == (
        "connection.session needs a session middleware: install "
        "starlette.middleware.sessions.SessionMiddleware (or one that sets "
        'scope["session"])'
    )
    for key in ("auth", "user"):
        with pytest.raises(MiddlewareNotInstalledError) as info:
            getattr(connection, key)
        assert str(info.value) == (
            f"connection.{key} needs an authentication middleware: install "
            "starlette.middleware.authentication.AuthenticationMiddleware (or one "
            f'that sets scope["{key}"])'
        )
    assert message_of(lambda: connection.url_for("home"), NoRouterError) == (
        "url_for('home') needs a router: the scope has no 'router' or 'app' with a "
        "url_path_for() method; mount the endpoint in a tether Router or a Starlette "
        "application"
    )


# --- routing --------------------------------------------------------------------------------


async def endpoint(scope: Scope, receive: Receive, send: Send) -> None:
    """An ASGI endpoint that is never called."""


def test_no_match_found_names_the_route_parameters_and_alternatives() -> None:
    router = Router(
        [
            Route("/users/{user_id:int}", endpoint, name="user"),
            Route("/users/{user_id:int}/posts/{post:int}", endpoint, name="user"),
            Route("/me", endpoint, name="me"),
        ]
    )
    error = message_of(lambda: router.url_path_for("user", post=1, page=2), NoMatchFound)
    assert error == (
        "No route named 'user' takes the path parameters (page, post); routes with that name "
        "take (user_id) or (post, user_id)."
    )
    assert message_of(lambda: router.url_path_for("me", x=1), NoMatchFound) == (
        "No route named 'me' takes the path parameters (x); routes with that name take "
        "(no parameters)."
    )
    assert message_of(lambda: router.url_path_for("nobody"), NoMatchFound) == (
        "No route is named 'nobody' (path parameters given: none)."
    )
    assert message_of(lambda: router.url_path_for("nobody", b=1, a=2), NoMatchFound) == (
        "No route is named 'nobody' (path parameters given: a, b)."
    )
    single = Route("/users/{user_id:int}", endpoint, name="user")
    assert message_of(lambda: single.url_path_for("user"), NoMatchFound) == (
        "No route named 'user' takes the path parameters (none); routes with that name take "
        "(user_id)."
    )
    assert message_of(lambda: single.url_path_for("other", user_id=1), NoMatchFound) == (
        "No route is named 'other' (path parameters given: user_id)."
    )
    found = NoMatchFound("user", {"a": 1})
    assert (found.name, found.path_params) == ("user", {"a": 1})


@pytest.mark.parametrize(
    ("template", "message"),
    [
        ("users", "a route path must start with '/', got 'users'"),
        ("/{x:nope}", "unknown converter 'nope' for parameter 'x' in '/{x:nope}'"),
        ("/{x}/{x:int}", "parameter 'x' appears twice in '/{x}/{x:int}'"),
        (
            "/a/{x-y}",
            "malformed placeholder at position 3 of '/a/{x-y}': a placeholder is '{name}' or "
            "'{name:converter}', with identifiers for both",
        ),
        (
            "/{x}}",
            "malformed placeholder at position 4 of '/{x}}': a placeholder is '{name}' or "
            "'{name:converter}', with identifiers for both",
        ),
    ],
)
def test_template_errors_say_what_is_wrong(template: str, message: str) -> None:
    assert message_of(lambda: PathTemplate(template), PathTemplateError) == message


@pytest.mark.parametrize(
    ("template", "params", "message"),
    [
        (
            "/rooms/{room}",
            {"room": ""},
            "path parameter 'room' of '/rooms/{room}': a 'str' path parameter cannot be empty",
        ),
        (
            "/rooms/{room}",
            {"room": "a/b"},
            "path parameter 'room' of '/rooms/{room}': a 'str' path parameter cannot contain "
            "'/', got 'a/b'",
        ),
        (
            "/n/{n:int}",
            {"n": "7"},
            "path parameter 'n' of '/n/{n:int}': an 'int' path parameter needs an int, got '7'",
        ),
        (
            "/n/{n:int}",
            {"n": -1},
            "path parameter 'n' of '/n/{n:int}': an 'int' path parameter cannot be negative, "
            "got -1",
        ),
        (
            "/f/{f:float}",
            {"f": "1.5"},
            "path parameter 'f' of '/f/{f:float}': a 'float' path parameter needs a number, "
            "got '1.5'",
        ),
        (
            "/f/{f:float}",
            {"f": -0.5},
            "path parameter 'f' of '/f/{f:float}': a 'float' path parameter must be finite and "
            "not negative, got -0.5",
        ),
        (
            "/u/{u:uuid}",
            {"u": "nope"},
            "path parameter 'u' of '/u/{u:uuid}': a 'uuid' path parameter needs a UUID, got 'nope'",
        ),
        (
            "/files/{name:path}",
            {"name": "a\nb"},
            "path parameter 'name' of '/files/{name:path}': 'a\\nb' does not match the "
            "converter's pattern '.*'",
        ),
        (
            "/{x}",
            {"x": ".."},
            "the path parameters {'x': '..'} make '/..' from '/{x}', whose '.' or '..' segment "
            "clients remove",
        ),
    ],
)
def test_path_building_errors_name_the_parameter(
    template: str, params: dict[str, Any], message: str
) -> None:
    assert message_of(lambda: PathTemplate(template).expand(params), ConversionError) == message


def test_converter_errors_say_what_they_need() -> None:
    assert message_of(lambda: StringConverter().to_string(""), ConversionError) == (
        "a 'str' path parameter cannot be empty"
    )
    assert message_of(lambda: IntegerConverter().to_string(True), ConversionError) == (
        "an 'int' path parameter needs an int, got True"
    )
    assert message_of(lambda: FloatConverter().to_string(float("inf")), ConversionError) == (
        "a 'float' path parameter must be finite and not negative, got inf"
    )
    assert message_of(lambda: FloatConverter().convert("9" * 400), ValueError) == (
        "99999999999999999999... is too large for a float"
    )
    assert message_of(lambda: UUIDConverter().to_string(uuid.UUID), ConversionError).startswith(
        "a 'uuid' path parameter needs a UUID, got <class"
    )

    class NoRegex(Converter[str]):
        regex = ""

    assert message_of(lambda: register_converter("1st", StringConverter()), ValueError) == (
        "a converter name must be an identifier, got '1st'"
    )
    assert message_of(lambda: register_converter("empty", NoRegex()), ValueError) == (
        "converter NoRegex must set a non-empty 'regex'"
    )


# --- datastructures -------------------------------------------------------------------------


def test_datastructure_errors_name_the_argument() -> None:
    assert message_of(lambda: URL("/", scope=websocket_scope()), ConflictingArgumentsError) == (
        "URL() takes either a scope or a url and components, not both"
    )
    assert message_of(lambda: URL("/").replace(host="h"), UnknownURLComponentError) == (
        "unknown URL components ['host']; expected some of ['fragment', 'hostname', 'netloc', "
        "'password', 'path', 'port', 'query', 'scheme', 'username']"
    )
    assert message_of(lambda: URLPath("/", "ftp"), UnknownProtocolError) == (
        "URLPath protocol must be 'http', 'websocket' or '', got 'ftp'"
    )
    assert message_of(
        lambda: Headers(scope=websocket_scope(), raw=[]), ConflictingArgumentsError
    ) == ("Headers() takes 'scope' alone")
    assert message_of(lambda: Headers({"a": "b"}, raw=[]), ConflictingArgumentsError) == (
        "Headers() takes 'headers' or 'raw', not both"
    )
    headers = MutableHeaders()
    assert message_of(lambda: headers.__setitem__("bad name", "v"), InvalidHeaderError) == (
        "Invalid header b'bad name': a name must be a non-empty token, without spaces or separators"
    )
    assert message_of(lambda: headers.__setitem__("x", "a\r\nb"), InvalidHeaderError) == (
        "Invalid header b'x': a value must not contain CR, LF or NUL"
    )
    assert message_of(lambda: headers.__setitem__("x", 1), TypeError) == (
        "a header value must be str or bytes, got int"
    )
    assert message_of(lambda: headers.update("ab"), TypeError) == (
        "update() needs a mapping or (name, value) pairs, got str"
    )
    assert message_of(lambda: headers.update([("a", "b", "c")]), TypeError) == (
        "update() needs (name, value) pairs, got ('a', 'b', 'c')"
    )
    assert message_of(lambda: headers.__ior__([("a", "b")]), TypeError) == (
        "'|=' needs a mapping of header names to values, got list"
    )
    state = State()
    assert message_of(lambda: state.missing, AttributeError) == (
        "'State' object has no attribute 'missing'"
    )
    assert message_of(lambda: state.__delattr__("missing"), AttributeError) == (
        "'State' object has no attribute 'missing'"
    )


# --- the test helpers ---------------------------------------------------------------------


def test_test_helper_errors_say_what_the_application_did() -> None:
    assert str(LifespanFailedError("startup", "no answer within 5.0 s")) == (
        "lifespan startup failed: no answer within 5.0 s"
    )
    assert str(ResponseTimeoutError("GET", "/slow", 0.5)) == (
        "the application did not answer GET '/slow' within 0.5 s"
    )


# --- websockets: details mutation testing found unchecked -----------------------------------


@pytest.mark.anyio
async def test_a_lone_high_surrogate_at_the_end_of_the_range_is_named() -> None:
    websocket, _ = scripted(CONNECT)
    await websocket.accept()
    with pytest.raises(CloseReasonError) as reason:
        await websocket.close(1000, "\udfff")
    assert str(reason.value) == (
        "Cannot close with this reason: it holds a lone surrogate, which UTF-8 cannot encode"
    )


@pytest.mark.anyio
async def test_a_failed_send_leaves_code_1006_and_an_empty_reason() -> None:
    async def receive() -> Message:
        return CONNECT

    async def send(message: Message) -> None:
        if message["type"] == "websocket.send":
            raise OSError("connection reset")

    websocket = WebSocket(websocket_scope(), receive, send)
    await websocket.accept()
    with pytest.raises(WebSocketDisconnect) as info:
        await websocket.send_text("x")
    assert (websocket.close_code, websocket.close_reason) == (1006, "")
    assert (info.value.code, info.value.reason) == (1006, "")


@pytest.mark.anyio
async def test_data_methods_name_an_unexpected_message_and_a_code_of_zero() -> None:
    websocket, _ = scripted(
        CONNECT, {"type": "websocket.connect"}, {"type": "websocket.disconnect", "code": 0}
    )
    await websocket.accept()
    with pytest.raises(UnexpectedMessageError) as info:
        await websocket.receive_text()
    assert str(info.value) == (
        "WebSocket.receive() in state CONNECTED expected ASGI message 'websocket.receive' or "
        "'websocket.disconnect', got 'websocket.connect'"
    )
    with pytest.raises(WebSocketDisconnect) as disconnect:
        await websocket.receive_bytes()
    assert disconnect.value.code == 1005  # a code of 0 is no code


@pytest.mark.anyio
async def test_deny_keeps_the_content_headers_it_was_given() -> None:
    websocket, sent = scripted(CONNECT, extensions={"websocket.http.response": {}})
    await websocket.deny(410, "gone", headers={"Content-Type": "text/html", "Content-Length": "4"})
    assert sent == [
        {
            "type": "websocket.http.response.start",
            "status": 410,
            "headers": [(b"content-type", b"text/html"), (b"content-length", b"4")],
        },
        {"type": "websocket.http.response.body", "body": b"gone"},
    ]


@pytest.mark.anyio
async def test_data_sent_before_the_client_connected_is_sent_as_given() -> None:
    websocket, sent = scripted()
    await websocket.send({"type": "websocket.accept"})  # without receiving the connect
    await websocket.send_bytes(b"\x01")
    await websocket.send_text("t")
    assert sent[1:] == [
        {"type": "websocket.send", "bytes": b"\x01"},
        {"type": "websocket.send", "text": "t"},
    ]


@pytest.mark.anyio
async def test_a_denial_response_reads_the_connection_and_needs_the_extension() -> None:
    websocket, _ = scripted(CONNECT)
    with pytest.raises(DenialNotSupportedError):
        await websocket.send_denial_response(WebSocketDisconnect)  # type: ignore[arg-type]

    received: list[Message] = []

    async def response(scope: Scope, receive: Receive, send: Send) -> None:
        received.append(await receive())
        await send({"type": "http.response.start", "status": 403, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    websocket, sent = scripted(CONNECT, extensions={"websocket.http.response": {}})
    await websocket.send_denial_response(response)
    assert received == [CONNECT]
    assert [message["type"] for message in sent] == [
        "websocket.http.response.start",
        "websocket.http.response.body",
    ]


def test_a_missing_header_names_itself_and_given_headers_are_kept() -> None:
    for key in ("missing", "é€"):
        with pytest.raises(KeyError) as info:
            Headers()[key]
        assert info.value.args == (key,)
    assert MutableHeaders({"a": "b"}).items() == [("a", "b")]
    assert WebSocketDisconnect(4321, "bye").args == (4321, "bye")


@pytest.mark.anyio
async def test_a_scope_without_subprotocols_offers_none() -> None:
    websocket, _ = scripted(CONNECT)
    with pytest.raises(SubprotocolError) as info:
        await websocket.accept("chat")
    assert info.value.offered == []


@pytest.mark.anyio
async def test_a_send_after_a_disconnect_with_code_zero_reports_1005() -> None:
    websocket, _ = scripted(CONNECT, {"type": "websocket.disconnect", "code": 0})
    await websocket.accept()
    assert (await websocket.receive())["code"] == 0
    with pytest.raises(WebSocketDisconnect) as info:
        await websocket.send_text("late")
    assert info.value.code == 1005

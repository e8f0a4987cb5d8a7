"""Issue 24: the test clients against bad arguments and misbehaving applications.

Bad close codes and reasons (build 4), payloads of the wrong type, misuse of clients and
sessions, applications that never answer, stall, flood, raise or break the protocol, and
the pieces both clients share (ASGI 2 applications, the lifespan, the denial response).
Synchronous tests run on asyncio and trio through ``backend``; async ones through AnyIO.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import AsyncIterator
from typing import Any

import anyio
import anyio.lowlevel
import pytest
from starlette.websockets import WebSocketDisconnect as StarletteWebSocketDisconnect

from tether.routing import Router, WebSocketRoute
from tether.testing import (
    AlreadyEnteredError,
    AsyncTestClient,
    SessionNotStartedError,
    SyncWebSocketTestSession,
    TestClient,
    UnknownBackendError,
    WebSocketDenialResponse,
    WebSocketTestSession,
    WebSocketTimeoutError,
)
from tether.testlifespan import LifespanFailedError, LifespanManager
from tether.testtransport import ResponseProtocolError, ResponseTimeoutError
from tether.types import Message, Receive, Scope, Send
from tether.websockets import (
    CloseCodeError,
    CloseReasonError,
    JSONModeError,
    PayloadTypeError,
    WebSocket,
    WebSocketDisconnect,
)


@pytest.fixture(params=["asyncio", "trio"])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(params=["asyncio", "trio"])
def anyio_backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


class EchoApp:
    """Echoes text and bytes; records the close code and reason it receives."""

    def __init__(self) -> None:
        self.closes: list[tuple[int | None, str | None]] = []
        self.received: list[Message] = []

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        websocket = WebSocket(scope, receive, send)
        await websocket.accept()
        while True:
            message = await websocket.receive()
            if message["type"] == "websocket.disconnect":
                self.closes.append((message.get("code"), message.get("reason")))
                return
            self.received.append(message)
            key = "text" if message.get("text") is not None else "bytes"
            await send({"type": "websocket.send", key: message[key]})


# --- build 4: close codes and reasons the test client refuses ----------------------------------

BAD_CODES = [999, 1004, 1005, 1006, 1015, 1016, 2999, 5000, -1, 0, 65536, 2**70]
BAD_TYPES = ["1000", 1000.0, True, False, None, b"\x03\xe8", [1000]]
GOOD_CODES = [1000, 1001, 1002, 1003, 1007, 1011, 1014, 3000, 4000, 4999]


@pytest.mark.parametrize("code", BAD_CODES + BAD_TYPES, ids=repr)
def test_a_bad_close_code_is_refused_and_the_session_goes_on(backend: str, code: Any) -> None:
    app = EchoApp()
    with TestClient(app, backend=backend).websocket_connect("/") as session:
        with pytest.raises(CloseCodeError) as caught:
            session.close(code)
        assert isinstance(caught.value, ValueError)
        assert isinstance(caught.value, RuntimeError)  # what Starlette's users catch
        assert caught.value.code is code
        assert f"Cannot close with code {code!r}" in str(caught.value)
        # Nothing reached the application: the connection is still open.
        session.send_text("still open")
        assert session.receive_text() == "still open"
        session.close(4000, "now properly")
    assert app.closes == [(4000, "now properly")]


@pytest.mark.parametrize("code", [1005, 1006, 1015])
def test_the_reserved_codes_say_they_only_report_a_closure(code: int) -> None:
    with (
        TestClient(EchoApp()).websocket_connect("/") as session,
        pytest.raises(CloseCodeError, match="only reports a closure, it is never sent"),
    ):
        session.close(code)


@pytest.mark.parametrize("code", GOOD_CODES)
def test_every_code_a_close_frame_carries_reaches_the_app(code: int) -> None:
    app = EchoApp()
    with TestClient(app).websocket_connect("/") as session:
        session.close(code, "é" * 61)  # 122 bytes of UTF-8: fits
    assert app.closes == [(code, "é" * 61)]


@pytest.mark.parametrize(
    ("reason", "why"),
    [
        ("x" * 124, "124 bytes of UTF-8, more than the 123"),
        ("é" * 62, "124 bytes of UTF-8"),
        ("\ud800", "lone surrogate"),
        (b"bytes", "must be a str, got bytes"),
        (42, "must be a str, got int"),
    ],
    ids=["long-ascii", "long-utf8", "surrogate", "bytes", "int"],
)
def test_a_bad_close_reason_is_refused(backend: str, reason: Any, why: str) -> None:
    app = EchoApp()
    with TestClient(app, backend=backend).websocket_connect("/") as session:
        with pytest.raises(CloseReasonError, match=why):
            session.close(1000, reason)
        session.close(1000, "x" * 123)  # the longest reason that fits
    assert app.closes == [(1000, "x" * 123)]


@pytest.mark.anyio
@pytest.mark.parametrize("code", [1005, 1006, 1015, 5000, True, "1000"], ids=repr)
async def test_the_async_session_refuses_bad_codes_too(code: Any) -> None:
    app = EchoApp()
    async with AsyncTestClient(app).websocket_connect("/") as session:
        with pytest.raises(CloseCodeError):
            await session.close(code)
        await session.send_text("open")
        assert await session.receive_text() == "open"
    assert app.closes == [(1000, "")]


def test_a_bad_code_is_refused_even_before_the_session_connects() -> None:
    session = TestClient(EchoApp()).websocket_connect("/")
    with pytest.raises(CloseCodeError):
        session.close(1006)
    with pytest.raises(SessionNotStartedError, match=r"cannot call close\(\)"):
        session.close()


# --- payloads of the wrong type ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "value", "error", "message"),
    [
        ("send_text", b"bytes", PayloadTypeError, r"send_text\(\) needs a str, got bytes"),
        ("send_text", None, PayloadTypeError, "got NoneType"),
        ("send_text", 42, PayloadTypeError, "got int"),
        ("send_bytes", "text", PayloadTypeError, r"send_bytes\(\) needs bytes, bytearray"),
        ("send_bytes", 7, PayloadTypeError, "got int"),
        ("send", "websocket.receive", PayloadTypeError, r"send\(\) needs a message dict"),
        ("send", None, PayloadTypeError, "got NoneType"),
        ("send_json", object(), TypeError, "not JSON serializable"),
        ("send_json", {1j: 1}, TypeError, "keys must be"),
    ],
    ids=lambda value: type(value).__name__ if not isinstance(value, str) else value,
)
def test_a_payload_of_the_wrong_type_is_refused_and_the_session_goes_on(
    backend: str, method: str, value: Any, error: type[Exception], message: str
) -> None:
    app = EchoApp()
    with TestClient(app, backend=backend).websocket_connect("/") as session:
        with pytest.raises(error, match=message):
            getattr(session, method)(value)
        session.send_bytes(bytearray(b"ba"))
        assert session.receive_bytes() == b"ba"
        session.send_bytes(memoryview(b"mv"))
        assert session.receive_bytes() == b"mv"
    assert app.received == [
        {"type": "websocket.receive", "bytes": b"ba"},
        {"type": "websocket.receive", "bytes": b"mv"},
    ]
    assert all(type(message["bytes"]) is bytes for message in app.received)


def test_a_bad_json_mode_is_refused_before_encoding() -> None:
    with TestClient(EchoApp()).websocket_connect("/") as session:
        with pytest.raises(JSONModeError):
            session.send_json(object(), mode="yaml")  # the mode is checked first
        with pytest.raises(JSONModeError):
            session.receive_json(mode=1)  # type: ignore[arg-type]


# --- misuse of clients and sessions --------------------------------------------------------------


@pytest.mark.parametrize("backend_name", ["curio", "", "ASYNCIO", None, 1])
def test_an_unknown_backend_is_refused_when_the_client_is_made(backend_name: Any) -> None:
    with pytest.raises(UnknownBackendError) as caught:
        TestClient(EchoApp(), backend=backend_name)
    assert isinstance(caught.value, ValueError)
    assert isinstance(caught.value, LookupError)  # what Starlette's users catch
    assert caught.value.backend == backend_name
    assert str(caught.value) == f"unknown backend {backend_name!r}: use 'asyncio' or 'trio'"


def lifespan_app(events: list[str]) -> Router:
    @contextlib.asynccontextmanager
    async def lifespan(app: Any) -> AsyncIterator[None]:
        events.append("startup")
        yield
        events.append("shutdown")

    return Router([WebSocketRoute("/", EchoApp())], lifespan=lifespan)


def test_entering_a_client_twice_is_refused(backend: str) -> None:
    events: list[str] = []
    client = TestClient(lifespan_app(events), backend=backend)
    with client:
        with pytest.raises(AlreadyEnteredError, match="this TestClient is already entered"):
            client.__enter__()
        assert events == ["startup"]
        with client.websocket_connect("/") as session:  # the first block still works
            session.send_text("x")
            assert session.receive_text() == "x"
    assert events == ["startup", "shutdown"]


@pytest.mark.anyio
async def test_entering_an_async_client_twice_is_refused() -> None:
    events: list[str] = []
    client = AsyncTestClient(lifespan_app(events))
    async with client:
        with pytest.raises(AlreadyEnteredError, match="this AsyncTestClient"):
            await client.__aenter__()
    async with client:  # and again, after leaving
        pass
    assert events == ["startup", "shutdown", "startup", "shutdown"]


def test_a_session_is_one_connection() -> None:
    session = TestClient(EchoApp()).websocket_connect("/")
    with session, pytest.raises(AlreadyEnteredError, match="this WebSocket session"):
        session.__enter__()
    with pytest.raises(AlreadyEnteredError), session:
        pass  # pragma: no cover


@pytest.mark.parametrize("method", ["send_text", "send_bytes", "receive_text", "receive"])
def test_a_session_used_before_connecting_says_so(method: str) -> None:
    session = TestClient(EchoApp()).websocket_connect("/")
    arguments = {"send_text": ("x",), "send_bytes": (b"x",)}.get(method, ())
    with pytest.raises(SessionNotStartedError) as caught:
        getattr(session, method)(*arguments)
    assert str(caught.value) == (
        f"cannot call {method}() on a WebSocket session that is not connected: "
        "use it as `with client.websocket_connect(...) as session:`"
    )


@pytest.mark.anyio
async def test_an_async_session_used_before_connecting_says_so() -> None:
    session = AsyncTestClient(EchoApp()).websocket_connect("/")
    with pytest.raises(SessionNotStartedError, match=r"send\(\)"):
        await session.send_text("x")
    with pytest.raises(SessionNotStartedError, match=r"receive\(\)"):
        await session.receive_json()
    async with session:
        pass
    with pytest.raises(AlreadyEnteredError):
        await session.__aenter__()


def test_the_former_name_of_the_sync_session_still_works() -> None:
    assert SyncWebSocketTestSession is WebSocketTestSession


# --- HTTP applications that stall, flood, raise or break the protocol ------------------------


def stalling_app(sent: list[int]) -> Any:
    """GET /answer-stall stalls before answering, /body-stall after the start, /return-stall
    after the whole response; /flood sends forever."""

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        path = scope["path"]
        if path == "/answer-stall":
            await anyio.sleep_forever()
        await send({"type": "http.response.start", "status": 200, "headers": []})
        if path == "/body-stall":
            await send({"type": "http.response.body", "body": b"part", "more_body": True})
            await anyio.sleep_forever()
        if path == "/flood":
            while True:
                sent.append(1)
                await send({"type": "http.response.body", "body": b"x", "more_body": True})
        await send({"type": "http.response.body", "body": b"whole"})
        if path == "/return-stall":
            await anyio.sleep_forever()

    return app


@pytest.mark.parametrize(
    ("path", "stream", "message"),
    [
        ("/answer-stall", False, "the application did not answer GET '/answer-stall' within"),
        ("/answer-stall", True, "the application did not answer GET '/answer-stall' within"),
        ("/body-stall", False, "did not complete its response to GET '/body-stall' within"),
        ("/body-stall", True, "sent no more of its response to GET '/body-stall' within"),
        ("/flood", False, "did not complete its response to GET '/flood' within"),
        ("/return-stall", False, "did not return within 0.5 s after completing its response"),
        ("/return-stall", True, "did not return within 0.5 s after completing its response"),
    ],
)
def test_every_http_wait_times_out_with_what_it_waited_for(
    backend: str, path: str, stream: bool, message: str
) -> None:
    # Long enough for the steps before the stall to come in time on a loaded machine.
    client = TestClient(stalling_app([]), backend=backend, receive_timeout=0.5)
    if stream:
        with pytest.raises(ResponseTimeoutError) as caught, client.stream("GET", path) as response:
            response.read()
    else:
        with pytest.raises(ResponseTimeoutError) as caught:
            client.get(path)
    assert message in str(caught.value)
    assert isinstance(caught.value, TimeoutError)


def test_a_streamed_flood_is_held_back(backend: str) -> None:
    sent: list[int] = []
    client = TestClient(stalling_app(sent), backend=backend)
    with client.stream("GET", "/flood") as response:
        chunks = response.iter_raw()
        assert next(chunks) == b"x"
        # The application runs a bounded number of chunks ahead of the reader.
        assert len(sent) <= 70
        for _ in range(200):
            next(chunks)
        assert len(sent) <= 270


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/answer-stall", "did not answer GET '/answer-stall' within 0.5 s"),
        ("/body-stall", "did not complete its response to GET '/body-stall' within 0.5 s"),
        ("/flood", "did not complete its response to GET '/flood' within 0.5 s"),
        ("/return-stall", "did not return within 0.5 s after completing its response"),
    ],
)
async def test_the_async_client_names_what_it_waited_for_too(path: str, message: str) -> None:
    client = AsyncTestClient(stalling_app([]), receive_timeout=0.5)
    with anyio.fail_after(10), pytest.raises(ResponseTimeoutError, match=message):
        await client.get(path)


def test_leaving_a_stream_early_cancels_the_endpoint(backend: str) -> None:
    outcome: list[str] = []

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": []})
        try:
            while True:
                await send({"type": "http.response.body", "body": b"tick", "more_body": True})
        except anyio.get_cancelled_exc_class():
            outcome.append("cancelled")
            raise

    client = TestClient(app, backend=backend)
    with client.stream("GET", "/") as response:
        assert next(response.iter_bytes()) == b"tick"
    assert outcome == ["cancelled"]


class AppError(Exception):
    pass


def failing_http_app(scope: Scope) -> Any:
    """An ASGI 2 application failing in each way its path names."""

    async def instance(receive: Receive, send: Send) -> None:
        path = scope["path"]
        if path == "/before-start":
            raise AppError("before the start")
        if path == "/no-response":
            return
        if path == "/body-first":
            await send({"type": "http.response.body", "body": b"x"})
        await send({"type": "http.response.start", "status": 202, "headers": [(b"x-a", b"1")]})
        await send({"type": "http.response.body", "body": b"half", "more_body": True})
        if path == "/mid-body":
            raise AppError("in the middle of the body")
        if path == "/unfinished":
            return
        await send({"type": "http.response.body", "body": b" done"})
        if path == "/after-response":
            raise AppError("after the response")

    return instance


@pytest.mark.parametrize(
    ("path", "error", "status", "body"),
    [
        ("/before-start", AppError, 500, b""),
        ("/no-response", ResponseProtocolError, 500, b""),
        ("/body-first", ResponseProtocolError, 500, b""),
        ("/mid-body", AppError, 202, b"half"),
        ("/unfinished", ResponseProtocolError, 202, b"half"),
        ("/after-response", AppError, 202, b"half done"),
        ("/fine", None, 202, b"half done"),
    ],
)
def test_server_exceptions_raised_or_answered_as_a_server_would(
    backend: str, path: str, error: type[Exception] | None, status: int, body: bytes
) -> None:
    raising = TestClient(failing_http_app, backend=backend)
    if error is None:
        assert raising.get(path).content == body
    else:
        with pytest.raises(error):
            raising.get(path)
        with pytest.raises(error), raising.stream("GET", path) as response:
            response.read()
    answering = TestClient(failing_http_app, backend=backend, raise_server_exceptions=False)
    response = answering.get(path)
    assert (response.status_code, response.content) == (status, body)


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("path", "error", "status", "body"),
    [
        ("/before-start", AppError, 500, b""),
        ("/no-response", ResponseProtocolError, 500, b""),
        ("/mid-body", AppError, 202, b"half"),
        ("/after-response", AppError, 202, b"half done"),
    ],
)
async def test_the_async_client_raises_or_answers_the_same_way(
    path: str, error: type[Exception], status: int, body: bytes
) -> None:
    with pytest.raises(error):
        await AsyncTestClient(failing_http_app).get(path)
    response = await AsyncTestClient(failing_http_app, raise_server_exceptions=False).get(path)
    assert (response.status_code, response.content) == (status, body)


# --- the lifespan through the clients -----------------------------------------------------------


def lifespan_failing(where: str) -> Any:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        assert scope["type"] == "lifespan"
        await receive()
        if where == "startup-raise":
            try:
                raise KeyError("config")
            except KeyError as exc:
                raise AppError("no database") from exc
        if where == "startup-failed":
            await send({"type": "lifespan.startup.failed", "message": "refused"})
            return
        if where == "startup-silent":
            await anyio.sleep_forever()
        await send({"type": "lifespan.startup.complete"})
        await receive()
        if where == "shutdown-raise":
            raise AppError("cannot flush")
        await send({"type": "lifespan.shutdown.complete"})

    return app


def test_a_startup_exception_is_raised_as_it_is(backend: str) -> None:
    with (
        pytest.raises(AppError, match="no database") as caught,
        TestClient(lifespan_failing("startup-raise"), backend=backend),
    ):
        pass  # pragma: no cover
    assert isinstance(caught.value.__cause__, KeyError)  # the application's own chain is kept


def test_a_startup_failure_without_exception_and_a_silent_startup(backend: str) -> None:
    with (
        pytest.raises(LifespanFailedError, match="lifespan startup failed: refused"),
        TestClient(lifespan_failing("startup-failed"), backend=backend),
    ):
        pass  # pragma: no cover
    client = TestClient(lifespan_failing("startup-silent"), backend=backend, receive_timeout=0.1)
    with pytest.raises(LifespanFailedError, match=r"no answer within 0\.1 s"), client:
        pass  # pragma: no cover
    assert client.portal is None


def test_a_shutdown_exception_is_raised_and_a_failing_block_skips_shutdown(backend: str) -> None:
    client = TestClient(lifespan_failing("shutdown-raise"), backend=backend)
    with pytest.raises(AppError, match="cannot flush"), client:
        assert client.portal is not None
    assert client.portal is None
    with pytest.raises(ZeroDivisionError), client:
        1 / 0  # noqa: B018 (the shutdown, which would raise AppError, is not run)


@pytest.mark.anyio
async def test_lifespan_manager_wraps_or_raises_the_apps_exception_as_asked() -> None:
    app = lifespan_failing("startup-raise")
    with pytest.raises(LifespanFailedError) as wrapped:
        async with LifespanManager(app):
            pass  # pragma: no cover
    assert isinstance(wrapped.value.__cause__, AppError)
    with pytest.raises(AppError) as raised:
        async with LifespanManager(app, raise_app_exceptions=True):
            pass  # pragma: no cover
    assert isinstance(raised.value.__cause__, KeyError)


# --- ASGI 2 applications, denial responses, Starlette's disconnect -----------------------------


class ASGI2Echo:
    """A class-style ASGI 2 application: made with the scope, called with receive and send."""

    def __init__(self, scope: Scope) -> None:
        self.scope = scope

    async def __call__(self, receive: Receive, send: Send) -> None:
        if self.scope["type"] == "http":
            await send({"type": "http.response.start", "status": 200, "headers": []})
            await send({"type": "http.response.body", "body": b"asgi2"})
            return
        await receive()
        await send({"type": "websocket.accept"})
        message = await receive()
        await send({"type": "websocket.send", "text": message["text"]})


def test_asgi2_applications_run(backend: str) -> None:
    client = TestClient(ASGI2Echo, backend=backend)
    assert client.get("/").text == "asgi2"
    assert TestClient(failing_http_app, backend=backend).get("/fine").status_code == 202
    with client.websocket_connect("/") as session:
        session.send_text("two")
        assert session.receive_text() == "two"


def denying_app(body: bytes, content_type: bytes) -> Any:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        await receive()
        headers = [(b"content-type", content_type)]
        await send({"type": "websocket.http.response.start", "status": 403, "headers": headers})
        await send({"type": "websocket.http.response.body", "body": body})

    return app


@pytest.mark.parametrize(
    ("body", "content_type", "text"),
    [
        (b'{"error": "no"}', b"application/json", '{"error": "no"}'),
        ("déjà".encode("latin-1"), b"text/plain; charset=latin-1", "déjà"),
        ("déjà".encode(), b'text/plain; charset="utf-8"', "déjà"),
        (b"\xff", b"text/plain; charset=no-such-codec", "\ufffd"),
    ],
)
def test_a_denial_reads_like_a_starlette_one(body: bytes, content_type: bytes, text: str) -> None:
    with (
        pytest.raises(WebSocketDenialResponse) as caught,
        TestClient(denying_app(body, content_type)).websocket_connect("/"),
    ):
        pass  # pragma: no cover
    denial = caught.value
    assert (denial.status_code, denial.content, denial.text) == (403, body, text)
    assert isinstance(denial, StarletteWebSocketDisconnect)
    assert isinstance(denial, WebSocketDisconnect)
    assert type(denial).__name__ == "WebSocketDenialResponse"
    if content_type == b"application/json":
        assert denial.json() == {"error": "no"}


def test_an_endpoint_ended_by_starlettes_disconnect_is_not_an_error() -> None:
    # Starlette's own WebSocket raises its WebSocketDisconnect when the client leaves.
    from starlette.websockets import WebSocket as StarletteWebSocket

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        websocket = StarletteWebSocket(scope, receive, send)
        await websocket.accept()
        while True:
            await websocket.send_text(await websocket.receive_text())

    with TestClient(app).websocket_connect("/") as session:
        session.send_text("x")
        assert session.receive_text() == "x"


# --- one event loop for work that overlaps --------------------------------------------------------


def test_overlapping_sessions_share_one_event_loop(backend: str) -> None:
    loops: list[int] = []
    token = anyio.lowlevel.RunVar[int]("token")

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        try:
            loops.append(token.get())
        except LookupError:
            token.set(len(loops))
            loops.append(len(loops))
        await receive()
        await send({"type": "websocket.accept"})
        await receive()

    client = TestClient(app, backend=backend)
    with client.websocket_connect("/"), client.websocket_connect("/"):
        pass
    with client.websocket_connect("/"):
        pass
    assert loops == [0, 0, 2]


def test_a_chat_room_across_two_sessions_without_a_with_block(backend: str) -> None:
    # Two connections that talk through the application need one event loop.
    room: dict[str, Any] = {}

    async def chat(websocket: WebSocket) -> None:
        await websocket.accept()
        name = websocket.query_params["name"]
        send_stream, receive_stream = anyio.create_memory_object_stream[str](10)
        room[name] = send_stream
        async with anyio.create_task_group() as group:

            async def relay() -> None:
                async for text in receive_stream:
                    await websocket.send_text(text)

            group.start_soon(relay)
            async for text in websocket.iter_text():
                for other, stream in room.items():
                    if other != name:
                        await stream.send(f"{name}: {text}")
            group.cancel_scope.cancel()

    client = TestClient(Router([WebSocketRoute("/chat", chat)]), backend=backend)
    with (
        client.websocket_connect("/chat", params={"name": "ada"}) as ada,
        client.websocket_connect("/chat", params={"name": "bob"}) as bob,
    ):
        ada.send_text("hi")
        assert bob.receive_text() == "ada: hi"
        bob.send_text("hello")
        assert ada.receive_text() == "bob: hello"


# --- arguments that reach httpx and the scope ---------------------------------------------------


def scope_app(scopes: list[Scope]) -> Any:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        scopes.append(scope)
        if scope["type"] == "http":
            await send({"type": "http.response.start", "status": 200, "headers": []})
            await send({"type": "http.response.body", "body": b""})
            return
        await receive()
        await send({"type": "websocket.accept"})

    return app


def test_httpx_options_and_websocket_urls_reach_the_scope() -> None:
    scopes: list[Scope] = []
    client = TestClient(scope_app(scopes), base_url="ws://example.com:81/api/", auth=("u", "p"))
    client.get("x")
    with client.websocket_connect("ws", subprotocols="one"):
        pass
    with client.websocket_connect("wss://other.org/abs?q=1"):
        pass
    http, relative, absolute = scopes
    assert (http["scheme"], http["server"], http["path"]) == ("http", ("example.com", 81), "/api/x")
    assert dict(http["headers"])[b"authorization"].startswith(b"Basic ")
    assert (relative["scheme"], relative["path"], relative["subprotocols"]) == (
        "ws",
        "/api/ws",
        ["one"],
    )
    assert dict(relative["headers"])[b"sec-websocket-protocol"] == b"one"
    assert (absolute["scheme"], absolute["server"], absolute["query_string"]) == (
        "wss",
        ("other.org", 443),
        b"q=1",
    )


def test_a_header_the_caller_gives_replaces_the_handshakes() -> None:
    scopes: list[Scope] = []
    headers = {"Sec-WebSocket-Key": "fixed==", "Connection": "Upgrade", "X-Name": "é"}
    client = TestClient(scope_app(scopes))
    with client.websocket_connect("/", headers=headers):
        pass
    lines = scopes[0]["headers"]
    assert [value for name, value in lines if name == b"sec-websocket-key"] == [b"fixed=="]
    assert [value for name, value in lines if name == b"connection"] == [b"Upgrade"]
    assert (b"x-name", b"\xe9") in lines  # Latin-1, as on the wire
    # What a header cannot carry fails before anything reaches the application.
    with pytest.raises(UnicodeEncodeError, match="latin-1"):
        client.websocket_connect("/", headers={"X-Euro": "€"})
    with pytest.raises(UnicodeEncodeError):
        client.websocket_connect("/", headers={"X-é": "x"})
    assert len(scopes) == 1


@pytest.mark.anyio
async def test_the_async_client_keeps_cookies_follows_redirects_and_sends_its_agent() -> None:
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import JSONResponse, RedirectResponse, Response
    from starlette.routing import Route

    async def login(request: Request) -> Response:
        response = RedirectResponse("/me")
        response.set_cookie("session", "abc")
        return response

    async def me(request: Request) -> Response:
        return JSONResponse([request.cookies, request.headers["user-agent"]])

    app = Starlette(routes=[Route("/login", login), Route("/me", me)])
    async with AsyncTestClient(app) as client:
        response = await client.get("/login")
        assert response.json() == [{"session": "abc"}, "testclient"]
        assert (await client.get("/me")).json()[0] == {"session": "abc"}
        assert (await client.get("/login", follow_redirects=False)).status_code == 307


def test_starlette_not_imported_gives_plain_disconnects() -> None:
    # The disconnects are tether's own class when Starlette is not imported.
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from tether.testing import TestClient\n"
        "from tether.websockets import WebSocket\n"
        "async def app(scope, receive, send):\n"
        "    ws = WebSocket(scope, receive, send)\n"
        "    await ws.accept()\n"
        "    await ws.close(4000)\n"
        "with TestClient(app).websocket_connect('/') as s:\n"
        "    try:\n"
        "        s.receive()\n"
        "    except Exception as exc:\n"
        "        print(type(exc).__mro__[1].__name__, 'starlette' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip() == "Exception False"


def test_no_event_loop_thread_is_left_behind(backend: str) -> None:
    before = threading.active_count()
    client = TestClient(stalling_app([]), backend=backend, receive_timeout=0.05)
    client.get("/fine")
    for path in ("/answer-stall", "/body-stall", "/return-stall", "/flood"):
        with pytest.raises(ResponseTimeoutError):
            client.get(path)
    with client.stream("GET", "/flood") as response:
        next(response.iter_raw())
    with pytest.raises(AppError):
        TestClient(failing_http_app, backend=backend).get("/mid-body")
    with TestClient(EchoApp(), backend=backend).websocket_connect("/") as session:
        session.send_text("x")
        assert session.receive_text() == "x"
    assert threading.active_count() == before


def test_setting_the_receive_timeout_applies_to_what_comes_next(backend: str) -> None:
    client = TestClient(stalling_app([]), backend=backend, receive_timeout=30)
    client.receive_timeout = 0.05
    assert (client.receive_timeout, client.timeout.read) == (0.05, 0.05)
    with pytest.raises(ResponseTimeoutError, match=r"within 0\.05 s"):
        client.get("/answer-stall")
    silent = TestClient(EchoApp(), backend=backend)
    silent.receive_timeout = 0.05
    with silent.websocket_connect("/") as session, pytest.raises(WebSocketTimeoutError):
        session.receive_text()


@pytest.mark.anyio
async def test_setting_the_async_clients_receive_timeout_too() -> None:
    client = AsyncTestClient(stalling_app([]), receive_timeout=30)
    client.receive_timeout = 0.05
    with pytest.raises(ResponseTimeoutError, match=r"within 0\.05 s"):
        await client.get("/answer-stall")

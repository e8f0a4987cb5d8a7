"""Issue 24, item 1: tests written the way Starlette and FastAPI users write them pass.

Each test below is what a Starlette user writes: a plain (sync) function, ``TestClient(app)``,
``with TestClient(app) as client:`` for the lifespan, ``client.get(...)`` without ``await``,
``with client.websocket_connect(...) as websocket:``, ``pytest.raises`` with Starlette's
``WebSocketDisconnect``. Only the import of ``TestClient`` changed. Every test runs on
asyncio and on trio, against the same application written twice: with tether's router and
WebSocket, and as an idiomatic Starlette application.
"""

from __future__ import annotations

import contextlib
import itertools
import json
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import anyio
import anyio.lowlevel
import httpx
import pytest
from starlette.applications import Starlette
from starlette.background import BackgroundTask
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.responses import StreamingResponse as StarletteStreamingResponse
from starlette.routing import Route as StarletteRoute
from starlette.routing import WebSocketRoute as StarletteWebSocketRoute
from starlette.websockets import WebSocket as StarletteWebSocket
from starlette.websockets import WebSocketDisconnect as StarletteWebSocketDisconnect

from tether.connection import HTTPConnection
from tether.routing import Route, Router, WebSocketRoute
from tether.testing import TestClient, WebSocketDenialResponse, WebSocketTimeoutError
from tether.testtransport import ResponseTimeoutError
from tether.types import ASGIApp, Receive, Scope, Send
from tether.websockets import WebSocket, WebSocketDisconnect

FLOOD = 500  # messages /ws/flood sends, far more than the session buffers


@dataclass
class Probe:
    """What the application saw, for the tests to check."""

    events: list[str] = field(default_factory=list)
    closes: list[int | None] = field(default_factory=list)
    background: list[str] = field(default_factory=list)
    streamed: int = 0
    loops: Iterator[int] = field(default_factory=itertools.count)


# Which event loop a request runs on: one number per loop, as Starlette's own test checks.
LOOP_ID = anyio.lowlevel.RunVar[int]("LOOP_ID")


def loop_identity(probe: Probe) -> int:
    try:
        return LOOP_ID.get()
    except LookupError:
        number = next(probe.loops)
        LOOP_ID.set(number)
        return number


# --- the application, written with tether ------------------------------------------------------


def reply(body: Any, status: int = 200, headers: list[tuple[bytes, bytes]] | None = None) -> Any:
    """A response application: JSON for anything but bytes (tether has no Response classes)."""
    content = body if isinstance(body, bytes) else json.dumps(body).encode()
    kind = b"application/octet-stream" if isinstance(body, bytes) else b"application/json"

    async def respond(scope: Scope, receive: Receive, send: Send) -> None:
        start_headers = [(b"content-type", kind), *(headers or [])]
        await send({"type": "http.response.start", "status": status, "headers": start_headers})
        await send({"type": "http.response.body", "body": content})

    return respond


def tether_app(probe: Probe) -> ASGIApp:
    @contextlib.asynccontextmanager
    async def lifespan(app: Any) -> AsyncIterator[dict[str, Any]]:
        probe.events.append("startup")
        yield {"greeting": "hello"}
        probe.events.append("shutdown")

    async def root(connection: HTTPConnection) -> Any:
        return reply({"hello": "world"})

    async def state(connection: HTTPConnection) -> Any:
        return reply({"greeting": connection.state.greeting})

    async def loop(connection: HTTPConnection) -> Any:
        return reply(loop_identity(probe))

    async def login(connection: HTTPConnection) -> Any:
        cookie = (b"set-cookie", b"session=abc; Path=/")
        return reply(b"", 307, [(b"location", b"/whoami"), cookie])

    async def whoami(connection: HTTPConnection) -> Any:
        client = connection.client
        return reply(
            {
                "cookies": connection.cookies,
                "user_agent": connection.headers.get("user-agent"),
                "x_token": connection.headers.getlist("x-token"),
                "client": [client.host, client.port] if client else None,
                "url": str(connection.url),
                "method": connection.scope["method"],
            }
        )

    async def echo(scope: Scope, receive: Receive, send: Send) -> None:
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body", False):
                break
        await reply(body.upper(), 201)(scope, receive, send)

    async def boom(connection: HTTPConnection) -> Any:
        raise ValueError("boom")

    async def background(scope: Scope, receive: Receive, send: Send) -> None:
        await reply({"queued": True})(scope, receive, send)
        await anyio.lowlevel.checkpoint()
        probe.background.append("done")  # after the response, as a background task runs

    async def stream(scope: Scope, receive: Receive, send: Send) -> None:
        headers = [(b"content-type", b"text/event-stream")]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        while True:  # never ends: the test reads some and leaves
            event = f"data: {probe.streamed}\n\n".encode()
            probe.streamed += 1
            await send({"type": "http.response.body", "body": event, "more_body": True})

    async def parts(scope: Scope, receive: Receive, send: Send) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": []})
        for part in (b"one ", b"two ", b"three"):
            await send({"type": "http.response.body", "body": part, "more_body": True})
        await send({"type": "http.response.body", "body": b""})

    async def slow(connection: HTTPConnection) -> Any:
        await anyio.sleep_forever()

    async def ws_echo(websocket: WebSocket) -> None:
        await websocket.accept()
        while True:
            message = await websocket.receive()
            if message["type"] == "websocket.disconnect":
                probe.closes.append(message.get("code"))
                return
            if message.get("text") is not None:
                await websocket.send_text(message["text"])
            else:
                await websocket.send_bytes(message["bytes"])

    async def ws_info(websocket: WebSocket) -> None:
        offered = websocket.scope["subprotocols"]
        await websocket.accept(subprotocol=offered[0] if offered else None)
        await websocket.send_json(
            {
                "query": dict(websocket.query_params),
                "x_token": websocket.headers.get("x-token"),
                "session": websocket.cookies.get("session"),
                "subprotocols": offered,
                "user_agent": websocket.headers.get("user-agent"),
                "url": str(websocket.url),
            }
        )
        await websocket.receive()

    async def ws_close(websocket: WebSocket) -> None:
        await websocket.accept()
        await websocket.close(4001, "bye")

    async def ws_deny(websocket: WebSocket) -> None:
        await websocket.close(1008)

    async def ws_silent(websocket: WebSocket) -> None:
        await websocket.accept()
        await websocket.receive()

    async def ws_raise(websocket: WebSocket) -> None:
        await websocket.accept()
        text = await websocket.receive_text()
        raise RuntimeError(f"cannot handle {text}")

    async def ws_flood(websocket: WebSocket) -> None:
        await websocket.accept()
        for number in range(FLOOD):
            await websocket.send_text(str(number))
        await websocket.close()

    async def ws_push(websocket: WebSocket) -> None:
        await websocket.accept()
        while True:  # never receives: the next send after the client left ends it
            await websocket.send_text("tick")

    async def ws_notify(websocket: WebSocket) -> None:
        await websocket.accept()
        await websocket.send_text("ready")
        try:
            await anyio.Event().wait()  # a notification that never comes
        finally:
            probe.events.append("notify ended")

    return Router(
        [
            Route("/", root),
            Route("/state", state),
            Route("/loop", loop),
            Route("/login", login),
            Route("/whoami", whoami, methods=["GET", "POST"]),
            Route("/echo", echo, methods=["POST"]),
            Route("/boom", boom),
            Route("/background", background),
            Route("/stream", stream),
            Route("/parts", parts),
            Route("/slow", slow),
            WebSocketRoute("/ws/echo", ws_echo),
            WebSocketRoute("/ws/info", ws_info),
            WebSocketRoute("/ws/close", ws_close),
            WebSocketRoute("/ws/deny", ws_deny),
            WebSocketRoute("/ws/silent", ws_silent),
            WebSocketRoute("/ws/raise", ws_raise),
            WebSocketRoute("/ws/flood", ws_flood),
            WebSocketRoute("/ws/push", ws_push),
            WebSocketRoute("/ws/notify", ws_notify),
        ],
        lifespan=lifespan,
    )


# --- the same application, written the Starlette way ------------------------------------------


def starlette_app(probe: Probe) -> ASGIApp:
    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[dict[str, Any]]:
        probe.events.append("startup")
        yield {"greeting": "hello"}
        probe.events.append("shutdown")

    async def root(request: Request) -> Response:
        return JSONResponse({"hello": "world"})

    async def state(request: Request) -> Response:
        return JSONResponse({"greeting": request.state.greeting})

    async def loop(request: Request) -> Response:
        return JSONResponse(loop_identity(probe))

    async def login(request: Request) -> Response:
        response = RedirectResponse("/whoami")
        response.set_cookie("session", "abc")
        return response

    async def whoami(request: Request) -> Response:
        client = request.client
        return JSONResponse(
            {
                "cookies": request.cookies,
                "user_agent": request.headers.get("user-agent"),
                "x_token": request.headers.getlist("x-token"),
                "client": [client.host, client.port] if client else None,
                "url": str(request.url),
                "method": request.method,
            }
        )

    async def echo(request: Request) -> Response:
        return Response((await request.body()).upper(), status_code=201)

    async def boom(request: Request) -> Response:
        raise ValueError("boom")

    async def background(request: Request) -> Response:
        def task() -> None:
            probe.background.append("done")

        return JSONResponse({"queued": True}, background=BackgroundTask(task))

    async def stream(request: Request) -> Response:
        async def events() -> AsyncIterator[str]:
            while True:
                event = f"data: {probe.streamed}\n\n"
                probe.streamed += 1
                yield event

        return StarletteStreamingResponse(events(), media_type="text/event-stream")

    async def parts(request: Request) -> Response:
        async def chunks() -> AsyncIterator[bytes]:
            for part in (b"one ", b"two ", b"three"):
                yield part

        return StarletteStreamingResponse(chunks())

    async def slow(request: Request) -> Response:
        await anyio.sleep_forever()
        return PlainTextResponse("never")  # pragma: no cover

    async def ws_echo(websocket: StarletteWebSocket) -> None:
        await websocket.accept()
        while True:
            message = await websocket.receive()
            if message["type"] == "websocket.disconnect":
                probe.closes.append(message.get("code"))
                return
            if message.get("text") is not None:
                await websocket.send_text(message["text"])
            else:
                await websocket.send_bytes(message["bytes"])

    async def ws_info(websocket: StarletteWebSocket) -> None:
        offered = websocket.scope["subprotocols"]
        await websocket.accept(subprotocol=offered[0] if offered else None)
        await websocket.send_json(
            {
                "query": dict(websocket.query_params),
                "x_token": websocket.headers.get("x-token"),
                "session": websocket.cookies.get("session"),
                "subprotocols": offered,
                "user_agent": websocket.headers.get("user-agent"),
                "url": str(websocket.url),
            }
        )
        await websocket.receive()

    async def ws_close(websocket: StarletteWebSocket) -> None:
        await websocket.accept()
        await websocket.close(4001, "bye")

    async def ws_deny(websocket: StarletteWebSocket) -> None:
        await websocket.close(1008)

    async def ws_silent(websocket: StarletteWebSocket) -> None:
        await websocket.accept()
        await websocket.receive()

    async def ws_raise(websocket: StarletteWebSocket) -> None:
        await websocket.accept()
        text = await websocket.receive_text()
        raise RuntimeError(f"cannot handle {text}")

    async def ws_flood(websocket: StarletteWebSocket) -> None:
        await websocket.accept()
        for number in range(FLOOD):
            await websocket.send_text(str(number))
        await websocket.close()

    async def ws_push(websocket: StarletteWebSocket) -> None:
        await websocket.accept()
        while True:
            await websocket.send_text("tick")

    async def ws_notify(websocket: StarletteWebSocket) -> None:
        await websocket.accept()
        await websocket.send_text("ready")
        try:
            await anyio.Event().wait()
        finally:
            probe.events.append("notify ended")

    return Starlette(
        routes=[
            StarletteRoute("/", root),
            StarletteRoute("/state", state),
            StarletteRoute("/loop", loop),
            StarletteRoute("/login", login),
            StarletteRoute("/whoami", whoami, methods=["GET", "POST"]),
            StarletteRoute("/echo", echo, methods=["POST"]),
            StarletteRoute("/boom", boom),
            StarletteRoute("/background", background),
            StarletteRoute("/stream", stream),
            StarletteRoute("/parts", parts),
            StarletteRoute("/slow", slow),
            StarletteWebSocketRoute("/ws/echo", ws_echo),
            StarletteWebSocketRoute("/ws/info", ws_info),
            StarletteWebSocketRoute("/ws/close", ws_close),
            StarletteWebSocketRoute("/ws/deny", ws_deny),
            StarletteWebSocketRoute("/ws/silent", ws_silent),
            StarletteWebSocketRoute("/ws/raise", ws_raise),
            StarletteWebSocketRoute("/ws/flood", ws_flood),
            StarletteWebSocketRoute("/ws/push", ws_push),
            StarletteWebSocketRoute("/ws/notify", ws_notify),
        ],
        lifespan=lifespan,
    )


# --- fixtures: every test runs for each backend and each application ---------------------------


@pytest.fixture(params=["asyncio", "trio"])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def probe() -> Probe:
    return Probe()


@pytest.fixture(params=["tether", "starlette"])
def app(request: pytest.FixtureRequest, probe: Probe) -> ASGIApp:
    build: Callable[[Probe], ASGIApp] = tether_app if request.param == "tether" else starlette_app
    return build(probe)


MakeClient = Callable[..., TestClient]


@pytest.fixture
def make_client(app: ASGIApp, backend: str) -> MakeClient:
    """``TestClient(app, ...)`` on this test's backend, as Starlette's own suite does it."""

    def make(**kwargs: Any) -> TestClient:
        return TestClient(app, backend=backend, **kwargs)

    return make


@pytest.fixture
def client(make_client: MakeClient) -> Iterator[TestClient]:
    """The usual fixture: the client entered, so the lifespan runs around the test."""
    with make_client() as entered:
        yield entered


# --- HTTP ------------------------------------------------------------------------------------


def test_a_sync_test_calls_the_client_without_await(make_client: MakeClient) -> None:
    client = make_client()
    response = client.get("/")
    assert response.status_code == 200
    assert response.json() == {"hello": "world"}
    assert client.head("/").status_code == 200
    assert client.request("GET", "/").json() == {"hello": "world"}


def test_the_client_is_an_httpx_client(make_client: MakeClient) -> None:
    client = make_client()
    assert isinstance(client, httpx.Client)
    assert client.headers["user-agent"] == "testclient"
    request = client.build_request("GET", "/whoami", headers={"x-token": "t"})
    response = client.send(request)
    assert response.json()["x_token"] == ["t"]
    assert response.json()["user_agent"] == "testclient"
    client.close()
    with pytest.raises(RuntimeError, match="closed"):
        client.get("/")


def test_default_headers_keep_the_testclient_user_agent(make_client: MakeClient) -> None:
    client = make_client(headers={"Authorization": "Bearer 123"})
    assert client.headers["user-agent"] == "testclient"
    assert client.headers["authorization"] == "Bearer 123"
    agent = make_client(headers={"user-agent": "non-default-agent"})
    assert agent.get("/whoami").json()["user_agent"] == "non-default-agent"
    duplicated = client.get("/whoami", headers=[("x-token", "foo"), ("x-token", "bar")])
    assert duplicated.json()["x_token"] == ["foo", "bar"]


def test_with_client_runs_the_lifespan_on_one_event_loop(
    make_client: MakeClient, probe: Probe
) -> None:
    client = make_client()
    with client:
        assert probe.events == ["startup"]
        assert client.get("/state").json() == {"greeting": "hello"}
        inside = {client.get("/loop").json() for _ in range(3)}
        assert len(inside) == 1
    assert probe.events == ["startup", "shutdown"]
    # Outside the block every request gets an event loop of its own...
    outside = [client.get("/loop").json() for _ in range(2)]
    assert len(set(outside)) == 2
    assert not set(outside) & inside
    # ...and the client can be entered again.
    with client:
        assert client.get("/state").json() == {"greeting": "hello"}
    assert probe.events == ["startup", "shutdown", "startup", "shutdown"]


def test_the_fixture_habit_with_client_yielded(client: TestClient, probe: Probe) -> None:
    assert client.get("/state").json() == {"greeting": "hello"}
    assert probe.events == ["startup"]


def test_cookies_are_kept_between_requests(make_client: MakeClient) -> None:
    client = make_client()
    response = client.get("/login")  # sets the cookie, then redirects to /whoami
    assert response.status_code == 200
    assert [step.status_code for step in response.history] == [307]
    assert response.json()["cookies"] == {"session": "abc"}
    assert client.cookies["session"] == "abc"
    assert client.get("/whoami").json()["cookies"] == {"session": "abc"}
    preset = make_client(cookies={"theme": "dark"})
    assert preset.get("/whoami").json()["cookies"] == {"theme": "dark"}


def test_redirects_are_followed_unless_asked_not_to(make_client: MakeClient) -> None:
    assert make_client().get("/login").url == "http://testserver/whoami"
    response = make_client(follow_redirects=False).get("/login")
    assert (response.status_code, response.headers["location"]) == (307, "/whoami")
    once = make_client().get("/login", follow_redirects=False)
    assert once.status_code == 307
    assert once.next_request is not None


def test_request_bodies_and_methods(make_client: MakeClient) -> None:
    client = make_client()
    assert client.post("/echo", content=b"raw").text == "RAW"
    assert client.post("/echo", json={"a": 1}).text == '{"A":1}'
    assert client.post("/echo", data={"name": "ada"}).text == "NAME=ADA"
    assert client.post("/echo", content=iter([b"in ", b"parts"])).text == "IN PARTS"
    assert client.post("/whoami").json()["method"] == "POST"
    assert client.put("/echo").status_code == 405


def test_base_url_root_path_and_client_address(make_client: MakeClient) -> None:
    client = make_client(base_url="https://example.org:8443", client=("10.1.2.3", 4321))
    data = client.get("/whoami", params={"q": "España"}).json()
    assert data["url"] == "https://example.org:8443/whoami?q=Espa%C3%B1a"
    assert data["client"] == ["10.1.2.3", 4321]
    assert make_client().get("/whoami").json()["client"] == ["testclient", 50000]
    mounted = make_client(root_path="/api")
    assert mounted.get("/whoami").json()["url"] == "http://testserver/api/whoami"


def test_background_work_has_run_when_the_response_returns(
    make_client: MakeClient, probe: Probe
) -> None:
    assert make_client().get("/background").json() == {"queued": True}
    assert probe.background == ["done"]


def test_a_finite_stream_is_read_in_parts(make_client: MakeClient) -> None:
    client = make_client()
    with client.stream("GET", "/parts") as response:
        assert response.status_code == 200
        assert b"".join(response.iter_bytes()) == b"one two three"
    assert client.get("/parts").text == "one two three"


def test_an_endless_stream_is_read_in_part_and_left(client: TestClient, probe: Probe) -> None:
    with client.stream("GET", "/stream") as response:
        assert response.headers["content-type"].startswith("text/event-stream")
        events = []
        for line in response.iter_lines():
            if line:
                events.append(line)
            if len(events) == 3:
                break
    assert events == ["data: 0", "data: 1", "data: 2"]
    streamed = probe.streamed
    # Leaving the block stopped the endpoint: it sends nothing more while the loop runs on.
    assert client.get("/").status_code == 200
    assert probe.streamed == streamed


def test_an_endless_stream_read_whole_times_out(make_client: MakeClient) -> None:
    client = make_client(receive_timeout=0.5)  # the start comes in time on a loaded machine
    with pytest.raises(
        ResponseTimeoutError, match=r"did not complete its response to GET '/stream'"
    ):
        client.get("/stream")


def test_an_app_that_never_responds_times_out(make_client: MakeClient) -> None:
    with pytest.raises(ResponseTimeoutError, match=r"did not answer GET '/slow' within 0\.1 s"):
        make_client(receive_timeout=0.1).get("/slow")
    # A request's own timeout= replaces the client's.
    with pytest.raises(ResponseTimeoutError, match=r"within 0\.05 s"):
        make_client().get("/slow", timeout=0.05)


def test_server_exceptions_are_raised_as_they_are(make_client: MakeClient) -> None:
    with pytest.raises(ValueError, match="boom") as caught:
        make_client().get("/boom")
    assert type(caught.value) is ValueError


def test_server_exceptions_become_500_when_asked(make_client: MakeClient) -> None:
    client = make_client(raise_server_exceptions=False)
    assert client.get("/boom").status_code == 500
    assert client.get("/").status_code == 200  # the client still works


# --- WebSocket ----------------------------------------------------------------------------------


def test_websocket_session_sends_and_receives_every_kind(
    make_client: MakeClient, probe: Probe
) -> None:
    client = make_client()
    with client.websocket_connect("/ws/echo") as websocket:
        websocket.send_text("hello")
        assert websocket.receive_text() == "hello"
        websocket.send_bytes(b"\x00\x01")
        assert websocket.receive_bytes() == b"\x00\x01"
        websocket.send_json({"n": 1, "s": "é"})
        assert websocket.receive_json() == {"n": 1, "s": "é"}
        websocket.send_json([1, 2], mode="binary")
        assert websocket.receive_json(mode="binary") == [1, 2]
        websocket.send({"type": "websocket.receive", "text": "raw"})
        assert websocket.receive() == {"type": "websocket.send", "text": "raw"}
    with client.websocket_connect("/ws/echo") as websocket:
        websocket.close(4002)
    assert probe.closes == [1000, 4002]


def test_websocket_connect_takes_params_headers_subprotocols_and_cookies(
    make_client: MakeClient,
) -> None:
    client = make_client(cookies={"session": "abc"})
    with client.websocket_connect(
        "/ws/info", subprotocols=["chat.v2", "chat.v1"], headers={"x-token": "t"}, params={"a": "1"}
    ) as websocket:
        assert websocket.accepted_subprotocol == "chat.v2"
        assert websocket.receive_json() == {
            "query": {"a": "1"},
            "x_token": "t",
            "session": "abc",
            "subprotocols": ["chat.v2", "chat.v1"],
            "user_agent": "testclient",
            "url": "ws://testserver/ws/info?a=1",
        }


def test_websocket_inside_the_lifespan_block(client: TestClient) -> None:
    with client.websocket_connect("/ws/echo") as websocket:
        websocket.send_text("inside")
        assert websocket.receive_text() == "inside"
        assert client.get("/").status_code == 200  # HTTP while the session is open


def test_a_close_from_the_app_raises_starlettes_disconnect(make_client: MakeClient) -> None:
    with (
        make_client().websocket_connect("/ws/close") as websocket,
        pytest.raises(StarletteWebSocketDisconnect) as caught,
    ):
        websocket.receive_text()
    assert (caught.value.code, caught.value.reason) == (4001, "bye")
    assert isinstance(caught.value, WebSocketDisconnect)  # tether's class as well


def test_a_close_before_accept_raises_on_entering(make_client: MakeClient) -> None:
    with (
        pytest.raises(StarletteWebSocketDisconnect) as caught,
        make_client().websocket_connect("/ws/deny"),
    ):
        pass  # pragma: no cover
    assert caught.value.code == 1008
    assert not isinstance(caught.value, WebSocketDenialResponse)


def test_a_push_only_endpoint_ends_when_the_session_leaves(make_client: MakeClient) -> None:
    client = make_client()
    for _ in range(2):
        with client.websocket_connect("/ws/push") as websocket:
            assert websocket.receive_text() == "tick"


def test_an_endpoint_waiting_on_something_else_is_ended_by_leaving(
    make_client: MakeClient, probe: Probe
) -> None:
    client = make_client(receive_timeout=30)
    with client.websocket_connect("/ws/notify") as websocket:
        assert websocket.receive_text() == "ready"
    # Ended without waiting for the 30 s timeout, and without an error.
    assert probe.events == ["notify ended"]


def test_a_flooding_endpoint_is_held_back_and_loses_nothing(make_client: MakeClient) -> None:
    with make_client().websocket_connect("/ws/flood") as websocket:
        received = [websocket.receive_text() for _ in range(FLOOD)]
        with pytest.raises(WebSocketDisconnect) as caught:
            websocket.receive_text()
    assert received == [str(number) for number in range(FLOOD)]
    assert caught.value.code == 1000


def test_a_receive_times_out_instead_of_hanging(make_client: MakeClient) -> None:
    client = make_client(receive_timeout=0.5)  # the handshake comes in time on a loaded machine
    with client.websocket_connect("/ws/silent") as websocket:
        with pytest.raises(WebSocketTimeoutError, match=r"'/ws/silent' within 0\.5 s"):
            websocket.receive_text()
        with pytest.raises(WebSocketTimeoutError, match=r"within 0\.05 s"):
            websocket.receive_json(timeout=0.05)


def test_the_endpoints_exception_is_raised_in_the_test(make_client: MakeClient) -> None:
    with make_client().websocket_connect("/ws/raise") as websocket:
        websocket.send_text("this")
        with pytest.raises(RuntimeError, match="cannot handle this") as caught:
            websocket.receive_text()
    assert type(caught.value) is RuntimeError


def test_the_endpoints_exception_is_chained_to_a_failing_test(make_client: MakeClient) -> None:
    def failing_test() -> None:
        with make_client().websocket_connect("/ws/raise") as websocket:
            websocket.send_text("late")
            # Let the endpoint fail before the test does (a condition, not a sleep).
            while not websocket.session._app_finished:
                assert websocket._portal is not None
                websocket._portal.call(anyio.lowlevel.checkpoint)
            raise AssertionError("the test's own failure")

    with pytest.raises(AssertionError, match="the test's own failure") as caught:
        failing_test()
    assert isinstance(caught.value.__context__, RuntimeError)
    assert str(caught.value.__context__) == "cannot handle late"


# --- what only a Starlette application can do --------------------------------------------------


def test_a_sync_endpoint_may_use_a_test_client_itself(backend: str) -> None:
    inner = Starlette(routes=[StarletteRoute("/", lambda request: JSONResponse({"inner": 1}))])

    def outer(request: Request) -> Response:  # a sync endpoint, run in a worker thread
        return JSONResponse(TestClient(inner, backend=backend).get("/").json())

    app = Starlette(routes=[StarletteRoute("/", outer)])
    assert TestClient(app, backend=backend).get("/").json() == {"inner": 1}

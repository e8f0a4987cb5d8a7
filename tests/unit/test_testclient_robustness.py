"""Issue 11, item 7: the test client under a busy app, lost errors, odd paths, HTTP, lifespan."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import anyio
import pytest
from starlette.responses import JSONResponse, PlainTextResponse

from tether.connection import HTTPConnection
from tether.routing import Route, Router, WebSocketRoute
from tether.testing import AsyncTestClient, TestClient, WebSocketTimeoutError
from tether.testlifespan import LifespanFailedError, LifespanManager
from tether.testtransport import ResponseProtocolError, ResponseTimeoutError
from tether.types import Receive, Scope, Send
from tether.websockets import WebSocket

pytestmark = pytest.mark.anyio


@pytest.fixture(params=["asyncio", "trio"])
def anyio_backend(request: pytest.FixtureRequest) -> str:
    """Run every test of this module on asyncio and on trio."""
    return str(request.param)


# A busy application: backpressure, and timeouts that fire


async def test_an_app_sending_in_a_tight_loop_is_held_back_and_loses_nothing() -> None:
    total = 3000
    progress = {"sent": 0}

    async def flood(websocket: WebSocket) -> None:
        await websocket.accept()
        for number in range(total):
            progress["sent"] = number + 1
            await websocket.send_text(str(number))
        await websocket.close()

    client = AsyncTestClient(Router([WebSocketRoute("/", flood)]))
    async with client.websocket_connect("/") as session:
        assert await session.receive_text() == "0"
        # The application runs only a bounded number of messages ahead of the test.
        assert progress["sent"] <= 100
        received = [await session.receive_text() for _ in range(total - 1)]
    assert received == [str(number) for number in range(1, total)]


async def test_the_timeout_fires_for_an_app_that_never_stops_sending() -> None:
    progress = {"sends": 0}
    limit = 300_000

    async def relentless(scope: Scope, receive: Receive, send: Send) -> None:
        await receive()
        await send({"type": "websocket.accept"})
        while progress["sends"] < limit:  # bounded, so that a broken client cannot hang
            progress["sends"] += 1
            with contextlib.suppress(OSError):  # the test left; this app does not care
                await send({"type": "websocket.send", "text": "x"})

    client = AsyncTestClient(relentless, receive_timeout=0.3)
    with pytest.raises(WebSocketTimeoutError, match=r"did not return within 0\.3 s"):
        async with client.websocket_connect("/") as session:
            assert await session.receive_text() == "x"
    assert progress["sends"] < limit


async def test_a_blocked_send_fails_when_the_test_closes() -> None:
    outcome: list[str] = []

    async def stubborn(websocket: WebSocket) -> None:
        await websocket.accept()
        try:
            for _ in range(100_000):  # bounded, so that a broken client cannot hang
                await websocket.send_bytes(b"x")
        except Exception as exc:
            outcome.append(type(exc).__name__)
            raise

    client = AsyncTestClient(Router([WebSocketRoute("/", stubborn)]))
    async with client.websocket_connect("/") as session:
        await session.receive_bytes()
    assert outcome == ["WebSocketDisconnect"]


# The application's exception when the test body fails too


class AppBrokeError(Exception):
    pass


async def failing(websocket: WebSocket) -> None:
    await websocket.accept()
    await websocket.receive_text()
    raise AppBrokeError("the application failed")


async def fail_after_the_app(*, chained: bool) -> None:
    """Let the application fail, then fail in the test body (inside an except if ``chained``)."""
    client = AsyncTestClient(Router([WebSocketRoute("/", failing)]))
    async with client.websocket_connect("/") as session:
        await session.send_text("go")
        with anyio.fail_after(5):
            while not session._app_finished:
                await anyio.lowlevel.checkpoint()
        if not chained:
            raise AssertionError("the test failed")
        try:
            raise KeyError("first")
        except KeyError:
            raise AssertionError("second") from None


async def test_the_apps_exception_is_chained_to_the_tests() -> None:
    with pytest.raises(AssertionError, match="the test failed") as caught:
        await fail_after_the_app(chained=False)
    context = caught.value.__context__
    assert isinstance(context, AppBrokeError)
    assert str(context) == "the application failed"


async def test_an_existing_context_chain_is_kept() -> None:
    with pytest.raises(AssertionError, match="second") as caught:
        await fail_after_the_app(chained=True)
    first = caught.value.__context__
    assert isinstance(first, KeyError)
    assert isinstance(first.__context__, AppBrokeError)


def fail_after_the_app_sync() -> None:
    client = TestClient(Router([WebSocketRoute("/", failing)]))
    with client.websocket_connect("/") as session:
        session.send_text("go")
        for _ in range(10_000):
            if session.session._app_finished:
                break
            session._portal.call(anyio.lowlevel.checkpoint)
        raise AssertionError("the test failed")


def test_the_sync_session_chains_the_apps_exception_as_well() -> None:
    with pytest.raises(AssertionError, match="the test failed") as caught:
        fail_after_the_app_sync()
    assert isinstance(caught.value.__context__, AppBrokeError)


# Non-ASCII paths and queries


async def test_non_ascii_paths_and_queries_are_percent_encoded() -> None:
    async def where(websocket: WebSocket) -> None:
        await websocket.accept()
        await websocket.send_json(
            {
                "path": websocket.scope["path"],
                "raw_path": websocket.scope["raw_path"].decode(),
                "query": websocket.query_params["q"],
                "room": websocket.path_params["room"],
            }
        )
        await websocket.close()

    client = AsyncTestClient(Router([WebSocketRoute("/{room}", where)]))
    async with client.websocket_connect("/€ x?q=é") as session:
        assert await session.receive_json() == {
            "path": "/€ x",
            "raw_path": "/%E2%82%AC%20x",
            "query": "é",
            "room": "€ x",
        }


# HTTP through httpx


async def user(connection: HTTPConnection) -> JSONResponse:
    return JSONResponse(
        {
            "id": connection.path_params["user_id"],
            "q": connection.query_params.get("q"),
            "url": str(connection.url),
            "greeting": connection.state.greeting if "greeting" in connection.state else None,
        }
    )


async def echo_body(scope: Scope, receive: Receive, send: Send) -> None:
    body = b""
    while True:
        message = await receive()
        body += message.get("body", b"")
        if not message.get("more_body", False):
            break
    await PlainTextResponse(body.decode().upper(), status_code=201)(scope, receive, send)


routes = [
    Route("/users/{user_id:int}", user),
    Route("/echo", echo_body, methods=["POST"]),
]


async def test_http_requests_reach_routes() -> None:
    client = AsyncTestClient(Router(routes))
    response = await client.get("/users/7", params={"q": "é"})
    assert response.status_code == 200
    assert response.json() == {
        "id": 7,
        "q": "é",
        "url": "http://testserver/users/7?q=%C3%A9",
        "greeting": None,
    }
    posted = await client.post("/echo", content=b"hello")
    assert (posted.status_code, posted.text) == (201, "HELLO")
    assert (await client.get("/nowhere")).status_code == 404
    assert (await client.get("/echo")).status_code == 405


async def test_http_request_bodies_are_streamed_in_parts() -> None:
    async def parts() -> AsyncIterator[bytes]:
        for part in (b"a", b"b", b"c"):
            yield part

    response = await AsyncTestClient(Router(routes)).post("/echo", content=parts())
    assert response.text == "ABC"


async def test_an_http_app_that_never_answers_times_out() -> None:
    async def silent(scope: Scope, receive: Receive, send: Send) -> None:
        await anyio.sleep_forever()

    with pytest.raises(ResponseTimeoutError, match=r"did not answer GET '/' within 0\.2 s"):
        await AsyncTestClient(silent, receive_timeout=0.2).get("/")


async def test_an_http_app_that_returns_without_answering_is_a_protocol_error() -> None:
    async def mute(scope: Scope, receive: Receive, send: Send) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": []})

    with pytest.raises(ResponseProtocolError, match="without completing a response"):
        await AsyncTestClient(mute).get("/")


async def test_an_http_app_exception_reaches_the_test() -> None:
    async def broken(connection: HTTPConnection) -> Any:
        raise AppBrokeError("no")

    with pytest.raises(AppBrokeError):
        await AsyncTestClient(Router([Route("/", broken)])).get("/")


# Lifespan


async def test_the_lifespan_runs_around_the_block_and_shares_its_state() -> None:
    events: list[str] = []

    @asynccontextmanager
    async def lifespan(app: Any) -> AsyncIterator[dict[str, Any]]:
        events.append("startup")
        yield {"greeting": "hello"}
        events.append("shutdown")

    async def greet(websocket: WebSocket) -> None:
        await websocket.accept()
        await websocket.send_text(websocket.state.greeting)
        await websocket.close()

    app = Router([*routes, WebSocketRoute("/ws", greet)], lifespan=lifespan)
    async with AsyncTestClient(app) as client:
        assert events == ["startup"]
        assert (await client.get("/users/1")).json()["greeting"] == "hello"
        async with client.websocket_connect("/ws") as session:
            assert await session.receive_text() == "hello"
    assert events == ["startup", "shutdown"]


async def test_a_failing_startup_raises_with_the_apps_exception() -> None:
    @asynccontextmanager
    async def lifespan(app: Any) -> AsyncIterator[None]:
        raise AppBrokeError("database unreachable")
        yield

    # The clients raise the application's own exception, as Starlette's does...
    with pytest.raises(AppBrokeError, match="database unreachable"):
        async with AsyncTestClient(Router(routes, lifespan=lifespan)):
            pass  # pragma: no cover
    # ...and LifespanManager alone wraps it, by default.
    with pytest.raises(LifespanFailedError, match="lifespan startup failed") as caught:
        async with LifespanManager(Router(routes, lifespan=lifespan)):
            pass  # pragma: no cover
    assert caught.value.phase == "startup"
    assert isinstance(caught.value.__cause__, AppBrokeError)


async def test_an_app_without_lifespan_support_is_reported() -> None:
    async def http_only(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return

    with pytest.raises(LifespanFailedError, match="returned without answering"):
        async with LifespanManager(http_only):
            pass


async def test_a_lifespan_that_never_answers_times_out() -> None:
    async def sleepy(scope: Scope, receive: Receive, send: Send) -> None:
        await anyio.sleep_forever()

    with pytest.raises(LifespanFailedError, match=r"no answer within 0\.2 s"):
        async with LifespanManager(sleepy, timeout=0.2):
            pass


async def test_shutdown_failure_is_reported() -> None:
    async def bad_shutdown(scope: Scope, receive: Receive, send: Send) -> None:
        await receive()
        await send({"type": "lifespan.startup.complete"})
        await receive()
        await send({"type": "lifespan.shutdown.failed", "message": "disk full"})

    with pytest.raises(LifespanFailedError, match="lifespan shutdown failed: disk full"):
        async with LifespanManager(bad_shutdown) as state:
            assert state == {}

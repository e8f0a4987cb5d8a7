"""tether.WebSocket under real ASGI servers, driven by the websockets client library.

One application serves every scenario by path; each connection carries an ``id`` query
parameter and the application reports what it saw under that id, so the test running in
the main thread can check the server-side view as well as the client's.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Iterator
from typing import Any, NamedTuple
from urllib.parse import parse_qs

import pytest
from servers import SERVERS, serve
from starlette.responses import PlainTextResponse
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed, InvalidStatus

from tether.types import Receive, Scope, Send
from tether.websockets import WebSocket, WebSocketDisconnect

pytestmark = [
    pytest.mark.integration,
    pytest.mark.anyio,
    # uvicorn's deprecated implementation drives the legacy websockets server API.
    pytest.mark.filterwarnings("ignore:remove second argument of ws_handler:DeprecationWarning"),
]

TIMEOUT = 5.0


class Reports:
    """What the application saw, per connection id, readable from the test's thread."""

    def __init__(self) -> None:
        self._reports: dict[str, Any] = {}
        self._changed = threading.Condition()

    def put(self, key: str, value: Any) -> None:
        with self._changed:
            self._reports[key] = value
            self._changed.notify_all()

    def get(self, key: str) -> Any:
        deadline = time.monotonic() + TIMEOUT
        with self._changed:
            while key not in self._reports:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(f"the application reported nothing for {key!r}")
                self._changed.wait(remaining)
            return self._reports.pop(key)


class App:
    """The ASGI application: one scenario per path."""

    def __init__(self, reports: Reports) -> None:
        self.reports = reports

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        websocket = WebSocket(scope, receive, send)
        key = parse_qs(scope["query_string"].decode())["id"][0]
        try:
            report = await getattr(self, scope["path"].strip("/").replace("-", "_"))(websocket)
        except Exception as exc:
            self.reports.put(key, exc)
            raise
        if report is None:
            report = (websocket.close_code, websocket.close_reason)
        self.reports.put(key, report)

    async def echo(self, websocket: WebSocket) -> None:
        await websocket.accept()
        while True:
            message = await websocket.receive()
            if message["type"] == "websocket.disconnect":
                return
            if message.get("text") is not None:
                await websocket.send_text(message["text"])
            else:
                await websocket.send_bytes(message["bytes"])

    async def json(self, websocket: WebSocket) -> None:
        await websocket.accept()
        async for value in websocket.iter_json():
            await websocket.send_json({"got": value})
            await websocket.send_json(value, mode="binary")

    async def text(self, websocket: WebSocket) -> None:
        await websocket.accept()
        async for message in websocket.iter_text():
            await websocket.send_text(message.upper())

    async def subprotocol(self, websocket: WebSocket) -> None:
        offered = websocket["subprotocols"]
        chosen = "chat.v2" if "chat.v2" in offered else None
        await websocket.accept(chosen, headers=[(b"x-tether", b"accepted")])
        await websocket.send_text(f"offered={','.join(offered)}")
        async for _ in websocket.iter_text():
            pass

    async def close(self, websocket: WebSocket) -> None:
        await websocket.accept()
        await websocket.receive_text()
        await websocket.close(4001, "server says bye")

    async def deny(self, websocket: WebSocket) -> None:
        await websocket.send_denial_response(PlainTextResponse("go away", status_code=403))

    async def deny_simple(self, websocket: WebSocket) -> None:
        await websocket.deny(401, "members only")

    async def drop(self, websocket: WebSocket) -> tuple[WebSocketDisconnect, Exception | None]:
        await websocket.accept()
        await websocket.send_text("ready")
        try:
            await websocket.receive_text()
        except WebSocketDisconnect as received:
            try:
                await websocket.send_text("anyone there?")
            except WebSocketDisconnect as sent:
                return received, sent
            return received, None
        raise AssertionError("the client never dropped")


@pytest.fixture(scope="module")
def reports() -> Reports:
    return Reports()


class Served(NamedTuple):
    server: str
    base_url: str


@pytest.fixture(scope="module", params=SERVERS)
def served(request: pytest.FixtureRequest, reports: Reports) -> Iterator[Served]:
    with serve(App(reports), request.param) as base_url:
        yield Served(request.param, base_url)


def url_for(served: Served, path: str) -> tuple[str, str]:
    key = uuid.uuid4().hex
    return f"{served.base_url}/{path}?id={key}", key


HYPERCORN_LOSES_CLOSE_CODE = (
    "hypercorn 0.18 loses the client's close code and reason: WSStream._handle_events answers "
    "the client's CloseConnection without recording it, and the StreamClosed that follows, "
    "seen in state CONNECTED, sends websocket.disconnect with code 1006 and no reason "
    "(pgjones/hypercorn#127)"
)


def after_client_close(served: Served, code: int = 1000, reason: str = "") -> tuple[int, str]:
    """The close code and reason the application sees after the client closed normally."""
    if served.server == "hypercorn":
        return (1006, "")  # HYPERCORN_LOSES_CLOSE_CODE
    return (code, reason)


async def test_text_echo(served: Served, reports: Reports) -> None:
    url, key = url_for(served, "echo")
    async with connect(url, open_timeout=TIMEOUT) as ws:
        for message in ["hello", "", "ünïcödé 漢字 🎉", "x" * 70_000]:
            await ws.send(message)
            assert await ws.recv() == message
    assert reports.get(key) == after_client_close(served)


async def test_bytes_echo(served: Served, reports: Reports) -> None:
    url, key = url_for(served, "echo")
    async with connect(url, open_timeout=TIMEOUT) as ws:
        for message in [b"\x00\x01\xff", b"", bytes(range(256)) * 300]:
            await ws.send(message)
            assert await ws.recv() == message
    assert reports.get(key) == after_client_close(served)


async def test_json_echo(served: Served, reports: Reports) -> None:
    url, key = url_for(served, "json")
    async with connect(url, open_timeout=TIMEOUT) as ws:
        await ws.send('{"name": "José", "n": [1, 2.5, null]}')
        assert await ws.recv() == '{"got":{"name":"José","n":[1,2.5,null]}}'
        assert await ws.recv() == '{"name":"José","n":[1,2.5,null]}'.encode()
    assert reports.get(key) == after_client_close(served)


async def test_subprotocol_and_accept_headers(served: Served, reports: Reports) -> None:
    url, key = url_for(served, "subprotocol")
    async with connect(url, subprotocols=["chat.v1", "chat.v2"], open_timeout=TIMEOUT) as ws:  # type: ignore[list-item]
        assert ws.subprotocol == "chat.v2"
        assert ws.response is not None
        assert ws.response.headers["x-tether"] == "accepted"
        assert await ws.recv() == "offered=chat.v1,chat.v2"
    assert reports.get(key) == after_client_close(served)


async def test_no_subprotocol_when_none_fits(served: Served, reports: Reports) -> None:
    url, key = url_for(served, "subprotocol")
    async with connect(url, open_timeout=TIMEOUT) as ws:
        assert ws.subprotocol is None
        assert await ws.recv() == "offered="
    assert reports.get(key) == after_client_close(served)


@pytest.fixture
def xfail_on_hypercorn(served: Served, request: pytest.FixtureRequest) -> None:
    """Expect the test to fail on hypercorn, which loses client close codes."""
    if served.server == "hypercorn":
        request.applymarker(pytest.mark.xfail(reason=HYPERCORN_LOSES_CLOSE_CODE, strict=True))


@pytest.mark.usefixtures("xfail_on_hypercorn")
async def test_client_close_code_and_reason_reach_the_app(served: Served, reports: Reports) -> None:
    url, key = url_for(served, "text")
    async with connect(url, open_timeout=TIMEOUT) as ws:
        await ws.send("one")
        assert await ws.recv() == "ONE"
        await ws.close(4002, "client says bye")
    assert reports.get(key) == (4002, "client says bye")


async def test_app_close_code_and_reason_reach_the_client(served: Served, reports: Reports) -> None:
    url, key = url_for(served, "close")
    async with connect(url, open_timeout=TIMEOUT) as ws:
        await ws.send("please close")
        with pytest.raises(ConnectionClosed):
            await ws.recv()
        assert (ws.close_code, ws.close_reason) == (4001, "server says bye")
    assert reports.get(key) == (None, None)


@pytest.mark.parametrize(
    ("path", "status", "body"),
    [("deny", 403, b"go away"), ("deny-simple", 401, b"members only")],
)
async def test_denial_response_reaches_the_client(
    served: Served, reports: Reports, path: str, status: int, body: bytes
) -> None:
    url, key = url_for(served, path)
    with pytest.raises(InvalidStatus) as caught:
        async with connect(url, open_timeout=TIMEOUT):
            pass
    response = caught.value.response
    assert response.status_code == status
    assert response.body == body
    assert response.headers["content-type"] == "text/plain; charset=utf-8"
    assert reports.get(key) == (None, None)


async def test_abrupt_client_drop_is_a_disconnect(served: Served, reports: Reports) -> None:
    url, key = url_for(served, "drop")
    async with connect(url, open_timeout=TIMEOUT) as ws:
        assert await ws.recv() == "ready"
        ws.transport.abort()
    received, sent = reports.get(key)
    # uvicorn's websockets-sansio implementation reports a drop after the handshake as
    # 1005, the others as 1006; either way the application sees a WebSocketDisconnect.
    assert isinstance(received, WebSocketDisconnect)
    assert received.code in (1005, 1006)
    # Sending afterwards raises the same disconnect instead of reaching the server.
    assert isinstance(sent, WebSocketDisconnect)
    assert sent.code == received.code

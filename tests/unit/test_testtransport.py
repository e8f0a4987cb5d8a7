"""tether.testtransport.TestTransport: the exact scope, messages and response of a request."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import anyio
import httpx
import pytest

from tether.testtransport import ResponseProtocolError, ResponseTimeoutError, TestTransport
from tether.types import Message, Receive, Scope, Send

pytestmark = pytest.mark.anyio


class Recorder:
    """An ASGI app that records its scope, then sends the messages it was given."""

    def __init__(self, *answer: Message) -> None:
        self.answer = answer
        self.scope: Scope = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        self.scope = scope
        for message in self.answer:
            await send(message)


OK = (
    {"type": "http.response.start", "status": 200, "headers": []},
    {"type": "http.response.body", "body": b""},
)


async def request(app: Any, method: str, url: str, **kwargs: Any) -> httpx.Response:
    transport = kwargs.pop("transport", None) or TestTransport(app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        return await client.request(method, url, **kwargs)


async def test_the_scope_holds_every_key_of_the_asgi_specification() -> None:
    app = Recorder(*OK)
    transport = TestTransport(
        app, root_path="/api", client=("10.0.0.1", 1234), state=lambda: {"db": "x"}
    )
    await request(app, "PATCH", "/é x?q=1&r=%20", headers={"X-Token": "t"}, transport=transport)
    headers = app.scope.pop("headers")
    assert app.scope == {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.4"},
        "http_version": "1.1",
        "method": "PATCH",
        "scheme": "http",
        "server": ("testserver", 80),
        "client": ("10.0.0.1", 1234),
        "root_path": "/api",
        "path": "/api/é x",
        "raw_path": b"/api/%C3%A9%20x",
        "query_string": b"q=1&r=%20",
        "state": {"db": "x"},
        "extensions": {},
    }
    assert (b"x-token", b"t") in headers
    assert (b"host", b"testserver") in headers
    assert all(name == name.lower() for name, _ in headers)


@pytest.mark.parametrize(
    ("url", "server"),
    [
        ("https://example.com/", ("example.com", 443)),
        ("http://example.com:8080/", ("example.com", 8080)),
        ("http://example.com/", ("example.com", 80)),
        ("ws://example.com/", ("example.com", 80)),  # httpx passes any scheme on
    ],
)
async def test_the_server_port_defaults_by_scheme(url: str, server: tuple[str, int]) -> None:
    app = Recorder(*OK)
    response = await request(app, "GET", url)
    assert app.scope["server"] == server
    assert app.scope["scheme"] == url.partition(":")[0]
    assert (app.scope["client"], app.scope["root_path"], app.scope["state"]) == (
        ("testclient", 50000),
        "",
        {},
    )
    assert response.request.url == url


async def test_the_body_arrives_in_parts_then_the_disconnect_after_the_response() -> None:
    async def parts() -> AsyncIterator[bytes]:
        yield b"ab"
        yield bytearray(b"c")

    disconnected = anyio.Event()
    received: list[Message] = []

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        for _ in range(3):
            received.append(await receive())
        await send({"type": "http.response.start", "status": 201, "headers": [(b"x-a", b"1")]})
        await send({"type": "http.response.body", "body": b"do", "more_body": True})
        await send({"type": "http.response.body", "more_body": True})
        await send({"type": "http.response.body", "body": b"ne"})
        received.append(await receive())
        disconnected.set()

    response = await request(app, "POST", "/", content=parts())
    assert received == [
        {"type": "http.request", "body": b"ab", "more_body": True},
        {"type": "http.request", "body": b"c", "more_body": True},
        {"type": "http.request", "body": b"", "more_body": False},
        {"type": "http.disconnect"},
    ]
    assert type(received[1]["body"]) is bytes
    assert disconnected.is_set()
    assert (response.status_code, response.content) == (201, b"done")
    assert response.headers["x-a"] == "1"


async def test_a_receive_after_the_whole_body_waits_for_the_response() -> None:
    order: list[str] = []

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        while (await receive())["more_body"]:
            pass
        async with anyio.create_task_group() as group:

            async def wait_for_disconnect() -> None:
                assert await receive() == {"type": "http.disconnect"}
                order.append("disconnect")

            group.start_soon(wait_for_disconnect)
            await anyio.wait_all_tasks_blocked()
            order.append("respond")
            await send({"type": "http.response.start", "status": 204})
            await send({"type": "http.response.body"})

    response = await request(app, "GET", "/")
    assert response.status_code == 204
    assert response.headers == httpx.Headers()
    assert order == ["respond", "disconnect"]


@pytest.mark.parametrize(
    ("messages", "error"),
    [
        (
            [{"type": "http.response.start", "status": 200}] * 2,
            "'http.response.start' sent twice",
        ),
        (
            [{"type": "http.response.body", "body": b"x"}],
            "'http.response.body' sent before the start",
        ),
        (
            [{"type": "websocket.accept"}],
            "expected 'http.response.start' or 'http.response.body', got 'websocket.accept'",
        ),
        (
            [
                {"type": "http.response.start", "status": 200},
                {"type": "http.response.body"},
                {"type": "http.response.body"},
            ],
            "'http.response.body' sent after the response was complete",
        ),
        ([], "the application returned without completing a response to GET '/p'"),
        (
            [{"type": "http.response.start", "status": 200}],
            "the application returned without completing a response to GET '/p'",
        ),
    ],
)
async def test_protocol_errors_say_what_the_application_did(
    messages: list[Message], error: str
) -> None:
    with pytest.raises(ResponseProtocolError) as info:
        await request(Recorder(*messages), "GET", "/p?x=1")
    assert str(info.value) == error


async def test_the_timeout_names_the_request() -> None:
    async def never(scope: Scope, receive: Receive, send: Send) -> None:
        await anyio.sleep_forever()

    transport = TestTransport(never, timeout=0.05)
    with anyio.fail_after(5), pytest.raises(ResponseTimeoutError) as info:
        await request(never, "DELETE", "/slow?x=1", transport=transport)
    assert str(info.value) == "the application did not answer DELETE '/slow' within 0.05 s"
    assert TestTransport(never).timeout == 5.0


async def test_a_non_ascii_root_path_is_percent_encoded_in_the_raw_path() -> None:
    # It used to reach the application as raw UTF-8 bytes, and as a path of lone surrogates.
    app = Recorder(*OK)
    await request(app, "GET", "/x%20y", transport=TestTransport(app, root_path="/é@"))
    assert (app.scope["path"], app.scope["raw_path"]) == ("/é@/x y", b"/%C3%A9@/x%20y")

"""tether.testing.AsyncTestClient on asyncio and trio: methods, handshakes, errors, timeouts."""

from __future__ import annotations

import asyncio
import base64
from typing import Any

import anyio
import anyio.lowlevel
import httpx
import pytest

from tether.testing import (
    ASGIProtocolError,
    AsyncTestClient,
    ClientDisconnectedError,
    SessionClosedError,
    TestClient,
    WebSocketDenialResponse,
    WebSocketTimeoutError,
)
from tether.testlifespan import LifespanFailedError
from tether.types import Message, Receive, Scope, Send
from tether.websockets import FrameTypeError, JSONModeError, WebSocket, WebSocketDisconnect

pytestmark = pytest.mark.anyio


@pytest.fixture(params=["asyncio", "trio"])
def anyio_backend(request: pytest.FixtureRequest) -> str:
    """Run every test of this module on asyncio and on trio."""
    return str(request.param)


def endpoint_app(endpoint: Any) -> Any:
    """Wrap an ``async def ep(websocket)`` endpoint as an ASGI app."""

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        await endpoint(WebSocket(scope, receive, send))

    return app


async def echo(websocket: WebSocket) -> None:
    await websocket.accept()
    while True:
        message = await websocket.receive()
        if message["type"] == "websocket.disconnect":
            return
        if message.get("text") is not None:
            await websocket.send_text("echo " + message["text"])
        else:
            await websocket.send_bytes(b"echo " + message["bytes"])


async def test_send_and_receive_text_bytes_json_and_raw() -> None:
    client = AsyncTestClient(endpoint_app(echo))
    async with client.websocket_connect("/") as session:
        await session.send_text("hi")
        assert await session.receive_text() == "echo hi"
        await session.send_bytes(b"\x00\x01")
        assert await session.receive_bytes() == b"echo \x00\x01"
        await session.send_text("plain")
        assert await session.receive() == {"type": "websocket.send", "text": "echo plain"}


async def test_json_in_text_and_binary_mode() -> None:
    async def json_echo(websocket: WebSocket) -> None:
        await websocket.accept()
        value = await websocket.receive_json()
        await websocket.send_json({"got": value})
        value = await websocket.receive_json(mode="binary")
        await websocket.send_json({"got": value}, mode="binary")
        await websocket.close()

    async with AsyncTestClient(endpoint_app(json_echo)).websocket_connect("/") as session:
        await session.send_json({"n": 1, "s": "é"})
        assert await session.receive_json() == {"got": {"n": 1, "s": "é"}}
        await session.send_json([1, 2], mode="binary")
        assert await session.receive_json(mode="binary") == {"got": [1, 2]}
        with pytest.raises(JSONModeError):
            await session.send_json({}, mode="yaml")
        with pytest.raises(JSONModeError):
            await session.receive_json(mode="yaml")


async def test_receiving_the_other_frame_type_says_what_arrived() -> None:
    async with AsyncTestClient(endpoint_app(echo)).websocket_connect("/") as session:
        await session.send_bytes(b"x")
        with pytest.raises(FrameTypeError, match="Expected a text WebSocket frame, but a binary"):
            await session.receive_text()
        await session.send_text("x")
        with pytest.raises(FrameTypeError, match="Expected a binary WebSocket frame, but a text"):
            await session.receive_bytes()


async def test_scope_carries_url_headers_and_subprotocols() -> None:
    seen: list[Scope] = []

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        seen.append(scope)
        await receive()
        await send({"type": "websocket.accept", "subprotocol": "chat.v2"})
        await receive()

    client = AsyncTestClient(app, base_url="https://example.com:8443", root_path="/api")
    headers = {"Authorization": "Bearer t"}
    async with client.websocket_connect(
        "/rooms/a%20b?x=1", subprotocols=["chat.v1", "chat.v2"], headers=headers
    ) as session:
        assert session.accepted_subprotocol == "chat.v2"
    scope = seen[0]
    assert (scope["scheme"], scope["server"]) == ("wss", ("example.com", 8443))
    assert (scope["root_path"], scope["path"]) == ("/api", "/api/rooms/a b")
    assert (scope["raw_path"], scope["query_string"]) == (b"/api/rooms/a%20b", b"x=1")
    assert scope["subprotocols"] == ["chat.v1", "chat.v2"]
    header_map = dict(scope["headers"])
    assert header_map[b"host"] == b"example.com:8443"
    assert header_map[b"authorization"] == b"Bearer t"
    assert header_map[b"sec-websocket-protocol"] == b"chat.v1, chat.v2"
    assert header_map[b"upgrade"] == b"websocket"


async def test_accept_headers_and_no_subprotocol() -> None:
    async def app(websocket: WebSocket) -> None:
        await websocket.accept(headers=[(b"x-room", b"lobby")])
        await websocket.close()

    async with AsyncTestClient(endpoint_app(app)).websocket_connect("/") as session:
        assert session.accepted_subprotocol is None
        assert session.extra_headers == [(b"x-room", b"lobby")]


async def test_denial_response_carries_status_headers_and_body() -> None:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        await receive()
        await send(
            {
                "type": "websocket.http.response.start",
                "status": 401,
                "headers": [(b"WWW-Authenticate", b"Bearer")],
            }
        )
        await send({"type": "websocket.http.response.body", "body": b"log ", "more_body": True})
        await send({"type": "websocket.http.response.body", "body": b"in first"})

    with pytest.raises(WebSocketDenialResponse) as info:
        async with AsyncTestClient(app).websocket_connect("/"):
            pass  # pragma: no cover
    denial = info.value
    assert (denial.status_code, denial.body) == (401, b"log in first")
    assert denial.headers["www-authenticate"] == "Bearer"
    assert isinstance(denial, WebSocketDisconnect)
    assert denial.code == 1006


async def test_close_before_accept_raises_on_entering() -> None:
    async def app(websocket: WebSocket) -> None:
        await websocket.close(4001, "no entry")

    with pytest.raises(WebSocketDisconnect) as info:
        async with AsyncTestClient(endpoint_app(app)).websocket_connect("/"):
            pass  # pragma: no cover
    assert (info.value.code, info.value.reason) == (4001, "no entry")


async def test_server_close_surfaces_on_every_later_receive_and_send() -> None:
    after_close: list[Message] = []

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        await receive()
        await send({"type": "websocket.accept"})
        await send({"type": "websocket.send", "text": "last words"})
        await send({"type": "websocket.close", "code": 4002, "reason": "bye"})
        after_close.append(await receive())

    async with AsyncTestClient(app).websocket_connect("/") as session:
        assert await session.receive_text() == "last words"
        for _ in range(2):
            with pytest.raises(WebSocketDisconnect) as info:
                await session.receive_text()
            assert (info.value.code, info.value.reason) == (4002, "bye")
        with pytest.raises(WebSocketDisconnect, match="4002"):
            await session.send_text("too late")
    assert after_close == [{"type": "websocket.disconnect", "code": 4002, "reason": ""}]


async def test_client_close_reaches_the_app_with_code_and_reason() -> None:
    disconnects: list[tuple[int | None, str | None]] = []

    async def app(websocket: WebSocket) -> None:
        await websocket.accept()
        async for _ in websocket.iter_text():
            pass  # pragma: no cover
        disconnects.append((websocket.close_code, websocket.close_reason))

    client = AsyncTestClient(endpoint_app(app))
    async with client.websocket_connect("/") as session:
        await session.close(4000, "done")
        await session.close()  # a second close does nothing
        with pytest.raises(SessionClosedError):
            await session.send_text("x")
        with pytest.raises(SessionClosedError):
            await session.receive_text()
    async with client.websocket_connect("/"):
        pass
    assert disconnects == [(4000, "done"), (1000, "")]


async def test_app_send_after_client_close_raises_oserror_in_the_app() -> None:
    errors: list[BaseException] = []

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        await receive()
        await send({"type": "websocket.accept"})
        assert (await receive())["type"] == "websocket.disconnect"
        try:
            await send({"type": "websocket.send", "text": "anyone?"})
        except OSError as exc:
            errors.append(exc)

    async with AsyncTestClient(app).websocket_connect("/"):
        pass
    assert len(errors) == 1
    assert isinstance(errors[0], ClientDisconnectedError)


async def test_app_close_after_client_close_is_accepted_as_servers_do() -> None:
    sent: list[Message] = []

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        await receive()
        await send({"type": "websocket.accept"})
        sent.append(await receive())
        await send({"type": "websocket.close", "code": 1000})
        sent.append({"type": "closed without error"})

    async with AsyncTestClient(app).websocket_connect("/"):
        pass
    assert sent == [
        {"type": "websocket.disconnect", "code": 1000, "reason": ""},
        {"type": "closed without error"},
    ]


async def test_endpoints_ended_by_the_disconnect_of_the_session_exit_are_not_errors() -> None:
    async def starlette_style_echo(websocket: WebSocket) -> None:
        # The usual endpoint: no try/except, the disconnect ends it.
        await websocket.accept()
        while True:
            await websocket.send_text(await websocket.receive_text())

    async def closes_at_the_end(websocket: WebSocket) -> None:
        await websocket.accept()
        await websocket.send_text(await websocket.receive_text())
        await websocket.close()

    for endpoint in (starlette_style_echo, closes_at_the_end):
        client = AsyncTestClient(endpoint_app(endpoint))
        async with client.websocket_connect("/") as session:
            await session.send_text("read")
            assert await session.receive_text() == "read"
        async with client.websocket_connect("/") as session:
            await session.send_text("never read")  # the reply races the exit's close


async def test_a_disconnect_the_app_raises_while_connected_still_propagates() -> None:
    async def app(websocket: WebSocket) -> None:
        await websocket.accept()
        raise WebSocketDisconnect(4000, "raised, not sent")

    async with AsyncTestClient(endpoint_app(app)).websocket_connect("/") as session:
        with pytest.raises(WebSocketDisconnect) as info:
            await session.receive()
        assert (info.value.code, info.value.reason) == (4000, "raised, not sent")


async def test_headers_replace_those_the_client_sets() -> None:
    async def app(websocket: WebSocket) -> None:
        await websocket.accept()
        await websocket.send_text(str(websocket.url))
        await websocket.send_text(",".join(websocket.headers.getlist("host")))

    client = AsyncTestClient(endpoint_app(app))
    async with client.websocket_connect("/x", headers=[("Host", "example.com:8000")]) as session:
        assert await session.receive_text() == "ws://example.com:8000/x"
        assert await session.receive_text() == "example.com:8000"


async def test_app_returning_after_accept_looks_like_an_abnormal_closure() -> None:
    async def app(websocket: WebSocket) -> None:
        await websocket.accept()

    async with AsyncTestClient(endpoint_app(app)).websocket_connect("/") as session:
        with pytest.raises(WebSocketDisconnect) as info:
            await session.receive()
        assert info.value.code == 1006


async def test_app_exception_propagates_from_the_failing_receive() -> None:
    async def app(websocket: WebSocket) -> None:
        await websocket.accept()
        text = await websocket.receive_text()
        raise ValueError(f"cannot handle {text!r}")

    async with AsyncTestClient(endpoint_app(app)).websocket_connect("/") as session:
        await session.send_text("boom")
        with pytest.raises(ValueError, match="cannot handle 'boom'"):
            await session.receive_text()


async def test_app_exception_before_accept_propagates_from_entering() -> None:
    async def app(websocket: WebSocket) -> None:
        raise LookupError("no such room")

    with pytest.raises(LookupError, match="no such room"):
        async with AsyncTestClient(endpoint_app(app)).websocket_connect("/"):
            pass  # pragma: no cover


async def test_app_exception_after_the_last_receive_propagates_from_exit() -> None:
    async def app(websocket: WebSocket) -> None:
        await websocket.accept()
        await websocket.receive()
        raise KeyError("raised while handling the disconnect")

    with pytest.raises(KeyError, match="while handling the disconnect"):
        async with AsyncTestClient(endpoint_app(app)).websocket_connect("/"):
            pass


async def test_a_test_failure_is_not_masked_by_the_session() -> None:
    async def app(websocket: WebSocket) -> None:
        await websocket.accept()
        await anyio.sleep_forever()

    with pytest.raises(ZeroDivisionError):
        async with AsyncTestClient(endpoint_app(app)).websocket_connect("/"):
            1 / 0  # noqa: B018


async def test_receive_timeout_fires_on_an_app_that_never_sends() -> None:
    async def app(websocket: WebSocket) -> None:
        await websocket.accept()
        await websocket.receive()

    client = AsyncTestClient(endpoint_app(app), receive_timeout=0.05)
    async with client.websocket_connect("/silent") as session:
        with anyio.fail_after(2):
            with pytest.raises(WebSocketTimeoutError) as info:
                await session.receive_text()
        assert isinstance(info.value, TimeoutError)
        assert str(info.value) == (
            "no message from the application on '/silent' within 0.05 s "
            "while waiting for a text message"
        )
        with pytest.raises(WebSocketTimeoutError, match=r"within 0\.01 s"):
            await session.receive_json(timeout=0.01)


async def test_per_session_timeout_applies_to_the_handshake() -> None:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        await anyio.sleep_forever()

    client = AsyncTestClient(app, receive_timeout=30)
    with anyio.fail_after(2), pytest.raises(WebSocketTimeoutError, match="the handshake"):
        async with client.websocket_connect("/stuck", receive_timeout=0.05):
            pass  # pragma: no cover


async def keeps_running(websocket: WebSocket) -> None:
    """Ignores the disconnect and never waits on anything: it never settles."""
    await websocket.accept()
    await websocket.receive()
    while True:
        await anyio.lowlevel.checkpoint()


async def test_exit_times_out_when_the_app_keeps_running_after_the_disconnect() -> None:
    client = AsyncTestClient(endpoint_app(keeps_running), receive_timeout=0.05)
    with anyio.fail_after(2), pytest.raises(WebSocketTimeoutError, match="and kept running"):
        async with client.websocket_connect("/"):
            pass


async def test_exit_cancels_an_app_that_waits_on_something_else() -> None:
    # An endpoint that only pushes, waiting on a queue or a sleep, never reads the
    # disconnect: leaving cancels it once it waits, as Starlette's client does.
    outcome: list[str] = []

    async def pushes(websocket: WebSocket) -> None:
        await websocket.accept()
        try:
            await anyio.sleep_forever()
        except anyio.get_cancelled_exc_class():
            outcome.append("cancelled")
            raise

    client = AsyncTestClient(endpoint_app(pushes), receive_timeout=30)
    with anyio.fail_after(5):  # far below the receive timeout: the exit did not wait for it
        async with client.websocket_connect("/"):
            pass
    assert outcome == ["cancelled"]


async def test_cancelled_from_outside_while_exit_waits_for_the_app() -> None:
    finished: list[str] = []

    async def app(websocket: WebSocket) -> None:
        try:
            await keeps_running(websocket)
        finally:
            finished.append("cancelled")

    client = AsyncTestClient(endpoint_app(app), receive_timeout=30)
    with anyio.fail_after(5):
        with anyio.move_on_after(0.05) as scope:
            async with client.websocket_connect("/"):
                pass
        assert scope.cancelled_caught
        # The cancel scopes are intact: the test can still wait and time out normally.
        await anyio.sleep(0.001)
    assert finished == ["cancelled"]


@pytest.mark.parametrize(
    ("messages", "error"),
    [
        ([{"type": "websocket.send", "text": "early"}], "expected ASGI message 'websocket.accept'"),
        ([], "returned without accepting, closing or denying"),
        (
            [{"type": "websocket.accept"}, {"type": "websocket.accept"}],
            "expected ASGI message 'websocket.send' or 'websocket.close', got 'websocket.accept'",
        ),
        ([{"type": "websocket.accept"}, {"type": "websocket.send"}], "needs 'text' or 'bytes'"),
        (
            [{"type": "websocket.close"}, {"type": "websocket.close"}],
            "after the connection was closed",
        ),
    ],
)
async def test_protocol_violations_raise_in_the_app(messages: list[Message], error: str) -> None:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        await receive()
        for message in messages:
            await send(message)  # every list but the empty one ends with an invalid message

    with pytest.raises(ASGIProtocolError) as info:
        async with AsyncTestClient(app).websocket_connect("/"):
            await anyio.sleep(0.01)
    assert error in str(info.value)


# --- the blocking session, for synchronous test functions --------------------------------------


@pytest.mark.parametrize("backend", ["asyncio", "trio"])
def test_sync_session_runs_every_method(backend: str) -> None:
    client = TestClient(endpoint_app(echo), backend=backend)
    with client.websocket_connect("/") as session:
        assert session.accepted_subprotocol is None
        assert session.extra_headers == []
        session.send_text("a")
        assert session.receive_text() == "echo a"
        session.send_bytes(b"b")
        assert session.receive_bytes() == b"echo b"
        session.send({"type": "websocket.receive", "text": "c"})
        assert session.receive() == {"type": "websocket.send", "text": "echo c"}
        session.send_json([1])
        assert session.receive_text() == "echo [1]"
        session.close(4000)


def test_sync_session_surfaces_closes_app_errors_and_timeouts() -> None:
    async def app(websocket: WebSocket) -> None:
        await websocket.accept()
        text = await websocket.receive_text()
        if text == "close":
            await websocket.close(4003, "as asked")
        elif text == "json":
            await websocket.send_json({"ok": True}, mode="binary")
            await websocket.receive()
        else:
            raise ValueError(text)

    client = TestClient(endpoint_app(app), receive_timeout=0.05)
    with client.websocket_connect("/") as session:
        session.send_text("close")
        with pytest.raises(WebSocketDisconnect, match="4003"):
            session.receive_json()
    with client.websocket_connect("/") as session:
        session.send_text("json")
        assert session.receive_json(mode="binary") == {"ok": True}
        with pytest.raises(WebSocketTimeoutError):
            session.receive_bytes(timeout=0.01)
    with pytest.raises(ValueError, match="broken"), client.websocket_connect("/") as session:
        session.send_text("broken")


# --- what a test meets when something goes wrong (issue 15) ----------------------------------


async def test_an_app_that_rejected_the_handshake_receives_an_abnormal_closure() -> None:
    received: list[Message] = []

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        await receive()
        await send({"type": "websocket.close", "code": 4003, "reason": "go away"})
        received.append(await receive())

    with pytest.raises(WebSocketDisconnect) as info:
        async with AsyncTestClient(app).websocket_connect("/"):
            pass  # pragma: no cover
    assert (info.value.code, info.value.reason) == (4003, "go away")
    assert received == [{"type": "websocket.disconnect", "code": 1006, "reason": ""}]


async def test_the_connection_is_closed_after_the_final_denial_body() -> None:
    errors: list[str] = []
    received: list[Message] = []

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        await receive()
        await send({"type": "websocket.http.response.start", "status": 403, "headers": []})
        await send({"type": "websocket.http.response.body", "body": b"no"})
        try:
            await send({"type": "websocket.http.response.body", "body": b" more"})
        except ASGIProtocolError as exc:
            errors.append(str(exc))
        received.append(await receive())

    with pytest.raises(WebSocketDenialResponse) as info:
        async with AsyncTestClient(app).websocket_connect("/"):
            pass  # pragma: no cover
    assert (info.value.status_code, info.value.body) == (403, b"no")
    assert errors == [
        "the application sent 'websocket.http.response.body' after the connection was closed"
    ]
    assert received == [{"type": "websocket.disconnect", "code": 1006, "reason": ""}]


@pytest.mark.parametrize("anyio_backend", ["asyncio"])
async def test_an_outside_cancellation_while_the_session_exits_is_not_swallowed() -> None:
    # asyncio's Task.cancel() is delivered once (anyio's cancel scopes deliver it again at
    # every later checkpoint), so only an exit that re-raises it lets the task end cancelled.
    app_waits = anyio.Event()
    after_the_session: list[str] = []

    async def app(websocket: WebSocket) -> None:
        await websocket.accept()
        await websocket.receive()
        app_waits.set()
        while True:  # ignores the disconnect and keeps running: the exit waits for it
            await anyio.lowlevel.checkpoint()

    async def use_a_session() -> None:
        async with AsyncTestClient(endpoint_app(app), receive_timeout=30).websocket_connect("/"):
            pass
        after_the_session.append("the cancellation was swallowed")

    task = asyncio.create_task(use_a_session())
    with anyio.fail_after(5):
        await app_waits.wait()
        task.cancel()
        await asyncio.wait({task})
    assert task.cancelled()
    assert after_the_session == []


async def test_the_session_messages_name_the_path_and_the_wait() -> None:
    client = AsyncTestClient(endpoint_app(keeps_running), receive_timeout=0.05)
    session = client.websocket_connect("/slow?x=1")
    with anyio.fail_after(5):
        await session.__aenter__()
        await session.close()
        with pytest.raises(SessionClosedError) as closed:
            await session.send_text("x")
        assert str(closed.value) == "the test already closed the connection to '/slow'"
        with pytest.raises(SessionClosedError) as closed:
            await session.receive()
        assert str(closed.value) == "the test already closed the connection to '/slow'"
        with pytest.raises(WebSocketTimeoutError) as timeout:
            await session.__aexit__(None, None, None)
        assert str(timeout.value) == (
            "the application serving '/slow' did not return within 0.05 s after the "
            "connection closed, and kept running"
        )

    async def never_answers(scope: Scope, receive: Receive, send: Send) -> None:
        await anyio.sleep_forever()

    client = AsyncTestClient(never_answers, receive_timeout=0.05)
    with anyio.fail_after(5), pytest.raises(WebSocketTimeoutError) as timeout:
        async with client.websocket_connect("/stuck"):
            pass  # pragma: no cover
    assert str(timeout.value) == (
        "no message from the application on '/stuck' within 0.05 s while waiting for the handshake"
    )

    async def returns(scope: Scope, receive: Receive, send: Send) -> None:
        await receive()

    with pytest.raises(ASGIProtocolError) as error:
        async with AsyncTestClient(returns).websocket_connect("/gone"):
            pass  # pragma: no cover
    assert str(error.value) == (
        "the application serving '/gone' returned without accepting, closing or denying the "
        "connection (while the test waited for the handshake)"
    )


async def test_every_http_method_sends_its_method_url_and_arguments() -> None:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body", False):
                break
        answer = f"{scope['method']} {scope['path']}?{scope['query_string'].decode()} {body!r}"
        headers = [(b"x-answer", answer.encode())]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": answer.encode()})

    client = AsyncTestClient(app)
    methods = {
        "GET": client.get,
        "HEAD": client.head,
        "OPTIONS": client.options,
        "POST": client.post,
        "PUT": client.put,
        "PATCH": client.patch,
        "DELETE": client.delete,
    }
    for name, method in methods.items():
        response = await method("/items", params={"page": "2"})
        assert response.headers["x-answer"] == f"{name} /items?page=2 b''"
        assert response.text == f"{name} /items?page=2 b''"  # HEAD too: nothing strips it
    for method in (client.post, client.put, client.patch):
        assert (await method("/x", content=b"body")).text.endswith("/x? b'body'")


def test_sync_session_passes_every_argument_on() -> None:
    closes: list[tuple[int | None, str | None]] = []

    async def app(websocket: WebSocket) -> None:
        await websocket.accept()
        async for text in websocket.iter_text():
            await websocket.send_text(text)
        closes.append((websocket.close_code, websocket.close_reason))

    client = TestClient(endpoint_app(app), receive_timeout=30)
    with pytest.raises(FrameTypeError), client.websocket_connect("/") as session:
        session.send_json({"a": 1}, mode="binary")  # iter_text refuses a binary frame
    with client.websocket_connect("/") as session:
        for receive in (
            session.receive,
            session.receive_text,
            session.receive_bytes,
            session.receive_json,
        ):
            with pytest.raises(WebSocketTimeoutError, match=r"within 0\.01 s"):
                receive(timeout=0.01)
        session.close(4001, "done")
    with client.websocket_connect("/") as session:
        session.close()
    assert closes == [(4001, "done"), (1000, "")]


@pytest.mark.parametrize(
    ("base_url", "url"), [("ws://h:81", "http://h:81/"), ("wss://h", "https://h/")]
)
async def test_http_requests_use_the_http_scheme_of_a_websocket_base_url(
    base_url: str, url: str
) -> None:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": scope["scheme"].encode()})

    response = await AsyncTestClient(app, base_url=base_url).get("/")
    assert (str(response.request.url), response.text) == (url, url.partition(":")[0])


def test_the_blocking_session_gets_the_connection_arguments() -> None:
    async def app(websocket: WebSocket) -> None:
        await websocket.accept(subprotocol="v2")
        await websocket.send_text(websocket.headers["x-room"])
        await websocket.receive()

    client = TestClient(endpoint_app(app), receive_timeout=30)
    with client.websocket_connect(
        "/", subprotocols=["v2"], headers={"X-Room": "lobby"}, receive_timeout=0.05
    ) as session:
        assert session.accepted_subprotocol == "v2"
        assert session.receive_text() == "lobby"
        with pytest.raises(WebSocketTimeoutError, match=r"within 0\.05 s"):
            session.receive()


async def test_a_close_without_code_before_accept_and_the_denial_reason() -> None:
    async def closes(scope: Scope, receive: Receive, send: Send) -> None:
        await receive()
        await send({"type": "websocket.close"})

    with pytest.raises(WebSocketDisconnect) as info:
        async with AsyncTestClient(closes).websocket_connect("/"):
            pass  # pragma: no cover
    assert (info.value.code, info.value.reason) == (1000, "")

    async def denies(scope: Scope, receive: Receive, send: Send) -> None:
        await receive()
        await send({"type": "websocket.http.response.start", "status": 451})
        await send({"type": "websocket.http.response.body"})

    with pytest.raises(WebSocketDenialResponse) as denial:
        async with AsyncTestClient(denies).websocket_connect("/"):
            pass  # pragma: no cover
    assert denial.value.reason == "the handshake was denied with HTTP 451"
    assert str(denial.value) == (
        "WebSocket disconnected with code 1006 (abnormal closure): "
        "the handshake was denied with HTTP 451"
    )


async def test_the_client_lifespan_uses_its_timeout_and_skips_shutdown_after_an_error() -> None:
    events: list[str] = []

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        await receive()
        await send({"type": "lifespan.startup.complete"})
        events.append((await receive())["type"])
        await send({"type": "lifespan.shutdown.complete"})

    with pytest.raises(LookupError):
        async with AsyncTestClient(app):
            raise LookupError
    assert events == []

    async def silent(scope: Scope, receive: Receive, send: Send) -> None:
        await anyio.sleep_forever()

    with anyio.fail_after(5), pytest.raises(LifespanFailedError, match=r"within 0\.05 s"):
        async with AsyncTestClient(silent, receive_timeout=0.05):
            pass  # pragma: no cover


async def test_the_session_sends_compact_json_and_names_bad_modes_and_waits() -> None:
    received: list[Message] = []

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        await receive()
        await send({"type": "websocket.accept"})
        while (message := await receive())["type"] == "websocket.receive":
            received.append(message)

    async with AsyncTestClient(app, receive_timeout=30).websocket_connect("/") as session:
        await session.send_json({"a": "é", "b": [1, 2]})
        await session.send_json({"a": "é"}, mode="binary")
        with pytest.raises(JSONModeError) as mode:
            await session.send_json({}, mode="xml")
        assert mode.value.mode == "xml"
        with pytest.raises(JSONModeError) as mode:
            await session.receive_json(mode="xml")
        assert mode.value.mode == "xml"
        with pytest.raises(WebSocketTimeoutError) as timeout:
            await session.receive(timeout=0.01)
        assert str(timeout.value) == (
            "no message from the application on '/' within 0.01 s while waiting for a message"
        )
        with pytest.raises(WebSocketTimeoutError, match=r"within 0\.01 s"):
            await session.receive_json(mode="binary", timeout=0.01)
    assert received == [
        {"type": "websocket.receive", "text": '{"a":"é","b":[1,2]}'},
        {"type": "websocket.receive", "bytes": '{"a":"é"}'.encode()},
    ]


async def test_an_app_receiving_after_the_disconnect_gets_it_again() -> None:
    received: list[Message] = []

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        await receive()
        await send({"type": "websocket.accept"})
        received.append(await receive())
        received.append(await receive())

    async with AsyncTestClient(app).websocket_connect("/") as session:
        await session.close(4000, "bye")
    assert received == [{"type": "websocket.disconnect", "code": 4000, "reason": "bye"}] * 2


async def test_an_app_error_the_test_saw_is_not_raised_or_attached_again() -> None:
    failing = anyio.Event()

    async def app(websocket: WebSocket) -> None:
        await websocket.accept()
        text = await websocket.receive_text()
        failing.set()
        raise ValueError(text)  # before the test runs again

    client = AsyncTestClient(endpoint_app(app))
    async with client.websocket_connect("/") as session:
        await session.send_text("first")
        await failing.wait()
        with pytest.raises(ValueError, match="first"):
            await session.send_text("second")

    async def raise_after_seeing_the_apps_error() -> None:
        async with client.websocket_connect("/") as session:
            await session.send_text("boom")
            with pytest.raises(ValueError, match="boom"):
                await session.receive()
            raise KeyError("the test's own")

    with pytest.raises(KeyError) as caught:
        await raise_after_seeing_the_apps_error()
    assert caught.value.__context__ is None


async def test_a_send_after_the_server_closed_carries_the_reason() -> None:
    async def app(websocket: WebSocket) -> None:
        await websocket.accept()
        await websocket.close(4002, "bye")

    async with AsyncTestClient(endpoint_app(app)).websocket_connect("/") as session:
        with pytest.raises(WebSocketDisconnect) as info:
            await session.receive()
        with pytest.raises(WebSocketDisconnect) as info:
            await session.send_text("late")
        assert (info.value.code, info.value.reason) == (4002, "bye")


async def test_the_websocket_scope_fills_defaults_for_other_schemes_and_hosts() -> None:
    scopes: list[Scope] = []

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        scopes.append(scope)
        await receive()
        await send({"type": "websocket.accept"})

    for base_url in ("wss://h", "ws:"):
        session = AsyncTestClient(app, base_url=base_url).websocket_connect("/x")
        assert (session.accepted_subprotocol, session.extra_headers) == (None, [])
        async with session:
            pass
    assert [(scope["scheme"], scope["server"]) for scope in scopes] == [
        ("wss", ("h", 443)),
        ("ws", ("testserver", 80)),
    ]


async def test_http_requests_carry_the_clients_root_path() -> None:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        answer = f"{scope['root_path']} {scope['path']}".encode()
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": answer})

    assert (await AsyncTestClient(app, root_path="/api").get("/x")).text == "/api /api/x"


async def test_messages_sent_before_the_app_returned_are_still_delivered() -> None:
    done = anyio.Event()

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        await receive()
        await send({"type": "websocket.accept"})
        await send({"type": "websocket.send", "text": "last"})
        await send({"type": "websocket.close"})
        done.set()

    async with AsyncTestClient(app).websocket_connect("/") as session:
        await done.wait()
        assert await session.receive_text() == "last"
        with pytest.raises(WebSocketDisconnect) as info:
            await session.receive()
        assert (info.value.code, info.value.reason) == (1000, "")


async def test_protocol_errors_in_the_app_have_exact_messages() -> None:
    errors: list[str] = []

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        await receive()
        await send({"type": "websocket.accept"})
        try:
            await send({"type": "websocket.send"})
        except ASGIProtocolError as exc:
            errors.append(str(exc))
        await send({"type": "websocket.send", "text": "checked"})
        await receive()  # the test's close
        try:
            await send({"type": "websocket.send", "text": "late"})
        except ClientDisconnectedError as exc:
            errors.append(str(exc))

    async with AsyncTestClient(app).websocket_connect("/") as session:
        assert await session.receive_text() == "checked"
    assert errors == [
        "a 'websocket.send' message needs 'text' or 'bytes'",
        "cannot send 'websocket.send': the test client closed the connection",
    ]


async def test_the_websocket_scope_holds_every_key_of_the_asgi_specification() -> None:
    scopes: list[Scope] = []

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        scopes.append(scope)
        await receive()
        await send({"type": "websocket.accept"})

    async with AsyncTestClient(app).websocket_connect("?q=1", headers={"X-A": "é"}):
        pass
    async with AsyncTestClient(app, base_url="custom://h").websocket_connect("/"):
        pass
    scope = scopes[0]
    headers = scope.pop("headers")
    assert scope == {
        "type": "websocket",
        "asgi": {"version": "3.0", "spec_version": "2.4"},
        "http_version": "1.1",
        "scheme": "ws",
        "server": ("testserver", 80),
        "client": ("testclient", 50000),
        "root_path": "",
        "path": "/",
        "raw_path": b"/",
        "query_string": b"q=1",
        "subprotocols": [],
        "state": {},
        "extensions": {"websocket.http.response": {}},
    }
    key = headers.pop(4)
    assert headers == [
        (b"host", b"testserver"),
        (b"connection", b"upgrade"),
        (b"upgrade", b"websocket"),
        (b"sec-websocket-version", b"13"),
        (b"accept", b"*/*"),
        (b"accept-encoding", httpx.Client().headers["accept-encoding"].encode()),
        (b"user-agent", b"testclient"),
        (b"x-a", "é".encode("latin-1")),
    ]
    assert key[0] == b"sec-websocket-key"
    assert len(base64.b64decode(key[1], validate=True)) == 16
    assert scopes[1]["server"] == ("h", 80)

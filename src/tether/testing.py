"""An in-process client for testing ASGI applications without a server: WebSocket, HTTP, lifespan.

It needs ``anyio`` and ``httpx`` (install the ``testing`` extra) and runs on asyncio and trio.
"""

from __future__ import annotations

import base64
import json
import math
import os
from collections.abc import Iterable, Mapping, Sequence
from contextlib import ExitStack
from functools import partial
from types import TracebackType
from typing import Any, NoReturn, cast
from urllib.parse import quote, unquote, urlsplit

import anyio
import anyio.lowlevel
import httpx
from anyio.abc import TaskGroup
from anyio.from_thread import start_blocking_portal

from tether.datastructures import Headers
from tether.testlifespan import LifespanManager
from tether.testtransport import TestTransport
from tether.types import ASGIApp, Message, Scope
from tether.websockets import FrameTypeError, JSONModeError, WebSocketDisconnect, WebSocketState

__all__ = [
    "ASGIProtocolError",
    "ClientDisconnectedError",
    "SessionClosedError",
    "SyncWebSocketTestSession",
    "TestClient",
    "WebSocketDenialResponse",
    "WebSocketTestSession",
    "WebSocketTimeoutError",
]

_DEFAULT_PORTS = {"ws": 80, "wss": 443}
# How many messages the application may send ahead of the test before its next send waits,
# as it would on a server whose write buffer is full.
_SEND_BUFFER = 64
# The printable ASCII characters: a path or query keeps them as they are; anything else
# (non-ASCII, space, control characters) is percent-encoded as UTF-8, as a client does.
_URL_PRINTABLE = "".join(chr(code) for code in range(0x21, 0x7F))


class WebSocketDenialResponse(WebSocketDisconnect):
    """The application rejected the handshake with an HTTP response.

    It is a `WebSocketDisconnect` with code 1006, the code a browser reports when a
    handshake fails, so ``except WebSocketDisconnect`` catches it as in Starlette.

    Args:
        status_code: The HTTP status of the response.
        headers: The raw response headers.
        body: The whole response body.

    Attributes:
        status_code: The HTTP status of the response.
        headers: The response headers, case-insensitive.
        body: The whole response body.
    """

    def __init__(self, status_code: int, headers: list[tuple[bytes, bytes]], body: bytes) -> None:
        super().__init__(1006, f"the handshake was denied with HTTP {status_code}")
        self.status_code = status_code
        self.headers = Headers(raw=[(name.lower(), value) for name, value in headers])
        self.body = body


class WebSocketTimeoutError(TimeoutError):
    """The application did not do what the test waited for in time.

    Raised when no message arrives within the receive timeout, and when the application
    does not return within it after the connection closed.
    """


class ASGIProtocolError(RuntimeError):
    """The application sent an ASGI message that is not valid in the connection's state.

    Raised inside the application's ``send`` call, as servers such as uvicorn raise
    `RuntimeError` there, and propagated to the test.
    """


class ClientDisconnectedError(OSError):
    """The application sent data after the test client closed the connection.

    Raised inside the application's ``send`` call; it is an `OSError`, as the ASGI
    specification asks of servers.
    """


class SessionClosedError(RuntimeError):
    """The test used a session after closing it."""


class WebSocketTestSession:
    """One in-process WebSocket connection to an application, used as ``async with``.

    Entering runs the application in a task and completes the handshake; leaving
    closes the connection with code 1000 (unless it is already closed), waits for the
    application to return and re-raises an exception it raised that the test has not
    seen yet, except a `WebSocketDisconnect` raised after the test closed the
    connection: that is how an endpoint learns the client left. A message from the
    application that breaks the ASGI protocol raises `ASGIProtocolError` in the
    application.

    If the test body raises while the application has failed with an exception the test
    has not seen, the test's exception propagates with the application's attached at the
    end of its ``__context__`` chain, so the traceback shows both.

    The application may send at most 64 messages that the test has not received yet;
    its next send then waits (backpressure, as on a real server), so an application that
    sends in a tight loop neither hangs the test nor fills the memory, and every timeout
    still fires.

    Create sessions with `TestClient.websocket_connect`.

    Args:
        app: The ASGI application.
        scope: The connection scope.
        receive_timeout: The default number of seconds to wait for the application,
            or ``None`` to wait forever.

    Attributes:
        accepted_subprotocol: The subprotocol the application accepted, or ``None``.
        extra_headers: The headers the application sent with ``websocket.accept``.
    """

    def __init__(self, app: ASGIApp, scope: Scope, receive_timeout: float | None) -> None:
        self.app = app
        self.scope = scope
        self.receive_timeout = receive_timeout
        self.accepted_subprotocol: str | None = None
        self.extra_headers: list[tuple[bytes, bytes]] = []
        self._app_state = WebSocketState.CONNECTING
        self._client_closed = False
        self._disconnect_message: Message | None = None
        self._server_close: WebSocketDisconnect | None = None
        self._close_seen: WebSocketDisconnect | None = None
        self._app_error: Exception | None = None
        self._app_error_seen = False
        self._app_finished = False

    async def __aenter__(self) -> WebSocketTestSession:
        self._to_app, self._app_inbox = anyio.create_memory_object_stream[Message](math.inf)
        self._app_outbox, self._from_app = anyio.create_memory_object_stream[Message](_SEND_BUFFER)
        self._app_done = anyio.Event()
        self._task_group: TaskGroup = anyio.create_task_group()
        await self._task_group.__aenter__()
        try:
            self._task_group.start_soon(self._run_app)
            self._to_app.send_nowait({"type": "websocket.connect"})
            await self._handshake()
        except WebSocketDisconnect:
            await self._finish()
            raise
        except BaseException:
            await self._stop(cancel=True)
            raise
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if exc is None:
            await self._finish()
        else:
            await self._stop(cancel=True)
            self._attach_app_error(exc)

    def _attach_app_error(self, exc: BaseException) -> None:
        """Put the application's unseen exception at the end of ``exc``'s context chain."""
        error = self._app_error
        if error is None or self._app_error_seen:
            return
        self._app_error_seen = True
        last = exc
        while last is not error and last.__context__ is not None:
            last = last.__context__
            if last is exc:  # a cycle: nowhere to attach
                return
        if last is not error:
            last.__context__ = error

    async def _finish(self) -> None:
        """Close, let the application return, and raise what it raised that is still unseen."""
        await self.close()
        try:
            with anyio.move_on_after(self.receive_timeout) as waiting:
                await self._app_done.wait()
        except BaseException:
            # Cancelled from outside: the task group must still be left, here.
            await self._stop(cancel=True)
            raise
        timed_out = waiting.cancelled_caught
        await self._stop(cancel=timed_out)
        if self._app_error is not None and not self._app_error_seen:
            self._app_error_seen = True
            raise self._app_error
        if timed_out:
            raise WebSocketTimeoutError(
                f"the application serving {self._path!r} did not return within "
                f"{self.receive_timeout} s after the connection closed"
            )

    async def _stop(self, *, cancel: bool) -> None:
        """Leave the task group (cancelling the application if asked); close the streams."""
        if cancel:
            self._task_group.cancel_scope.cancel()
        try:
            await self._task_group.__aexit__(None, None, None)
        finally:
            for stream in (self._to_app, self._app_inbox, self._app_outbox, self._from_app):
                stream.close()

    @property
    def _path(self) -> str:
        path: str = self.scope["path"]
        return path

    async def _handshake(self) -> None:
        message = await self._next_message("the handshake", self.receive_timeout)
        if message["type"] == "websocket.accept":
            self.accepted_subprotocol = message.get("subprotocol")
            self.extra_headers = list(message.get("headers", []))
            return
        status: int = message["status"]
        headers = list(message.get("headers", []))
        body = b""
        while True:
            message = await self._next_message("the denial response body", self.receive_timeout)
            body += message.get("body", b"")
            if not message.get("more_body", False):
                break
        raise WebSocketDenialResponse(status, headers, body)

    async def _run_app(self) -> None:
        try:
            await self.app(self.scope, self._app_receive, self._app_send)
        except WebSocketDisconnect as exc:
            # After the test closed the connection, this is how an endpoint ends.
            if not self._client_closed:
                self._app_error = exc
        except Exception as exc:
            self._app_error = exc
        finally:
            self._app_finished = True
            self._app_done.set()
            if self._server_close is None and self._app_state is WebSocketState.CONNECTED:
                self._server_close = WebSocketDisconnect(1006)
            # The test reads what is still buffered, then sees the end of the stream.
            self._app_outbox.close()

    async def _app_receive(self) -> Message:
        try:
            return await self._app_inbox.receive()
        except anyio.EndOfStream:
            # The stream ends only after _disconnect_app stored the final message.
            return dict(cast(Message, self._disconnect_message))

    async def _app_send(self, message: Message) -> None:
        # Every send yields to the event loop, also one that fails, so a timeout or a
        # cancellation reaches an application that sends in a loop without other awaits.
        await anyio.lowlevel.checkpoint()
        message_type = message.get("type")
        state = self._app_state
        if state is WebSocketState.CONNECTING:
            expected: tuple[str, ...] = (
                "websocket.accept",
                "websocket.close",
                "websocket.http.response.start",
            )
            if message_type == "websocket.accept":
                self._app_state = WebSocketState.CONNECTED
            elif message_type == "websocket.close":
                self._app_closed(message, after_accept=False)
            elif message_type == "websocket.http.response.start":
                self._app_state = WebSocketState.RESPONSE
        elif state is WebSocketState.RESPONSE:
            expected = ("websocket.http.response.body",)
            if message_type == "websocket.http.response.body" and not message.get(
                "more_body", False
            ):
                self._app_closed(message, after_accept=False)
        elif state is WebSocketState.CONNECTED:
            expected = ("websocket.send", "websocket.close")
            if message_type == "websocket.send":
                if self._client_closed:
                    raise ClientDisconnectedError(
                        "cannot send 'websocket.send': the test client closed the connection"
                    )
                if message.get("text") is None and message.get("bytes") is None:
                    raise ASGIProtocolError("a 'websocket.send' message needs 'text' or 'bytes'")
            elif message_type == "websocket.close":
                self._app_closed(message, after_accept=True)
        else:
            raise ASGIProtocolError(
                f"the application sent {message_type!r} after the connection was closed"
            )
        if message_type not in expected:
            raise ASGIProtocolError(
                f"expected ASGI message {' or '.join(map(repr, expected))}, got {message_type!r}"
            )
        if self._client_closed:
            return  # nothing reads the application's messages any more
        try:
            await self._app_outbox.send(message)
        except anyio.BrokenResourceError:
            # The test closed the connection while this send waited for room.
            if message_type == "websocket.send":
                raise ClientDisconnectedError(
                    "cannot send 'websocket.send': the test client closed the connection"
                ) from None

    def _app_closed(self, message: Message, *, after_accept: bool) -> None:
        self._app_state = WebSocketState.DISCONNECTED
        if message["type"] == "websocket.close":
            self._server_close = WebSocketDisconnect(
                message.get("code", 1000), message.get("reason") or ""
            )
        code = self._server_close.code if after_accept and self._server_close else 1006
        self._disconnect_app({"type": "websocket.disconnect", "code": code, "reason": ""})

    def _disconnect_app(self, message: Message) -> None:
        if self._disconnect_message is None:
            self._disconnect_message = message
            self._to_app.send_nowait(message)
            self._to_app.close()

    async def _next_message(self, awaited: str, seconds: float | None) -> Message:
        if self._client_closed:
            raise SessionClosedError(f"the test already closed the connection to {self._path!r}")
        if self._close_seen is not None:
            raise WebSocketDisconnect(self._close_seen.code, self._close_seen.reason)
        if self._app_finished and self._from_app.statistics().current_buffer_used == 0:
            self._raise_finished(awaited)
        try:
            with anyio.fail_after(seconds):
                message = await self._from_app.receive()
        except TimeoutError:
            raise WebSocketTimeoutError(
                f"no message from the application on {self._path!r} within {seconds} s "
                f"while waiting for {awaited}"
            ) from None
        except anyio.EndOfStream:
            self._raise_finished(awaited)
        if message["type"] == "websocket.close":
            self._close_seen = WebSocketDisconnect(
                message.get("code", 1000), message.get("reason") or ""
            )
            raise WebSocketDisconnect(self._close_seen.code, self._close_seen.reason)
        return message

    def _raise_finished(self, awaited: str) -> NoReturn:
        if self._app_error is not None:
            self._app_error_seen = True
            raise self._app_error
        if self._server_close is not None:
            raise WebSocketDisconnect(self._server_close.code, self._server_close.reason)
        raise ASGIProtocolError(
            f"the application serving {self._path!r} returned without accepting, closing or "
            f"denying the connection (while the test waited for {awaited})"
        )

    def _check_can_send(self) -> None:
        if self._client_closed:
            raise SessionClosedError(f"the test already closed the connection to {self._path!r}")
        if self._app_error is not None:
            self._app_error_seen = True
            raise self._app_error
        if self._server_close is not None:
            raise WebSocketDisconnect(self._server_close.code, self._server_close.reason)

    async def send(self, message: Message) -> None:
        """Send a raw ASGI message to the application.

        Args:
            message: The message, normally of type ``websocket.receive``.

        Raises:
            SessionClosedError: If the test already closed the connection.
            WebSocketDisconnect: If the application closed the connection or returned.
            Exception: The exception the application raised, if it did.
        """
        self._check_can_send()
        self._to_app.send_nowait(message)

    async def send_text(self, data: str) -> None:
        """Send a text message.

        Args:
            data: The text.

        Raises:
            SessionClosedError: If the test already closed the connection.
            WebSocketDisconnect: If the application closed the connection or returned.
        """
        await self.send({"type": "websocket.receive", "text": data})

    async def send_bytes(self, data: bytes) -> None:
        """Send a binary message.

        Args:
            data: The bytes.

        Raises:
            SessionClosedError: If the test already closed the connection.
            WebSocketDisconnect: If the application closed the connection or returned.
        """
        await self.send({"type": "websocket.receive", "bytes": data})

    async def send_json(self, data: Any, mode: str = "text") -> None:
        """Encode a value as compact JSON and send it.

        Args:
            data: The value to encode.
            mode: ``"text"`` for a text frame, ``"binary"`` for UTF-8 bytes in a binary frame.

        Raises:
            JSONModeError: If ``mode`` is neither ``"text"`` nor ``"binary"``.
            SessionClosedError: If the test already closed the connection.
            WebSocketDisconnect: If the application closed the connection or returned.
        """
        text = json.dumps(data, separators=(",", ":"), ensure_ascii=False)
        if mode == "text":
            await self.send_text(text)
        elif mode == "binary":
            await self.send_bytes(text.encode("utf-8"))
        else:
            raise JSONModeError(mode)

    async def receive(self, *, timeout: float | None = None) -> Message:  # noqa: ASYNC109
        """Receive the next ``websocket.send`` message from the application.

        Args:
            timeout: Seconds to wait; defaults to the session's ``receive_timeout``.

        Returns:
            The raw ASGI message, with a ``text`` or a ``bytes`` key.

        Raises:
            SessionClosedError: If the test already closed the connection.
            WebSocketDisconnect: If the application closed the connection (with its
                code and reason) or returned without closing it (code 1006); raised
                again by every later receive.
            WebSocketTimeoutError: If no message arrives in time.
            Exception: The exception the application raised, if it did.
        """
        return await self._next_message(
            "a message", self.receive_timeout if timeout is None else timeout
        )

    async def receive_text(self, *, timeout: float | None = None) -> str:  # noqa: ASYNC109
        """Receive the next message, which must be text.

        Args:
            timeout: Seconds to wait; defaults to the session's ``receive_timeout``.

        Returns:
            The text.

        Raises:
            FrameTypeError: If a binary message arrived.
            SessionClosedError: If the test already closed the connection.
            WebSocketDisconnect: If the application closed the connection or returned.
            WebSocketTimeoutError: If no message arrives in time.
            Exception: The exception the application raised, if it did.
        """
        text: str = await self._receive_data("text", timeout)
        return text

    async def receive_bytes(self, *, timeout: float | None = None) -> bytes:  # noqa: ASYNC109
        """Receive the next message, which must be binary.

        Args:
            timeout: Seconds to wait; defaults to the session's ``receive_timeout``.

        Returns:
            The bytes.

        Raises:
            FrameTypeError: If a text message arrived.
            SessionClosedError: If the test already closed the connection.
            WebSocketDisconnect: If the application closed the connection or returned.
            WebSocketTimeoutError: If no message arrives in time.
            Exception: The exception the application raised, if it did.
        """
        return bytes(await self._receive_data("bytes", timeout))

    async def _receive_data(self, key: str, timeout: float | None) -> Any:  # noqa: ASYNC109
        """Receive the next message and return its ``text`` or ``bytes`` (``key``)."""
        kind = "text" if key == "text" else "binary"
        message = await self._next_message(
            f"a {kind} message", self.receive_timeout if timeout is None else timeout
        )
        data = message.get(key)
        if data is None:
            raise FrameTypeError(kind, "binary" if kind == "text" else "text")
        return data

    async def receive_json(self, mode: str = "text", *, timeout: float | None = None) -> Any:  # noqa: ASYNC109
        """Receive the next message and decode it as JSON.

        Args:
            mode: ``"text"`` to read a text frame, ``"binary"`` to read UTF-8 JSON from a
                binary frame.
            timeout: Seconds to wait; defaults to the session's ``receive_timeout``.

        Returns:
            The decoded value.

        Raises:
            JSONModeError: If ``mode`` is neither ``"text"`` nor ``"binary"``.
            FrameTypeError: If the other kind of frame arrived.
            SessionClosedError: If the test already closed the connection.
            WebSocketDisconnect: If the application closed the connection or returned.
            WebSocketTimeoutError: If no message arrives in time.
            json.JSONDecodeError: If the message is not valid JSON.
            Exception: The exception the application raised, if it did.
        """
        if mode == "text":
            return json.loads(await self.receive_text(timeout=timeout))
        if mode == "binary":
            return json.loads((await self.receive_bytes(timeout=timeout)).decode("utf-8"))
        raise JSONModeError(mode)

    async def close(self, code: int = 1000, reason: str | None = None) -> None:
        """Close the connection from the client's side.

        The application receives ``websocket.disconnect`` with this code and reason;
        a later ``websocket.send`` raises `ClientDisconnectedError` in it, a later
        ``websocket.close`` is accepted, as servers do. Closing again, or after the
        application closed the connection, sends nothing.

        Args:
            code: The WebSocket close code.
            reason: The close reason.
        """
        if self._client_closed:
            return
        self._client_closed = True
        self._disconnect_app({"type": "websocket.disconnect", "code": code, "reason": reason or ""})
        # Nothing reads the application's messages any more: a send waiting for room fails.
        self._from_app.close()


class SyncWebSocketTestSession:
    """A blocking `WebSocketTestSession` for plain, synchronous test functions.

    Used as ``with``: the session and the application run on an event loop in a
    background thread (an anyio blocking portal); each method blocks until the
    session's method returns there, with the same timeouts and exceptions.

    Create sessions with `TestClient.websocket_connect_sync`.

    Args:
        session: The asynchronous session to drive.
        backend: The anyio backend of the background event loop, ``"asyncio"`` or ``"trio"``.
    """

    def __init__(self, session: WebSocketTestSession, backend: str) -> None:
        self.session = session
        self.backend = backend

    def __enter__(self) -> SyncWebSocketTestSession:
        with ExitStack() as stack:
            self._portal = stack.enter_context(start_blocking_portal(self.backend))
            stack.enter_context(self._portal.wrap_async_context_manager(self.session))
            self._exit_stack = stack.pop_all()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> bool | None:
        return self._exit_stack.__exit__(exc_type, exc, traceback)

    @property
    def accepted_subprotocol(self) -> str | None:
        """The subprotocol the application accepted, or ``None``."""
        return self.session.accepted_subprotocol

    @property
    def extra_headers(self) -> list[tuple[bytes, bytes]]:
        """The headers the application sent with ``websocket.accept``."""
        return self.session.extra_headers

    def send(self, message: Message) -> None:
        """Send a raw ASGI message; see `WebSocketTestSession.send`.

        Args:
            message: The message, normally of type ``websocket.receive``.
        """
        self._portal.call(self.session.send, message)

    def send_text(self, data: str) -> None:
        """Send a text message; see `WebSocketTestSession.send_text`.

        Args:
            data: The text.
        """
        self._portal.call(self.session.send_text, data)

    def send_bytes(self, data: bytes) -> None:
        """Send a binary message; see `WebSocketTestSession.send_bytes`.

        Args:
            data: The bytes.
        """
        self._portal.call(self.session.send_bytes, data)

    def send_json(self, data: Any, mode: str = "text") -> None:
        """Send a value as JSON; see `WebSocketTestSession.send_json`.

        Args:
            data: The value to encode.
            mode: ``"text"`` or ``"binary"``.
        """
        self._portal.call(self.session.send_json, data, mode)

    def receive(self, *, timeout: float | None = None) -> Message:
        """Receive the next raw message; see `WebSocketTestSession.receive`.

        Args:
            timeout: Seconds to wait; defaults to the session's ``receive_timeout``.

        Returns:
            The raw ASGI message.
        """
        return self._portal.call(partial(self.session.receive, timeout=timeout))

    def receive_text(self, *, timeout: float | None = None) -> str:
        """Receive the next text message; see `WebSocketTestSession.receive_text`.

        Args:
            timeout: Seconds to wait; defaults to the session's ``receive_timeout``.

        Returns:
            The text.
        """
        return self._portal.call(partial(self.session.receive_text, timeout=timeout))

    def receive_bytes(self, *, timeout: float | None = None) -> bytes:
        """Receive the next binary message; see `WebSocketTestSession.receive_bytes`.

        Args:
            timeout: Seconds to wait; defaults to the session's ``receive_timeout``.

        Returns:
            The bytes.
        """
        return self._portal.call(partial(self.session.receive_bytes, timeout=timeout))

    def receive_json(self, mode: str = "text", *, timeout: float | None = None) -> Any:
        """Receive the next message as JSON; see `WebSocketTestSession.receive_json`.

        Args:
            mode: ``"text"`` or ``"binary"``.
            timeout: Seconds to wait; defaults to the session's ``receive_timeout``.

        Returns:
            The decoded value.
        """
        return self._portal.call(partial(self.session.receive_json, mode, timeout=timeout))

    def close(self, code: int = 1000, reason: str | None = None) -> None:
        """Close the connection from the client's side; see `WebSocketTestSession.close`.

        Args:
            code: The WebSocket close code.
            reason: The close reason.
        """
        self._portal.call(self.session.close, code, reason)


class TestClient:
    """A client that connects to an ASGI application in process, without a network.

    It opens WebSocket connections (`websocket_connect`) and sends HTTP requests
    (`request`, `get`, `post`... through an httpx `tether.testtransport.TestTransport`).
    Entered with ``async with``, it runs the application's lifespan: startup on entering,
    shutdown on leaving, and the lifespan state is copied into every connection's scope,
    as servers do. Every wait has a timeout, so a broken application fails the test
    instead of hanging it (Starlette's test client waits forever).

    Example:
        ```python
        async with TestClient(app) as client:
            response = await client.get("/health")
            async with client.websocket_connect("/echo") as websocket:
                ...
        ```

    Args:
        app: The ASGI application.
        base_url: The URL the application is served at; its scheme (``http`` or
            ``https``, or ``ws``/``wss``) and host fill the scope, and ``https``/``wss``
            make the connection secure.
        root_path: The ASGI ``root_path``, the prefix a proxy stripped; it is put in
            front of each connection's path, as servers do.
        receive_timeout: The default number of seconds to wait for the application,
            or ``None`` to wait forever.
    """

    __test__ = False  # not a pytest test class

    def __init__(
        self,
        app: ASGIApp,
        *,
        base_url: str = "http://testserver",
        root_path: str = "",
        receive_timeout: float | None = 5.0,
    ) -> None:
        self.app = app
        self.base_url = base_url
        self.root_path = root_path
        self.receive_timeout = receive_timeout
        self._state: dict[str, Any] = {}
        self._lifespan: LifespanManager | None = None

    async def __aenter__(self) -> TestClient:
        """Run the application's lifespan startup.

        Returns:
            The client.

        Raises:
            LifespanFailedError: If the startup fails or does not complete in time.
        """
        lifespan = LifespanManager(self.app, timeout=self.receive_timeout)
        self._state = await lifespan.__aenter__()
        self._lifespan = lifespan
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        """Run the application's lifespan shutdown.

        Args:
            exc_type: The type of the exception that ends the block, if any.
            exc: That exception; with one, the shutdown is not run.
            traceback: Its traceback.

        Raises:
            LifespanFailedError: If the shutdown fails or does not complete in time.
        """
        lifespan, self._lifespan = self._lifespan, None
        if lifespan is not None:
            await lifespan.__aexit__(exc_type, exc, traceback)

    async def request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        """Send an HTTP request to the application and return its response.

        Args:
            method: The HTTP method.
            url: The path with an optional query string, or an absolute URL.
            **kwargs: What ``httpx.AsyncClient.request`` takes besides: ``params``,
                ``headers``, ``cookies``, ``content``, ``data``, ``files``, ``json``...

        Returns:
            The response, with its body read.

        Raises:
            ResponseTimeoutError: If the application does not answer within
                ``receive_timeout``.
            ResponseProtocolError: If the application breaks the HTTP protocol.
            Exception: The exception the application raised, if it did.
        """
        transport = TestTransport(
            self.app,
            root_path=self.root_path,
            timeout=self.receive_timeout,
            state=self._state.copy,
        )
        base = urlsplit(self.base_url)
        scheme = {"ws": "http", "wss": "https"}.get(base.scheme, base.scheme)
        async with httpx.AsyncClient(
            transport=transport, base_url=base._replace(scheme=scheme).geturl()
        ) as client:
            return await client.request(method, url, **kwargs)

    async def get(self, url: str, **kwargs: Any) -> httpx.Response:
        """Send a GET request; see `request`.

        Args:
            url: The path or URL.
            **kwargs: As for `request`.

        Returns:
            The response.
        """
        return await self.request("GET", url, **kwargs)

    async def head(self, url: str, **kwargs: Any) -> httpx.Response:
        """Send a HEAD request; see `request`.

        Args:
            url: The path or URL.
            **kwargs: As for `request`.

        Returns:
            The response.
        """
        return await self.request("HEAD", url, **kwargs)

    async def options(self, url: str, **kwargs: Any) -> httpx.Response:
        """Send an OPTIONS request; see `request`.

        Args:
            url: The path or URL.
            **kwargs: As for `request`.

        Returns:
            The response.
        """
        return await self.request("OPTIONS", url, **kwargs)

    async def post(self, url: str, **kwargs: Any) -> httpx.Response:
        """Send a POST request; see `request`.

        Args:
            url: The path or URL.
            **kwargs: As for `request`, such as ``json`` or ``content``.

        Returns:
            The response.
        """
        return await self.request("POST", url, **kwargs)

    async def put(self, url: str, **kwargs: Any) -> httpx.Response:
        """Send a PUT request; see `request`.

        Args:
            url: The path or URL.
            **kwargs: As for `request`.

        Returns:
            The response.
        """
        return await self.request("PUT", url, **kwargs)

    async def patch(self, url: str, **kwargs: Any) -> httpx.Response:
        """Send a PATCH request; see `request`.

        Args:
            url: The path or URL.
            **kwargs: As for `request`.

        Returns:
            The response.
        """
        return await self.request("PATCH", url, **kwargs)

    async def delete(self, url: str, **kwargs: Any) -> httpx.Response:
        """Send a DELETE request; see `request`.

        Args:
            url: The path or URL.
            **kwargs: As for `request`.

        Returns:
            The response.
        """
        return await self.request("DELETE", url, **kwargs)

    def websocket_connect(
        self,
        path: str,
        *,
        subprotocols: Sequence[str] | None = None,
        headers: Mapping[str, str] | Iterable[tuple[str, str]] | None = None,
        receive_timeout: float | None = None,
    ) -> WebSocketTestSession:
        """Prepare a WebSocket connection; enter it with ``async with`` to connect.

        Args:
            path: The path, with an optional query string, or an absolute ``ws://`` or
                ``wss://`` URL.
            subprotocols: The subprotocols to offer, in order of preference.
            headers: Extra request headers; one named like a header the client sets
                itself (``host``, ``sec-websocket-protocol``...) replaces it.
            receive_timeout: Seconds to wait for the application in this session;
                defaults to the client's ``receive_timeout``.

        Returns:
            The session; entering it raises `WebSocketDenialResponse` if the application
                answers with an HTTP response, and `WebSocketDisconnect` if it closes the
                connection before accepting it.
        """
        timeout = self.receive_timeout if receive_timeout is None else receive_timeout
        return WebSocketTestSession(self.app, self._scope(path, subprotocols, headers), timeout)

    def websocket_connect_sync(
        self,
        path: str,
        *,
        subprotocols: Sequence[str] | None = None,
        headers: Mapping[str, str] | Iterable[tuple[str, str]] | None = None,
        receive_timeout: float | None = None,
        backend: str = "asyncio",
    ) -> SyncWebSocketTestSession:
        """Prepare a blocking WebSocket connection; enter it with ``with`` to connect.

        For synchronous test functions; the arguments and the errors on entering are
        those of `websocket_connect`.

        Args:
            path: The path, with an optional query string, or an absolute URL.
            subprotocols: The subprotocols to offer, in order of preference.
            headers: Extra request headers.
            receive_timeout: Seconds to wait for the application in this session;
                defaults to the client's ``receive_timeout``.
            backend: The anyio backend to run the application on, ``"asyncio"`` or ``"trio"``.

        Returns:
            The blocking session.
        """
        session = self.websocket_connect(
            path, subprotocols=subprotocols, headers=headers, receive_timeout=receive_timeout
        )
        return SyncWebSocketTestSession(session, backend)

    def _scope(
        self,
        path: str,
        subprotocols: Sequence[str] | None,
        headers: Mapping[str, str] | Iterable[tuple[str, str]] | None,
    ) -> Scope:
        base = urlsplit(self.base_url)
        target = urlsplit(path)
        scheme = target.scheme or base.scheme
        scheme = {"http": "ws", "https": "wss"}.get(scheme, scheme)
        netloc = target.netloc or base.netloc
        host = urlsplit(f"//{netloc}").hostname or "testserver"
        port = urlsplit(f"//{netloc}").port or _DEFAULT_PORTS.get(scheme, 80)
        raw_path = quote(self.root_path + (target.path or "/"), safe=_URL_PRINTABLE)
        query = quote(target.query, safe=_URL_PRINTABLE)
        header_pairs = headers.items() if isinstance(headers, Mapping) else headers or ()
        extra = [
            (name.lower().encode("latin-1"), value.encode("latin-1"))
            for name, value in header_pairs
        ]
        defaults = [
            (b"host", netloc.encode("latin-1")),
            (b"connection", b"upgrade"),
            (b"upgrade", b"websocket"),
            (b"sec-websocket-version", b"13"),
            (b"sec-websocket-key", base64.b64encode(os.urandom(16))),
        ]
        if subprotocols:
            defaults.append((b"sec-websocket-protocol", ", ".join(subprotocols).encode()))
        overridden = {name for name, _ in extra}
        raw_headers = [line for line in defaults if line[0] not in overridden] + extra
        return {
            "type": "websocket",
            "asgi": {"version": "3.0", "spec_version": "2.4"},
            "http_version": "1.1",
            "scheme": scheme,
            "server": (host, port),
            "client": ("testclient", 50000),
            "root_path": self.root_path,
            "path": unquote(raw_path),
            "raw_path": raw_path.encode("ascii"),
            "query_string": query.encode("ascii"),
            "headers": raw_headers,
            "subprotocols": list(subprotocols or []),
            "state": self._state.copy(),
            "extensions": {"websocket.http.response": {}},
        }

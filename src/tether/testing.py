"""In-process test clients for ASGI applications: HTTP, WebSocket and lifespan, without a server.

`TestClient` is synchronous and an ``httpx.Client``, with the arguments and habits of
Starlette's ``TestClient``: a test written for Starlette or FastAPI runs against it by
changing one import. `AsyncTestClient` is the same client for ``async`` tests, an
``httpx.AsyncClient``. Both build their scopes, run WebSocket sessions and the lifespan
with the same pieces; the synchronous one runs them on an event loop in a background
thread.

It needs ``anyio`` and ``httpx`` (install the ``testing`` extra) and runs on asyncio and trio.
"""

from __future__ import annotations

import base64
import json
import math
import os
import sys
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, ExitStack, contextmanager
from functools import partial
from types import TracebackType
from typing import Any, NoReturn, TypeVar, cast
from urllib.parse import unquote

import anyio
import anyio.lowlevel
import httpx
from anyio.abc import TaskGroup
from anyio.from_thread import BlockingPortal, start_blocking_portal

from tether.datastructures import Headers
from tether.testlifespan import LifespanManager
from tether.testtransport import (
    _STREAM_EXTENSION,
    TestTransport,
    _as_asgi3,
    _PortalTransport,
    _quote_root_path,
)
from tether.types import ASGIApp, Message, Scope
from tether.websockets import (
    FrameTypeError,
    JSONModeError,
    PayloadTypeError,
    WebSocketDisconnect,
    WebSocketState,
    _check_close,
)

__all__ = [
    "ASGIProtocolError",
    "AlreadyEnteredError",
    "AsyncTestClient",
    "AsyncWebSocketTestSession",
    "ClientDisconnectedError",
    "SessionClosedError",
    "SessionNotStartedError",
    "SyncWebSocketTestSession",
    "TestClient",
    "UnknownBackendError",
    "WebSocketDenialResponse",
    "WebSocketTestSession",
    "WebSocketTimeoutError",
]

_DEFAULT_PORTS = {"ws": 80, "wss": 443}
_WEBSOCKET_SCHEMES = {"http": "ws", "https": "wss"}
_HTTP_SCHEMES = {"ws": "http", "wss": "https"}
_BACKENDS = ("asyncio", "trio")
# How many messages the application may send ahead of the test before its next send waits,
# as it would on a server whose write buffer is full.
_SEND_BUFFER = 64

_Client = TypeVar("_Client", bound="TestClient")
_AsyncClient = TypeVar("_AsyncClient", bound="AsyncTestClient")
_Disconnect = TypeVar("_Disconnect", bound=WebSocketDisconnect)


class WebSocketDenialResponse(WebSocketDisconnect):
    """The application rejected the handshake with an HTTP response.

    It is a `WebSocketDisconnect` with code 1006, the code a browser reports when a
    handshake fails, so ``except WebSocketDisconnect`` catches it as in Starlette. Like
    Starlette's, which is an ``httpx.Response``, it has ``status_code``, ``headers``,
    ``content``, ``text`` and ``json()``.

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

    @property
    def content(self) -> bytes:
        """The whole response body, as ``httpx.Response.content`` names it."""
        return self.body

    @property
    def text(self) -> str:
        """The response body decoded with the charset of its ``content-type`` (UTF-8 if none)."""
        charset = "utf-8"
        for parameter in self.headers.get("content-type", "").split(";")[1:]:
            name, _, value = parameter.strip().partition("=")
            if name.lower() == "charset" and value:
                charset = value.strip('"')
        try:
            return self.body.decode(charset, errors="replace")
        except LookupError:  # a charset Python does not know
            return self.body.decode("utf-8", errors="replace")

    def json(self) -> Any:
        """Decode the response body as JSON.

        Returns:
            The decoded value.

        Raises:
            json.JSONDecodeError: If the body is not valid JSON.
        """
        return json.loads(self.body)


class WebSocketTimeoutError(TimeoutError):
    """The application did not do what the test waited for in time.

    Raised when no message arrives within the receive timeout, and when the application
    keeps running that long after the connection closed without returning or waiting on
    anything (an application that waits, on a queue or a sleep, is cancelled instead).
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


class SessionNotStartedError(RuntimeError):
    """The test used a WebSocket session before connecting it.

    `TestClient.websocket_connect` only prepares the session: enter it with ``with`` (or
    ``async with`` for `AsyncTestClient`) to connect. Starlette fails with an
    ``AttributeError`` here.

    Args:
        method: The session method that was called.
    """

    def __init__(self, method: str) -> None:
        super().__init__(
            f"cannot call {method}() on a WebSocket session that is not connected: "
            "use it as `with client.websocket_connect(...) as session:`"
        )


class AlreadyEnteredError(RuntimeError):
    """The test entered a client or a WebSocket session that is already entered.

    A client runs one lifespan at a time, and a session is one connection: leave the first
    ``with`` block before entering the client again, and call ``websocket_connect()`` again
    for a new connection.

    Args:
        what: What was entered again, such as ``"this TestClient"``.
    """

    def __init__(self, what: str) -> None:
        super().__init__(f"{what} is already entered; it cannot be entered again")


class UnknownBackendError(ValueError, LookupError):
    """`TestClient` was given an event loop backend other than ``"asyncio"`` and ``"trio"``.

    Starlette fails only at the first request, with AnyIO's `LookupError`; tether refuses
    the backend when the client is made, with a class that is a `LookupError` as well.

    Args:
        backend: The backend that was given.

    Attributes:
        backend: The backend that was given.
    """

    def __init__(self, backend: object) -> None:
        self.backend = backend
        super().__init__(f"unknown backend {backend!r}: use 'asyncio' or 'trio'")


# --- Starlette's WebSocketDisconnect -----------------------------------------------------------
# Tests written for Starlette catch ``starlette.websockets.WebSocketDisconnect`` (FastAPI
# re-exports it), and Starlette endpoints raise it when the client leaves. When Starlette is
# imported, the disconnects the clients raise are instances of its class as well, and the
# session takes Starlette's as the end of an endpoint, as it takes tether's.


def _starlette_disconnect() -> type[Exception] | None:
    """Starlette's WebSocketDisconnect class if Starlette is imported (never importing it)."""
    module = sys.modules.get("starlette.websockets")
    found = getattr(module, "WebSocketDisconnect", None)
    if isinstance(found, type) and issubclass(found, Exception):
        return found
    return None


# The combined classes made so far, so that each pair is made once.
_COMBINED: dict[tuple[type, type], type] = {}


def _compatible(cls: type[_Disconnect]) -> type[_Disconnect]:
    """``cls``, made a subclass of Starlette's WebSocketDisconnect too if Starlette is imported."""
    starlette_class = _starlette_disconnect()
    if starlette_class is None or issubclass(cls, starlette_class):
        return cls
    key = (cls, starlette_class)
    if key not in _COMBINED:
        namespace = {
            "__module__": cls.__module__,
            "__qualname__": cls.__qualname__,
            "__doc__": cls.__doc__,
        }
        _COMBINED[key] = type(cls.__name__, (cls, starlette_class), namespace)
    return cast("type[_Disconnect]", _COMBINED[key])


def _disconnect(code: int, reason: str = "") -> WebSocketDisconnect:
    return _compatible(WebSocketDisconnect)(code, reason)


def _is_disconnect(exc: BaseException) -> bool:
    starlette_class = _starlette_disconnect()
    return isinstance(exc, WebSocketDisconnect) or (
        starlette_class is not None and isinstance(exc, starlette_class)
    )


class AsyncWebSocketTestSession:
    """One in-process WebSocket connection to an application, used as ``async with``.

    Entering runs the application in a task and completes the handshake; leaving
    closes the connection with code 1000 (unless it is already closed), waits for the
    application to return (or, if it then waits on something else than the connection,
    cancels it, as Starlette's client does) and re-raises an exception it raised that the
    test has not seen yet, except a `WebSocketDisconnect` (tether's or Starlette's) raised after the
    test closed the connection: that is how an endpoint learns the client left. When
    Starlette is imported, the `WebSocketDisconnect` the session raises is an instance
    of Starlette's class too. A message from the
    application that breaks the ASGI protocol raises `ASGIProtocolError` in the
    application.

    If the test body raises while the application has failed with an exception the test
    has not seen, the test's exception propagates with the application's attached at the
    end of its ``__context__`` chain, so the traceback shows both.

    The application may send at most 64 messages that the test has not received yet;
    its next send then waits (backpressure, as on a real server), so an application that
    sends in a tight loop neither hangs the test nor fills the memory, and every timeout
    still fires.

    The test's own messages are checked before they reach the application: a payload of
    the wrong type raises `PayloadTypeError`, and `close` refuses a close code or reason
    that a close frame cannot carry (`CloseCodeError`, `CloseReasonError`), as
    `WebSocket.close` does on the server side. Starlette's session passes both on.

    Create sessions with `AsyncTestClient.websocket_connect`; `WebSocketTestSession` is
    the blocking form that `TestClient.websocket_connect` returns.

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
        self._entered = False

    async def __aenter__(self) -> AsyncWebSocketTestSession:
        """Connect: run the application and complete the handshake.

        Returns:
            The session.

        Raises:
            WebSocketDenialResponse: If the application answers with an HTTP response.
            WebSocketDisconnect: If it closes the connection before accepting it.
            WebSocketTimeoutError: If it does neither in time.
            AlreadyEnteredError: If the session was entered before.
            Exception: The exception the application raised, if it did.
        """
        if self._entered:
            raise AlreadyEnteredError("this WebSocket session")
        self._entered = True
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
        """Close with code 1000, let the application finish, raise what it raised unseen.

        Args:
            exc_type: The type of the exception that ends the block, if any.
            exc: That exception; with one, the application is cancelled and its unseen
                exception is chained to it.
            traceback: Its traceback.

        Raises:
            WebSocketTimeoutError: If the application keeps running without waiting for
                ``receive_timeout`` after the connection closed.
            Exception: The exception the application raised that the test has not seen.
        """
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
        """Close, let the application return or settle, and raise what it raised unseen.

        An application that still runs once it and every other task wait (on a queue, a
        sleep: anything but this connection, as an endpoint that only pushes does) is
        cancelled, as Starlette's client does; one that keeps running without waiting for
        ``receive_timeout`` is cancelled and reported.
        """
        await self.close()
        try:
            with anyio.move_on_after(self.receive_timeout) as waiting:
                await self._returned_or_settled()
        except BaseException:
            # Cancelled from outside: the task group must still be left, here.
            await self._stop(cancel=True)
            raise
        timed_out = waiting.cancelled_caught
        await self._stop(cancel=True)  # nothing to cancel if the application returned
        if self._app_error is not None and not self._app_error_seen:
            self._app_error_seen = True
            raise self._app_error
        if timed_out:
            raise WebSocketTimeoutError(
                f"the application serving {self._path!r} did not return within "
                f"{self.receive_timeout} s after the connection closed, and kept running"
            )

    async def _returned_or_settled(self) -> None:
        """Wait until the application returns or every task waits, whichever comes first."""
        async with anyio.create_task_group() as race:

            async def first(waiter: Callable[[], Any]) -> None:
                await waiter()
                race.cancel_scope.cancel()

            race.start_soon(first, self._app_done.wait)
            race.start_soon(first, anyio.wait_all_tasks_blocked)

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
        raise _compatible(WebSocketDenialResponse)(status, headers, body)

    async def _run_app(self) -> None:
        try:
            await self.app(self.scope, self._app_receive, self._app_send)
        except Exception as exc:
            # After the test closed the connection, a disconnect is how an endpoint ends.
            if not (self._client_closed and _is_disconnect(exc)):
                self._app_error = exc
        finally:
            self._app_finished = True
            self._app_done.set()
            if self._server_close is None and self._app_state is WebSocketState.CONNECTED:
                self._server_close = _disconnect(1006)
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
            self._server_close = _disconnect(message.get("code", 1000), message.get("reason") or "")
        code = self._server_close.code if after_accept and self._server_close else 1006
        self._disconnect_app({"type": "websocket.disconnect", "code": code, "reason": ""})

    def _disconnect_app(self, message: Message) -> None:
        if self._disconnect_message is None:
            self._disconnect_message = message
            self._to_app.send_nowait(message)
            self._to_app.close()

    async def _next_message(self, awaited: str, seconds: float | None) -> Message:
        if not self._entered:
            raise SessionNotStartedError("receive")
        if self._client_closed:
            raise SessionClosedError(f"the test already closed the connection to {self._path!r}")
        if self._close_seen is not None:
            raise _disconnect(self._close_seen.code, self._close_seen.reason)
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
            self._close_seen = _disconnect(message.get("code", 1000), message.get("reason") or "")
            raise _disconnect(self._close_seen.code, self._close_seen.reason)
        return message

    def _raise_finished(self, awaited: str) -> NoReturn:
        if self._app_error is not None:
            self._app_error_seen = True
            raise self._app_error
        if self._server_close is not None:
            raise _disconnect(self._server_close.code, self._server_close.reason)
        raise ASGIProtocolError(
            f"the application serving {self._path!r} returned without accepting, closing or "
            f"denying the connection (while the test waited for {awaited})"
        )

    def _check_can_send(self, method: str) -> None:
        if not self._entered:
            raise SessionNotStartedError(method)
        if self._client_closed:
            raise SessionClosedError(f"the test already closed the connection to {self._path!r}")
        if self._app_error is not None:
            self._app_error_seen = True
            raise self._app_error
        if self._server_close is not None:
            raise _disconnect(self._server_close.code, self._server_close.reason)

    async def send(self, message: Message) -> None:
        """Send a raw ASGI message to the application.

        Args:
            message: The message, normally of type ``websocket.receive``.

        Raises:
            PayloadTypeError: If ``message`` is not a mapping.
            SessionNotStartedError: If the session is not connected yet.
            SessionClosedError: If the test already closed the connection.
            WebSocketDisconnect: If the application closed the connection or returned.
            Exception: The exception the application raised, if it did.
        """
        if not isinstance(message, Mapping):
            raise PayloadTypeError("send", "a message dict", message)
        self._check_can_send("send")
        self._to_app.send_nowait(dict(message))

    async def send_text(self, data: str) -> None:
        """Send a text message.

        Args:
            data: The text.

        Raises:
            PayloadTypeError: If ``data`` is not a `str`.
            SessionNotStartedError: If the session is not connected yet.
            SessionClosedError: If the test already closed the connection.
            WebSocketDisconnect: If the application closed the connection or returned.
        """
        if not isinstance(data, str):
            raise PayloadTypeError("send_text", "a str", data)
        await self.send({"type": "websocket.receive", "text": data})

    async def send_bytes(self, data: bytes | bytearray | memoryview) -> None:
        """Send a binary message.

        Args:
            data: The bytes; a `bytearray` or `memoryview` is copied into `bytes`.

        Raises:
            PayloadTypeError: If ``data`` is not bytes-like.
            SessionNotStartedError: If the session is not connected yet.
            SessionClosedError: If the test already closed the connection.
            WebSocketDisconnect: If the application closed the connection or returned.
        """
        if not isinstance(data, (bytes, bytearray, memoryview)):
            raise PayloadTypeError("send_bytes", "bytes, bytearray or memoryview", data)
        await self.send({"type": "websocket.receive", "bytes": bytes(data)})

    async def send_json(self, data: Any, mode: str = "text") -> None:
        """Encode a value as compact JSON and send it.

        Args:
            data: The value to encode.
            mode: ``"text"`` for a text frame, ``"binary"`` for UTF-8 bytes in a binary frame.

        Raises:
            JSONModeError: If ``mode`` is neither ``"text"`` nor ``"binary"``.
            TypeError: If ``data`` cannot be encoded as JSON.
            SessionNotStartedError: If the session is not connected yet.
            SessionClosedError: If the test already closed the connection.
            WebSocketDisconnect: If the application closed the connection or returned.
        """
        if mode not in ("text", "binary"):
            raise JSONModeError(mode)
        text = json.dumps(data, separators=(",", ":"), ensure_ascii=False)
        if mode == "text":
            await self.send_text(text)
        else:
            await self.send_bytes(text.encode("utf-8"))

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
            code: The WebSocket close code: 1000-1003, 1007-1014 or 3000-4999, the codes
                a close frame may carry (1005, 1006 and 1015 only report a closure).
            reason: The close reason, at most 123 bytes of UTF-8.

        Raises:
            CloseCodeError: If ``code`` is not an `int` (a `bool` is refused too) or not
                a code a close frame may carry; Starlette's session sends any value.
            CloseReasonError: If ``reason`` is not a `str` or does not fit a close frame.
            SessionNotStartedError: If the session is not connected yet.
        """
        reason = _check_close(code, reason)
        if not self._entered:
            raise SessionNotStartedError("close")
        if self._client_closed:
            return
        self._client_closed = True
        self._disconnect_app({"type": "websocket.disconnect", "code": code, "reason": reason})
        # Nothing reads the application's messages any more: a send waiting for room fails.
        self._from_app.close()


class WebSocketTestSession:
    """One in-process WebSocket connection for plain, synchronous tests, used as ``with``.

    The blocking form of `AsyncWebSocketTestSession`, with Starlette's name and methods:
    the session and the application run on the event loop of the `TestClient` (an anyio
    blocking portal in a background thread), and each method blocks until the
    asynchronous session's method returns there, with the same checks, timeouts and
    exceptions. Unlike Starlette's session, a receive never waits forever, the
    application's exception is raised (or chained to the test's) instead of lost, and
    `close` refuses a close code that a close frame cannot carry.

    Create sessions with `TestClient.websocket_connect`.

    Args:
        session: The asynchronous session to drive.
        portals: A callable returning a context manager that lends the blocking portal
            to run on, for as long as the session is open.

    Attributes:
        session: The asynchronous session.
    """

    def __init__(
        self,
        session: AsyncWebSocketTestSession,
        portals: Callable[[], AbstractContextManager[BlockingPortal]],
    ) -> None:
        self.session = session
        self._portals = portals
        self._portal: BlockingPortal | None = None

    def __enter__(self) -> WebSocketTestSession:
        """Connect: run the application and complete the handshake.

        Returns:
            The session.

        Raises:
            WebSocketDenialResponse: If the application answers with an HTTP response.
            WebSocketDisconnect: If it closes the connection before accepting it.
            WebSocketTimeoutError: If it does neither in time.
            AlreadyEnteredError: If the session was entered before.
        """
        if self._portal is not None or self.session._entered:
            raise AlreadyEnteredError("this WebSocket session")
        with ExitStack() as stack:
            portal = stack.enter_context(self._portals())
            stack.enter_context(portal.wrap_async_context_manager(self.session))
            self._portal = portal
            self._exit_stack = stack.pop_all()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        """Close with code 1000 and wait for the application; see `AsyncWebSocketTestSession`.

        Args:
            exc_type: The type of the exception that ends the block, if any.
            exc: That exception; the application's unseen exception is chained to it.
            traceback: Its traceback.
        """
        self._exit_stack.__exit__(exc_type, exc, traceback)

    def _call(self, method: str, function: Callable[[], Any]) -> Any:
        if self._portal is None:
            raise SessionNotStartedError(method)
        return self._portal.call(function)

    @property
    def accepted_subprotocol(self) -> str | None:
        """The subprotocol the application accepted, or ``None``."""
        return self.session.accepted_subprotocol

    @property
    def extra_headers(self) -> list[tuple[bytes, bytes]]:
        """The headers the application sent with ``websocket.accept``."""
        return self.session.extra_headers

    def send(self, message: Message) -> None:
        """Send a raw ASGI message; see `AsyncWebSocketTestSession.send`.

        Args:
            message: The message, normally of type ``websocket.receive``.
        """
        self._call("send", partial(self.session.send, message))

    def send_text(self, data: str) -> None:
        """Send a text message; see `AsyncWebSocketTestSession.send_text`.

        Args:
            data: The text.
        """
        self._call("send_text", partial(self.session.send_text, data))

    def send_bytes(self, data: bytes | bytearray | memoryview) -> None:
        """Send a binary message; see `AsyncWebSocketTestSession.send_bytes`.

        Args:
            data: The bytes.
        """
        self._call("send_bytes", partial(self.session.send_bytes, data))

    def send_json(self, data: Any, mode: str = "text") -> None:
        """Send a value as JSON; see `AsyncWebSocketTestSession.send_json`.

        Args:
            data: The value to encode.
            mode: ``"text"`` or ``"binary"``.
        """
        self._call("send_json", partial(self.session.send_json, data, mode))

    def receive(self, *, timeout: float | None = None) -> Message:
        """Receive the next raw message; see `AsyncWebSocketTestSession.receive`.

        Args:
            timeout: Seconds to wait; defaults to the session's ``receive_timeout``.

        Returns:
            The raw ASGI message.
        """
        message: Message = self._call("receive", partial(self.session.receive, timeout=timeout))
        return message

    def receive_text(self, *, timeout: float | None = None) -> str:
        """Receive the next text message; see `AsyncWebSocketTestSession.receive_text`.

        Args:
            timeout: Seconds to wait; defaults to the session's ``receive_timeout``.

        Returns:
            The text.
        """
        text: str = self._call("receive_text", partial(self.session.receive_text, timeout=timeout))
        return text

    def receive_bytes(self, *, timeout: float | None = None) -> bytes:
        """Receive the next binary message; see `AsyncWebSocketTestSession.receive_bytes`.

        Args:
            timeout: Seconds to wait; defaults to the session's ``receive_timeout``.

        Returns:
            The bytes.
        """
        data: bytes = self._call(
            "receive_bytes", partial(self.session.receive_bytes, timeout=timeout)
        )
        return data

    def receive_json(self, mode: str = "text", *, timeout: float | None = None) -> Any:
        """Receive the next message as JSON; see `AsyncWebSocketTestSession.receive_json`.

        Args:
            mode: ``"text"`` or ``"binary"``.
            timeout: Seconds to wait; defaults to the session's ``receive_timeout``.

        Returns:
            The decoded value.
        """
        return self._call("receive_json", partial(self.session.receive_json, mode, timeout=timeout))

    def close(self, code: int = 1000, reason: str | None = None) -> None:
        """Close the connection from the client's side; see `AsyncWebSocketTestSession.close`.

        Args:
            code: The WebSocket close code: 1000-1003, 1007-1014 or 3000-4999.
            reason: The close reason, at most 123 bytes of UTF-8.

        Raises:
            CloseCodeError: If ``code`` is not a code a close frame may carry.
            CloseReasonError: If ``reason`` is not a `str` or does not fit a close frame.
        """
        # Checked here too, so that a bad code is refused before the session is connected.
        _check_close(code, reason)
        self._call("close", partial(self.session.close, code, reason))


SyncWebSocketTestSession = WebSocketTestSession
"""The former name of `WebSocketTestSession`, kept so that existing imports keep working."""


# --- what both clients share ------------------------------------------------------------------


def _http_url(url: str | httpx.URL) -> str:
    """``url`` with a WebSocket scheme turned into the HTTP one (``ws`` to ``http``)."""
    text = str(url)
    scheme, colon, rest = text.partition(":")
    if colon and scheme.lower() in _HTTP_SCHEMES:
        return _HTTP_SCHEMES[scheme.lower()] + ":" + rest
    return text


def _client_headers(headers: Any) -> httpx.Headers:
    """The client's default headers: ``headers``, with Starlette's ``testclient`` user agent."""
    merged = httpx.Headers(headers)
    merged.setdefault("user-agent", "testclient")
    return merged


def _header_pairs(headers: Any) -> list[tuple[bytes, bytes]]:
    """Per-connection headers as byte pairs; a `str` is encoded as Latin-1, as on the wire."""
    if headers is None:
        return []
    if isinstance(headers, httpx.Headers):
        return list(headers.raw)
    pairs = headers.items() if isinstance(headers, Mapping) else headers
    return [
        (
            name.encode("latin-1") if isinstance(name, str) else bytes(name),
            value.encode("latin-1") if isinstance(value, str) else bytes(value),
        )
        for name, value in pairs
    ]


def _websocket_scope(
    request: httpx.Request,
    *,
    own_headers: list[tuple[bytes, bytes]],
    subprotocols: list[str],
    root_path: str,
    client: tuple[str, int],
    state: dict[str, Any],
) -> Scope:
    """The ASGI ``websocket`` scope of a handshake built as an httpx ``GET`` request."""
    url = request.url
    scheme = _WEBSOCKET_SCHEMES.get(url.scheme, url.scheme)
    raw_path = _quote_root_path(root_path) + (url.raw_path.partition(b"?")[0] or b"/")
    sent = [(name.lower(), value) for name, value in request.headers.raw]
    mine = {name.lower() for name, _ in own_headers}
    handshake = [
        (b"connection", b"upgrade"),
        (b"upgrade", b"websocket"),
        (b"sec-websocket-version", b"13"),
        (b"sec-websocket-key", base64.b64encode(os.urandom(16))),
    ]
    if subprotocols:
        handshake.append((b"sec-websocket-protocol", ", ".join(subprotocols).encode()))
    # The caller's headers win; the handshake's replace httpx's (its "connection: keep-alive").
    handshake = [line for line in handshake if line[0] not in mine]
    replaced = {name for name, _ in handshake} | {b"host"}
    host = [line for line in sent if line[0] == b"host"] or [(b"host", url.netloc or b"testserver")]
    headers = host[:1] + handshake + [line for line in sent if line[0] not in replaced]
    return {
        "type": "websocket",
        "asgi": {"version": "3.0", "spec_version": "2.4"},
        "http_version": "1.1",
        "scheme": scheme,
        "server": (url.host or "testserver", url.port or _DEFAULT_PORTS.get(scheme, 80)),
        "client": client,
        "root_path": root_path,
        "path": unquote(raw_path.decode("ascii")),
        "raw_path": raw_path,
        "query_string": url.query,
        "headers": headers,
        "subprotocols": subprotocols,
        "state": state,
        "extensions": {"websocket.http.response": {}},
    }


def _session(
    http: httpx.Client | httpx.AsyncClient,
    core: _Core,
    url: str | httpx.URL,
    subprotocols: Sequence[str] | str | None,
    params: Any,
    headers: Any,
    receive_timeout: float | None,
) -> AsyncWebSocketTestSession:
    """Prepare the asynchronous session of a ``websocket_connect`` call of either client."""
    own_headers = _header_pairs(headers)
    # httpx merges the URL with base_url, adds params, the client's headers and cookies.
    request = http.build_request("GET", _http_url(url), params=params, headers=own_headers)
    offered = [subprotocols] if isinstance(subprotocols, str) else list(subprotocols or [])
    scope = _websocket_scope(
        request,
        own_headers=own_headers,
        subprotocols=offered,
        root_path=core.root_path,
        client=core.client,
        state=dict(core.app_state),
    )
    timeout = core.receive_timeout if receive_timeout is None else receive_timeout
    return AsyncWebSocketTestSession(core.asgi_app, scope, timeout)


class _Core:
    """What both clients keep: the application, its scope settings and its lifespan state."""

    def __init__(
        self,
        app: Any,
        *,
        root_path: str,
        client: tuple[str, int],
        receive_timeout: float | None,
    ) -> None:
        self.asgi_app = _as_asgi3(app)
        self.root_path = root_path
        self.client = client
        self.receive_timeout = receive_timeout
        self.app_state: dict[str, Any] = {}

    def state_copy(self) -> dict[str, Any]:
        return dict(self.app_state)

    def lifespan(self) -> LifespanManager:
        return LifespanManager(
            self.asgi_app, timeout=self.receive_timeout, raise_app_exceptions=True
        )


class _Portals:
    """Lend the event loop that a synchronous client's work runs on.

    Everything that overlaps in time (the lifespan of a ``with client:`` block, open
    WebSocket sessions, streamed responses) shares one blocking portal, so an application
    that connects its connections (a chat room) sees them on the same event loop; the
    portal stops when the last user returns it.
    """

    def __init__(self, backend: str, options: dict[str, Any]) -> None:
        self.backend = backend
        self.options = options
        self._lock = threading.Lock()
        self._portal: BlockingPortal | None = None
        self._stack: ExitStack | None = None
        self._users = 0

    @contextmanager
    def use(self) -> Iterator[BlockingPortal]:
        with self._lock:
            if self._portal is None:
                stack = ExitStack()
                self._portal = stack.enter_context(
                    start_blocking_portal(self.backend, self.options)
                )
                self._stack = stack
            portal = self._portal
            self._users += 1
        try:
            yield portal
        finally:
            with self._lock:
                self._users -= 1
                finished = None
                if self._users == 0:
                    finished, self._stack, self._portal = self._stack, None, None
            if finished is not None:
                finished.close()


class TestClient(httpx.Client):
    """A synchronous client that runs an ASGI application in process, as Starlette's does.

    It is an ``httpx.Client``, so every httpx method and keyword works (``get``,
    ``post``, ``stream``, ``send``, ``build_request``, ``cookies``, ``headers``,
    ``follow_redirects``...), and it takes the arguments of Starlette's ``TestClient``:
    a test written for Starlette or FastAPI runs by changing its import. Cookies the
    application sets are kept and sent back, redirects are followed, and every request
    carries the ``user-agent: testclient`` header unless ``headers`` says otherwise.

    The application runs on an event loop in a background thread (an anyio blocking
    portal, on asyncio or trio). ``with TestClient(app) as client:`` runs its lifespan
    around the block: startup on entering, shutdown on leaving (skipped if the block
    raises), and every request and session inside runs on that same event loop with a
    copy of the lifespan state in its scope. Without ``with``, each request gets an event
    loop of its own, except that work that overlaps in time (open sessions, streamed
    responses) shares one.

    Where it differs from Starlette's, it is to fail instead of hang or hide: every wait
    has a timeout (``receive_timeout``); a streamed response or a WebSocket session holds
    an application that sends faster than the test reads (backpressure); an exception in
    a WebSocket endpoint is raised in the test, or chained to the test's own; a bad close
    code is refused. ``async`` tests use `AsyncTestClient`, the same client on the test's
    own event loop.

    Example:
        ```python
        def test_app() -> None:
            with TestClient(app) as client:
                assert client.get("/health").status_code == 200
                with client.websocket_connect("/echo") as websocket:
                    websocket.send_text("hi")
                    assert websocket.receive_text() == "echo: hi"
        ```

    Args:
        app: The ASGI application (ASGI 3, or ASGI 2: a callable taking the scope).
        base_url: The URL the application is served at: its scheme, host and port fill
            the scope, and relative URLs are resolved against it (a path in it prefixes
            them). ``ws``/``wss`` are taken as ``http``/``https``.
        raise_server_exceptions: ``True`` to raise the exception the application raised
            while answering an HTTP request in the test; ``False`` to get the response a
            server would send instead: what the application sent, or a bare 500 if it
            sent nothing. An exception in a WebSocket endpoint or in the lifespan is
            always raised.
        root_path: The ASGI ``root_path``, the prefix a proxy stripped; it is put in
            front of each connection's path, as servers do.
        backend: The event loop to run the application on: ``"asyncio"`` or ``"trio"``.
        backend_options: Options for that backend, as ``anyio.run`` takes them, such as
            ``{"use_uvloop": True}``.
        cookies: Cookies to send with every request, besides those the application sets.
        headers: Headers to send with every request.
        follow_redirects: Whether to follow redirects (Starlette's default: ``True``).
        client: The ``(host, port)`` the application sees as the client.
        receive_timeout: Seconds to wait for the application: for an HTTP response as a
            whole (or each part of a streamed one; a request's ``timeout=`` replaces it),
            for each WebSocket message and for the lifespan; ``None`` waits forever.
        **httpx_options: Other arguments of ``httpx.Client``, such as ``auth``,
            ``params``, ``event_hooks`` or ``max_redirects``.

    Attributes:
        app: The application, as given.
        portal: The blocking portal of the ``with`` block while it runs, else ``None``.
        backend: As given.

    Raises:
        UnknownBackendError: If ``backend`` is neither ``"asyncio"`` nor ``"trio"``.
    """

    __test__ = False  # not a pytest test class

    def __init__(
        self,
        app: ASGIApp,
        base_url: str = "http://testserver",
        raise_server_exceptions: bool = True,
        root_path: str = "",
        backend: str = "asyncio",
        backend_options: dict[str, Any] | None = None,
        cookies: Any = None,
        headers: Any = None,
        follow_redirects: bool = True,
        client: tuple[str, int] = ("testclient", 50000),
        *,
        receive_timeout: float | None = 5.0,
        **httpx_options: Any,
    ) -> None:
        if not isinstance(backend, str) or backend not in _BACKENDS:
            raise UnknownBackendError(backend)
        self.app = app
        self.backend = backend
        self.portal: BlockingPortal | None = None
        self._core = _Core(app, root_path=root_path, client=client, receive_timeout=receive_timeout)
        self._portals = _Portals(backend, dict(backend_options or {}))
        self._lifespan: ExitStack | None = None
        transport = _PortalTransport(
            self._core.asgi_app,
            self._portals.use,
            root_path=root_path,
            client=client,
            timeout=None,  # the request's read timeout: receive_timeout, or its timeout=
            state=self._core.state_copy,
            raise_server_exceptions=raise_server_exceptions,
        )
        super().__init__(
            base_url=_http_url(base_url),
            headers=_client_headers(headers),
            cookies=cookies,
            follow_redirects=follow_redirects,
            timeout=receive_timeout,
            transport=transport,
            **httpx_options,
        )

    @property
    def app_state(self) -> dict[str, Any]:
        """The lifespan state the application filled during startup."""
        return self._core.app_state

    @property
    def receive_timeout(self) -> float | None:
        """Seconds to wait for the application; setting it applies to what comes next."""
        return self._core.receive_timeout

    @receive_timeout.setter
    def receive_timeout(self, value: float | None) -> None:
        self._core.receive_timeout = value
        self.timeout = httpx.Timeout(value)  # what the transport reads for each request

    def __enter__(self: _Client) -> _Client:
        """Start the application's lifespan on the client's event loop.

        Returns:
            The client.

        Raises:
            AlreadyEnteredError: If the client is already entered.
            LifespanFailedError: If the startup fails without an exception of the
                application's, or does not complete in time.
            Exception: The exception the application raised during startup.
        """
        if self._lifespan is not None:
            raise AlreadyEnteredError("this TestClient")
        with ExitStack() as stack:
            portal = stack.enter_context(self._portals.use())
            lifespan = self._core.lifespan()
            self._core.app_state = stack.enter_context(portal.wrap_async_context_manager(lifespan))
            self.portal = portal
            stack.callback(setattr, self, "portal", None)
            self._lifespan = stack.pop_all()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None = None,
        exc: BaseException | None = None,
        traceback: TracebackType | None = None,
    ) -> None:
        """Shut the application's lifespan down (unless the block raised).

        The client stays usable, and can be entered again.

        Args:
            exc_type: The type of the exception that ends the block, if any.
            exc: That exception; with one, the shutdown is not run.
            traceback: Its traceback.

        Raises:
            LifespanFailedError: If the shutdown fails without an exception of the
                application's, or does not complete in time.
            Exception: The exception the application raised during shutdown.
        """
        lifespan, self._lifespan = self._lifespan, None
        if lifespan is not None:
            lifespan.__exit__(exc_type, exc, traceback)

    def send(
        self, request: httpx.Request, *, stream: bool = False, **kwargs: Any
    ) -> httpx.Response:
        """Send a request built with ``build_request``; see ``httpx.Client.send``.

        Args:
            request: The request.
            stream: ``False`` to read the whole response (the application must answer it
                within the timeout); ``True`` to read it as it comes, with the timeout
                applying to each wait, so that a response that never ends can be read in
                part. ``client.stream(...)`` passes ``True``.
            **kwargs: ``auth`` and ``follow_redirects``, as httpx takes them.

        Returns:
            The response.
        """
        request.extensions = {**request.extensions, _STREAM_EXTENSION: stream}
        return super().send(request, stream=stream, **kwargs)

    def websocket_connect(
        self,
        url: str,
        subprotocols: Sequence[str] | None = None,
        *,
        params: Any = None,
        headers: Any = None,
        receive_timeout: float | None = None,
    ) -> WebSocketTestSession:
        """Prepare a WebSocket connection; enter it with ``with`` to connect.

        The handshake is built like an HTTP request of this client: the URL is resolved
        against ``base_url`` (``http`` becomes ``ws``), and the client's headers and
        cookies are sent with it.

        Args:
            url: The path, with an optional query string, or an absolute URL.
            subprotocols: The subprotocols to offer, in order of preference (a single
                `str` is one subprotocol).
            params: Query parameters to add, as httpx takes them.
            headers: Extra request headers; one named like a header the client sets
                itself (``host``, ``sec-websocket-protocol``...) replaces it. A `str` is
                sent as Latin-1.
            receive_timeout: Seconds to wait for the application in this session;
                defaults to the client's ``receive_timeout``.

        Returns:
            The session; entering it raises `WebSocketDenialResponse` if the application
                answers with an HTTP response, and `WebSocketDisconnect` if it closes the
                connection before accepting it.
        """
        session = _session(self, self._core, url, subprotocols, params, headers, receive_timeout)
        return WebSocketTestSession(session, self._portals.use)


class AsyncTestClient(httpx.AsyncClient):
    """An ``async`` client that runs an ASGI application in process, on the test's event loop.

    The asynchronous twin of `TestClient`: an ``httpx.AsyncClient`` with the same
    arguments (but ``backend``: it runs on the test's own event loop, asyncio or trio),
    the same defaults and the same errors. ``async with`` runs the application's lifespan
    around the block. A response is collected whole before it is returned, so read a
    response that never ends with `TestClient.stream` instead.

    Example:
        ```python
        async with AsyncTestClient(app) as client:
            response = await client.get("/health")
            async with client.websocket_connect("/echo") as websocket:
                await websocket.send_text("hi")
                assert await websocket.receive_text() == "echo: hi"
        ```

    Args:
        app: The ASGI application (ASGI 3, or ASGI 2: a callable taking the scope).
        base_url: The URL the application is served at; see `TestClient`.
        raise_server_exceptions: ``True`` to raise the exception the application raised
            while answering an HTTP request; ``False`` to get the response a server would
            send instead (what the application sent, or a bare 500).
        root_path: The ASGI ``root_path``, put in front of each connection's path.
        cookies: Cookies to send with every request, besides those the application sets.
        headers: Headers to send with every request.
        follow_redirects: Whether to follow redirects (``True`` by default).
        client: The ``(host, port)`` the application sees as the client.
        receive_timeout: Seconds to wait for the application: for an HTTP response (a
            request's ``timeout=`` replaces it), for each WebSocket message and for the
            lifespan; ``None`` waits forever.
        **httpx_options: Other arguments of ``httpx.AsyncClient``, such as ``auth``.

    Attributes:
        app: The application, as given.
    """

    __test__ = False  # not a pytest test class

    def __init__(
        self,
        app: ASGIApp,
        base_url: str = "http://testserver",
        raise_server_exceptions: bool = True,
        root_path: str = "",
        cookies: Any = None,
        headers: Any = None,
        follow_redirects: bool = True,
        client: tuple[str, int] = ("testclient", 50000),
        *,
        receive_timeout: float | None = 5.0,
        **httpx_options: Any,
    ) -> None:
        self.app = app
        self._core = _Core(app, root_path=root_path, client=client, receive_timeout=receive_timeout)
        self._lifespan: LifespanManager | None = None
        transport = TestTransport(
            self._core.asgi_app,
            root_path=root_path,
            client=client,
            timeout=None,  # the request's read timeout: receive_timeout, or its timeout=
            state=self._core.state_copy,
            raise_server_exceptions=raise_server_exceptions,
        )
        super().__init__(
            base_url=_http_url(base_url),
            headers=_client_headers(headers),
            cookies=cookies,
            follow_redirects=follow_redirects,
            timeout=receive_timeout,
            transport=transport,
            **httpx_options,
        )

    @property
    def app_state(self) -> dict[str, Any]:
        """The lifespan state the application filled during startup."""
        return self._core.app_state

    @property
    def receive_timeout(self) -> float | None:
        """Seconds to wait for the application; setting it applies to what comes next."""
        return self._core.receive_timeout

    @receive_timeout.setter
    def receive_timeout(self, value: float | None) -> None:
        self._core.receive_timeout = value
        self.timeout = httpx.Timeout(value)  # what the transport reads for each request

    async def __aenter__(self: _AsyncClient) -> _AsyncClient:
        """Run the application's lifespan startup.

        Returns:
            The client.

        Raises:
            AlreadyEnteredError: If the client is already entered.
            LifespanFailedError: If the startup fails without an exception of the
                application's, or does not complete in time.
            Exception: The exception the application raised during startup.
        """
        if self._lifespan is not None:
            raise AlreadyEnteredError("this AsyncTestClient")
        lifespan = self._core.lifespan()
        self._core.app_state = await lifespan.__aenter__()
        self._lifespan = lifespan
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None = None,
        exc: BaseException | None = None,
        traceback: TracebackType | None = None,
    ) -> None:
        """Run the application's lifespan shutdown (unless the block raised).

        The client stays usable, and can be entered again.

        Args:
            exc_type: The type of the exception that ends the block, if any.
            exc: That exception; with one, the shutdown is not run.
            traceback: Its traceback.

        Raises:
            LifespanFailedError: If the shutdown fails without an exception of the
                application's, or does not complete in time.
            Exception: The exception the application raised during shutdown.
        """
        lifespan, self._lifespan = self._lifespan, None
        if lifespan is not None:
            await lifespan.__aexit__(exc_type, exc, traceback)

    def websocket_connect(
        self,
        url: str,
        subprotocols: Sequence[str] | None = None,
        *,
        params: Any = None,
        headers: Any = None,
        receive_timeout: float | None = None,
    ) -> AsyncWebSocketTestSession:
        """Prepare a WebSocket connection; enter it with ``async with`` to connect.

        The arguments are those of `TestClient.websocket_connect`.

        Args:
            url: The path, with an optional query string, or an absolute URL.
            subprotocols: The subprotocols to offer, in order of preference.
            params: Query parameters to add, as httpx takes them.
            headers: Extra request headers; one named like a header the client sets
                itself replaces it.
            receive_timeout: Seconds to wait for the application in this session;
                defaults to the client's ``receive_timeout``.

        Returns:
            The session; entering it raises `WebSocketDenialResponse` if the application
                answers with an HTTP response, and `WebSocketDisconnect` if it closes the
                connection before accepting it.
        """
        return _session(self, self._core, url, subprotocols, params, headers, receive_timeout)

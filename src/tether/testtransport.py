"""httpx transports that answer HTTP requests with an ASGI application, in process.

It needs ``anyio`` and ``httpx`` (install the ``testing`` extra) and runs on asyncio and
trio. `TestTransport` serves an ``httpx.AsyncClient`` and is what
`tether.testing.AsyncTestClient` sends its requests through; use it directly to give an
``httpx.AsyncClient`` of your own to an application. `tether.testing.TestClient`, the
synchronous client, runs the very same exchange on an event loop in a background thread.
"""

from __future__ import annotations

import inspect
import time
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import AbstractContextManager, ExitStack
from functools import partial
from typing import Any
from urllib.parse import quote, unquote

import anyio
import anyio.lowlevel
import httpx
from anyio.abc import TaskStatus
from anyio.from_thread import BlockingPortal

from tether.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["ResponseProtocolError", "ResponseTimeoutError", "TestTransport"]

_DEFAULT_PORTS = {"http": 80, "https": 443, "ws": 80, "wss": 443}
# The printable ASCII characters, which a path keeps as they are; anything else in the root
# path is percent-encoded as UTF-8, as it would be on the wire.
_URL_PRINTABLE = "".join(chr(code) for code in range(0x21, 0x7F))
# How many body chunks a streamed response may run ahead of the test before the
# application's next send waits, as it would on a server whose write buffer is full.
_BODY_BUFFER = 64
# The request extension in which the synchronous client says whether the caller streams
# the response (``client.stream``) or wants it whole (``client.get``...).
_STREAM_EXTENSION = "tether.stream"


class ResponseTimeoutError(TimeoutError):
    """The application did not do what the test waited for within the timeout.

    Args:
        method: The request method.
        path: The request path.
        timeout: The number of seconds the transport waited.
        stage: What the test waited for: ``"answer"``, the start of the response;
            ``"body"``, the rest of a response read whole (within the same timeout);
            ``"more"``, the next part of a streamed response; ``"return"``, the
            application to return after it completed its response (as its background
            tasks run).

    Attributes:
        stage: What the test waited for, as given.
    """

    def __init__(
        self, method: str, path: str, timeout: float | None, stage: str = "answer"
    ) -> None:
        self.stage = stage
        request = f"{method} {path!r}"
        if stage == "body":
            text = f"the application did not complete its response to {request} within {timeout} s"
        elif stage == "more":
            text = f"the application sent no more of its response to {request} within {timeout} s"
        elif stage == "return":
            text = (
                f"the application did not return within {timeout} s after completing its "
                f"response to {request}"
            )
        else:
            text = f"the application did not answer {request} within {timeout} s"
        super().__init__(text)


class ResponseProtocolError(RuntimeError):
    """The application's response broke the ASGI HTTP protocol.

    For example it returned without sending ``http.response.start``, or sent a body
    before it. It is a `RuntimeError`, as servers such as uvicorn raise.
    """


class TestTransport(httpx.AsyncBaseTransport):
    """Send each request of an ``httpx.AsyncClient`` to an ASGI application in process.

    The request body is streamed to the application, which may read it in parts; the
    response is collected whole. Once the response is complete, the application's next
    ``receive`` gets ``http.disconnect``. An exception the application raises reaches the
    test, also after the response was sent, as with Starlette's test client; unlike
    httpx's ``ASGITransport``, every request has a timeout, so an application that never
    answers fails the test instead of hanging it. An ASGI 2 application (a callable taking
    the scope and returning a coroutine function of ``receive`` and ``send``) is run too.

    Example:
        ```python
        async with httpx.AsyncClient(
            transport=TestTransport(app), base_url="http://testserver"
        ) as client:
            response = await client.get("/users/1")
        ```

    Args:
        app: The ASGI application.
        root_path: The ASGI ``root_path``, put in front of each request's path.
        client: The ``(host, port)`` the application sees as the client.
        timeout: Seconds the application may take for one request, or ``None`` for no
            limit of the transport's own. The request's httpx read timeout (the client's
            ``timeout``, or a request's ``timeout=``) applies as well: the shorter wins.
        state: A callable returning the ``scope["state"]`` of each request, such as a
            copy of the lifespan state; ``None`` gives an empty dict.
        raise_server_exceptions: ``True`` to raise the exception the application raised
            (or the `ResponseProtocolError` of a broken response) in the test; ``False``
            to answer as a server would instead: the response the application sent, or
            a bare 500 if it sent none.
    """

    __test__ = False  # not a pytest test class

    def __init__(
        self,
        app: ASGIApp,
        *,
        root_path: str = "",
        client: tuple[str, int] = ("testclient", 50000),
        timeout: float | None = 5.0,
        state: Callable[[], dict[str, Any]] | None = None,
        raise_server_exceptions: bool = True,
    ) -> None:
        self.app = app
        self.root_path = root_path
        self.client = client
        self.timeout = timeout
        self.state = state
        self.raise_server_exceptions = raise_server_exceptions

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Run the application for one request and return its response.

        Args:
            request: The request.

        Returns:
            The response, with its whole body read.

        Raises:
            ResponseTimeoutError: If the application does not return in time.
            ResponseProtocolError: If the application breaks the HTTP protocol (and
                ``raise_server_exceptions`` is true).
            Exception: The exception the application raised, if it did (and
                ``raise_server_exceptions`` is true).
        """
        exchange = _Exchange(
            _as_asgi3(self.app),
            _http_scope(request, root_path=self.root_path, client=self.client, state=self.state),
            request,
        )
        seconds = _request_timeout(request, self.timeout)
        try:
            with anyio.fail_after(seconds):
                await exchange.run()
        except TimeoutError:
            raise ResponseTimeoutError(
                request.method, exchange.path, seconds, exchange.stage()
            ) from None
        return exchange.whole_response(raise_server_exceptions=self.raise_server_exceptions)


def _request_timeout(request: httpx.Request, timeout: float | None) -> float | None:
    """The shorter of a transport's ``timeout`` and the request's httpx read timeout."""
    read = request.extensions.get("timeout", {}).get("read")
    limits = [limit for limit in (timeout, read) if limit is not None]
    return min(limits) if limits else None


def _http_scope(
    request: httpx.Request,
    *,
    root_path: str,
    client: tuple[str, int],
    state: Callable[[], dict[str, Any]] | None,
) -> Scope:
    """The ASGI ``http`` scope of a request."""
    url = request.url
    raw_root_path = _quote_root_path(root_path)
    raw_path = raw_root_path + url.raw_path.partition(b"?")[0]
    headers = [(name.lower(), value) for name, value in request.headers.raw]
    return {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.4"},
        "http_version": "1.1",
        "method": request.method,
        "scheme": url.scheme,
        "server": (url.host, url.port or _DEFAULT_PORTS.get(url.scheme, 80)),
        "client": client,
        "root_path": root_path,
        "path": unquote(raw_path.decode("ascii")),
        "raw_path": raw_path,
        "query_string": url.query,
        "headers": headers,
        "state": {} if state is None else state(),
        "extensions": {},
    }


def _quote_root_path(root_path: str) -> bytes:
    """Percent-encode a root path as it would appear on the wire."""
    return quote(root_path, safe=_URL_PRINTABLE).encode("ascii")


def _as_asgi3(app: Any) -> ASGIApp:
    """Return an ASGI 3 application for ``app``, wrapping an ASGI 2 one.

    An ASGI 2 application takes the scope alone and returns a coroutine function of
    ``receive`` and ``send``; a callable that is async, or that accepts three arguments,
    is taken as ASGI 3.
    """
    if _is_async_callable(app):
        return app  # type: ignore[no-any-return]
    try:
        signature = inspect.signature(app)
    except (TypeError, ValueError):  # a builtin or an odd callable: assume ASGI 3
        return app  # type: ignore[no-any-return]
    try:
        signature.bind(None, None, None)
    except TypeError:
        return partial(_run_asgi2, app)
    return app  # type: ignore[no-any-return]


def _is_async_callable(value: Any) -> bool:
    while isinstance(value, partial):
        value = value.func
    if inspect.isclass(value):  # calling a class makes an instance: its signature decides
        return False
    return inspect.iscoroutinefunction(value) or (
        callable(value) and inspect.iscoroutinefunction(getattr(value, "__call__", None))  # noqa: B004
    )


async def _run_asgi2(app: Any, scope: Scope, receive: Receive, send: Send) -> None:
    instance = app(scope)
    await instance(receive, send)


async def _request_chunks(stream: Any) -> AsyncIterator[bytes]:
    """The request body in parts, from an async stream or (for ``httpx.Client``) a sync one."""
    if isinstance(stream, httpx.AsyncByteStream):
        async for chunk in stream:
            yield bytes(chunk)
    else:
        for chunk in stream:
            yield bytes(chunk)


class _Exchange:
    """One request and its response, as the application's ``receive`` and ``send`` see them.

    `run` runs the application. The response's start and body are recorded; with
    ``stream`` true the body chunks are also handed to the test through a bounded stream
    (`next_chunk`), so that the test can read a response that never ends.
    """

    def __init__(
        self, app: ASGIApp, scope: Scope, request: httpx.Request, *, stream: bool = False
    ) -> None:
        self.app = app
        self.scope = scope
        self.request = request
        self.path: str = scope["path"]
        self._stream = stream
        self._body: AsyncIterator[bytes] | None = None
        self._request_done = False
        self.status: int | None = None
        self.headers: list[tuple[bytes, bytes]] = []
        self.content = bytearray()
        self.complete = False
        self.error: Exception | None = None
        self.returned = False

    async def run(self, *, task_status: TaskStatus[None] = anyio.TASK_STATUS_IGNORED) -> None:
        """Run the application to its end; keep the exception it raises."""
        self._started = anyio.Event()
        self._response_done = anyio.Event()
        self._returned = anyio.Event()
        self._to_test, self._from_app = anyio.create_memory_object_stream[bytes](_BODY_BUFFER)
        try:
            with anyio.CancelScope() as self.cancel_scope:
                task_status.started()
                try:
                    await self.app(self.scope, self.receive, self.send)
                except Exception as exc:
                    self.error = exc
        finally:
            self.returned = True
            for event in (self._started, self._response_done, self._returned):
                event.set()
            self._to_test.close()

    async def receive(self) -> Message:
        if not self._request_done:
            if self._body is None:
                self._body = _request_chunks(self.request.stream)
            try:
                chunk = await anext(self._body)
            except StopAsyncIteration:
                self._request_done = True
                return {"type": "http.request", "body": b"", "more_body": False}
            return {"type": "http.request", "body": chunk, "more_body": True}
        await self._response_done.wait()
        return {"type": "http.disconnect"}

    async def send(self, message: Message) -> None:
        # Every send yields to the event loop, so that a timeout or a cancellation reaches
        # an application that sends in a loop without other awaits.
        await anyio.lowlevel.checkpoint()
        message_type = message.get("type")
        if self.complete:
            raise ResponseProtocolError(f"{message_type!r} sent after the response was complete")
        if message_type == "http.response.start":
            if self.status is not None:
                raise ResponseProtocolError("'http.response.start' sent twice")
            self.status = int(message["status"])
            self.headers = list(message.get("headers", []))
            self._started.set()
        elif message_type == "http.response.body":
            if self.status is None:
                raise ResponseProtocolError("'http.response.body' sent before the start")
            chunk = bytes(message.get("body", b""))
            if not message.get("more_body", False):
                self.complete = True
            if self._stream:
                if chunk:
                    await self._to_test.send(chunk)
                if self.complete:
                    self._to_test.close()
            else:
                self.content += chunk
            if self.complete:
                self._response_done.set()
        else:
            raise ResponseProtocolError(
                f"expected 'http.response.start' or 'http.response.body', got {message_type!r}"
            )

    # --- what the test side calls -----------------------------------------------------------

    def stage(self) -> str:
        """What the test waits for now, as `ResponseTimeoutError` names it."""
        if self.status is None:
            return "answer"
        return "return" if self.complete else "body"

    def failure(self) -> Exception | None:
        """The application's exception, or the protocol error of an unfinished response."""
        if self.error is not None:
            return self.error
        if self.status is None or not self.complete:
            return ResponseProtocolError(
                f"the application returned without completing a response to "
                f"{self.request.method} {self.request.url.path!r}"
            )
        return None

    def whole_response(self, *, raise_server_exceptions: bool) -> httpx.Response:
        """The response once the application returned, or the exception to raise."""
        failure = self.failure()
        if failure is not None and raise_server_exceptions:
            raise failure
        if self.status is None:
            return httpx.Response(500, request=self.request)
        return httpx.Response(
            self.status, headers=self.headers, content=bytes(self.content), request=self.request
        )

    async def wait_started(self) -> None:
        await self._started.wait()

    async def next_chunk(self) -> bytes | None:
        """The next body chunk of a streamed response; ``None`` once the body is complete."""
        try:
            return await self._from_app.receive()
        except anyio.EndOfStream:
            return None

    async def wait_returned(self) -> None:
        await self._returned.wait()

    async def abandon(self) -> None:
        """The test stopped reading: the application is cancelled (as Starlette's client does).

        It is cancelled before the body stream closes, so that a send waiting for room
        ends by the cancellation rather than by an error of the stream.
        """
        self._response_done.set()
        self.cancel_scope.cancel()
        await self._returned.wait()
        self._from_app.close()


class _PortalTransport(httpx.BaseTransport):
    """Serve an ``httpx.Client`` from an ASGI application on an event loop in a thread.

    The application runs as a task of an anyio blocking portal from ``portals``. The
    response is returned once it has started, and its body is read from the application
    as the caller reads it, so a streamed response that never ends can be read in part.
    A request the caller reads whole (``_STREAM_EXTENSION`` false or absent) must be
    answered within the timeout as a whole; a streamed one gets the timeout for each wait.
    """

    __test__ = False

    def __init__(
        self,
        app: ASGIApp,
        portals: Callable[[], AbstractContextManager[BlockingPortal]],
        *,
        root_path: str,
        client: tuple[str, int],
        timeout: float | None,
        state: Callable[[], dict[str, Any]],
        raise_server_exceptions: bool,
    ) -> None:
        self.app = app
        self.portals = portals
        self.root_path = root_path
        self.client = client
        self.timeout = timeout
        self.state = state
        self.raise_server_exceptions = raise_server_exceptions

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        exchange = _Exchange(
            _as_asgi3(self.app),
            _http_scope(request, root_path=self.root_path, client=self.client, state=self.state),
            request,
            stream=True,
        )
        seconds = _request_timeout(request, self.timeout)
        whole = not request.extensions.get(_STREAM_EXTENSION, False)
        clock = _Clock(seconds, whole=whole)
        with ExitStack() as stack:
            portal = stack.enter_context(self.portals())
            portal.start_task(exchange.run)
            stack.callback(portal.call, exchange.abandon)
            body = _PortalBody(exchange, portal, clock, self.raise_server_exceptions)
            body.wait("answer", exchange.wait_started)
            if exchange.status is None:  # the application returned without answering
                failure = exchange.failure()
                if self.raise_server_exceptions and failure is not None:
                    raise failure
                return httpx.Response(500, request=request)
            body.stack = stack.pop_all()
        return httpx.Response(
            exchange.status, headers=exchange.headers, stream=body, request=request
        )


class _Clock:
    """The seconds each wait may take: the same for every wait, or what is left of one deadline."""

    def __init__(self, seconds: float | None, *, whole: bool) -> None:
        self.seconds = seconds
        self.deadline = None if seconds is None or not whole else time.monotonic() + seconds

    def next_wait(self) -> float | None:
        if self.deadline is None:
            return self.seconds
        return max(0.0, self.deadline - time.monotonic())


class _PortalBody(httpx.SyncByteStream):
    """The body of a response from `_PortalTransport`, read from the application as it comes."""

    def __init__(
        self,
        exchange: _Exchange,
        portal: BlockingPortal,
        clock: _Clock,
        raise_server_exceptions: bool,
    ) -> None:
        self.exchange = exchange
        self.portal = portal
        self.clock = clock
        self.raise_server_exceptions = raise_server_exceptions
        self.stack = ExitStack()

    def wait(self, stage: str, waiter: Callable[[], Any]) -> Any:
        """Run ``waiter`` on the loop within the clock's time; time out with ``stage``."""
        seconds = self.clock.next_wait()
        try:
            return self.portal.call(partial(_within, seconds, waiter))
        except TimeoutError:
            request = self.exchange.request
            raise ResponseTimeoutError(
                request.method, self.exchange.path, self.clock.seconds, stage
            ) from None

    def __iter__(self) -> Iterator[bytes]:
        stage = "body" if self.clock.deadline is not None else "more"
        while (chunk := self.wait(stage, self.exchange.next_chunk)) is not None:
            yield chunk
        # The body is complete: let the application finish (background tasks run here).
        self.wait("return", self.exchange.wait_returned)
        failure = self.exchange.failure()
        if failure is not None and self.raise_server_exceptions:
            raise failure

    def close(self) -> None:
        # Cancels an application still running (the test stopped reading early or a wait
        # timed out) and gives the event loop back.
        self.stack.close()


async def _within(seconds: float | None, waiter: Callable[[], Any]) -> Any:
    with anyio.fail_after(seconds):
        return await waiter()

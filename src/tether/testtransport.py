"""An httpx transport that answers HTTP requests with an ASGI application, in process.

It needs ``anyio`` and ``httpx`` (install the ``testing`` extra) and runs on asyncio and
trio. `tether.testing.TestClient` uses it for its HTTP methods; use it directly to give an
``httpx.AsyncClient`` of your own to an application.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import quote, unquote

import anyio
import httpx

from tether.types import ASGIApp, Message, Scope

__all__ = ["ResponseProtocolError", "ResponseTimeoutError", "TestTransport"]

_DEFAULT_PORTS = {"http": 80, "https": 443}
# The printable ASCII characters, which a path keeps as they are; anything else in the root
# path is percent-encoded as UTF-8, as it would be on the wire.
_URL_PRINTABLE = "".join(chr(code) for code in range(0x21, 0x7F))


class ResponseTimeoutError(TimeoutError):
    """The application did not finish its response within the transport's timeout.

    Args:
        method: The request method.
        path: The request path.
        timeout: The number of seconds the transport waited.
    """

    def __init__(self, method: str, path: str, timeout: float | None) -> None:
        super().__init__(f"the application did not answer {method} {path!r} within {timeout} s")


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
    answers fails the test instead of hanging it.

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
        timeout: Seconds the application may take for one request, or ``None`` to wait
            forever.
        state: A callable returning the ``scope["state"]`` of each request, such as a
            copy of the lifespan state; ``None`` gives an empty dict.
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
    ) -> None:
        self.app = app
        self.root_path = root_path
        self.client = client
        self.timeout = timeout
        self.state = state

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Run the application for one request and return its response.

        Args:
            request: The request.

        Returns:
            The response, with its whole body read.

        Raises:
            ResponseTimeoutError: If the application does not finish in time.
            ResponseProtocolError: If the application breaks the HTTP protocol.
            Exception: The exception the application raised, if it did.
        """
        exchange = _Exchange(request)
        scope = self._scope(request)
        try:
            with anyio.fail_after(self.timeout):
                await self.app(scope, exchange.receive, exchange.send)
        except TimeoutError:
            raise ResponseTimeoutError(request.method, scope["path"], self.timeout) from None
        return exchange.response(request)

    def _scope(self, request: httpx.Request) -> Scope:
        url = request.url
        root_path = quote(self.root_path, safe=_URL_PRINTABLE).encode("ascii")
        raw_path = root_path + url.raw_path.partition(b"?")[0]
        headers = [(name.lower(), value) for name, value in request.headers.raw]
        return {
            "type": "http",
            "asgi": {"version": "3.0", "spec_version": "2.4"},
            "http_version": "1.1",
            "method": request.method,
            "scheme": url.scheme,
            "server": (url.host, url.port or _DEFAULT_PORTS.get(url.scheme, 80)),
            "client": self.client,
            "root_path": self.root_path,
            "path": unquote(raw_path.decode("ascii")),
            "raw_path": raw_path,
            "query_string": url.query,
            "headers": headers,
            "state": {} if self.state is None else self.state(),
            "extensions": {},
        }


class _Exchange:
    """One request and its response, as the application's ``receive`` and ``send`` see them."""

    def __init__(self, request: httpx.Request) -> None:
        self._body = request.stream
        self._chunks: Any = None
        self._request_done = False
        self._response_done = anyio.Event()
        self._status: int | None = None
        self._headers: list[tuple[bytes, bytes]] = []
        self._content = bytearray()

    async def receive(self) -> Message:
        if not self._request_done:
            if self._chunks is None:
                self._chunks = aiter(self._body)  # type: ignore[arg-type]
            try:
                chunk = await anext(self._chunks)
            except StopAsyncIteration:
                self._request_done = True
                return {"type": "http.request", "body": b"", "more_body": False}
            return {"type": "http.request", "body": bytes(chunk), "more_body": True}
        await self._response_done.wait()
        return {"type": "http.disconnect"}

    async def send(self, message: Message) -> None:
        message_type = message.get("type")
        if self._response_done.is_set():
            raise ResponseProtocolError(f"{message_type!r} sent after the response was complete")
        if message_type == "http.response.start":
            if self._status is not None:
                raise ResponseProtocolError("'http.response.start' sent twice")
            self._status = int(message["status"])
            self._headers = list(message.get("headers", []))
        elif message_type == "http.response.body":
            if self._status is None:
                raise ResponseProtocolError("'http.response.body' sent before the start")
            self._content += message.get("body", b"")
            if not message.get("more_body", False):
                self._response_done.set()
        else:
            raise ResponseProtocolError(
                f"expected 'http.response.start' or 'http.response.body', got {message_type!r}"
            )

    def response(self, request: httpx.Request) -> httpx.Response:
        if self._status is None or not self._response_done.is_set():
            raise ResponseProtocolError(
                f"the application returned without completing a response to {request.method} "
                f"{request.url.path!r}"
            )
        return httpx.Response(
            self._status, headers=self._headers, content=bytes(self._content), request=request
        )

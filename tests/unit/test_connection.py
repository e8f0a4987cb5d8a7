"""HTTPConnection: every property, its errors, its caching, and the scopes real servers send."""

from __future__ import annotations

import asyncio
import contextlib
import json
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any, TypedDict

import pytest
import uvicorn
from hypercorn.asyncio import serve as hypercorn_serve
from hypercorn.config import Config as HypercornConfig
from starlette.routing import Route, Router, WebSocketRoute
from websockets.sync.client import connect as websocket_connect

from tether.connection import (
    HTTPConnection,
    MiddlewareNotInstalledError,
    NoRouterError,
    UnsupportedScopeError,
)
from tether.datastructures import URL, Address, Headers, QueryParams, State
from tether.types import Receive, Scope, Send


def make_scope(**overrides: Any) -> dict[str, Any]:
    scope: dict[str, Any] = {
        "type": "http",
        "scheme": "https",
        "method": "GET",
        "server": ("10.0.0.1", 443),
        "client": ("203.0.113.9", 50000),
        "root_path": "",
        "path": "/items",
        "query_string": b"a=1&b=&a=2",
        "headers": [
            (b"host", b"example.com"),
            (b"cookie", b"sid=abc; theme=dark"),
            (b"x-dup", b"1"),
            (b"x-dup", b"2"),
        ],
    }
    scope.update(overrides)
    return scope


# construction and the Mapping interface


@pytest.mark.parametrize("scope_type", ["http", "websocket"])
def test_accepts_http_and_websocket_scopes(scope_type: str) -> None:
    connection: HTTPConnection = HTTPConnection(make_scope(type=scope_type))
    assert connection["type"] == scope_type


@pytest.mark.parametrize("scope_type", ["lifespan", "HTTP", None])
def test_rejects_other_scope_types_naming_the_type(scope_type: Any) -> None:
    with pytest.raises(UnsupportedScopeError, match=repr(scope_type)) as info:
        HTTPConnection(make_scope(type=scope_type))
    assert isinstance(info.value, ValueError)
    assert isinstance(info.value, AssertionError)


def test_is_a_read_only_mapping_over_the_scope() -> None:
    scope = make_scope()
    connection: Any = HTTPConnection(scope)
    assert connection["path"] == "/items"
    assert list(connection) == list(scope)
    assert len(connection) == len(scope)
    assert dict(connection) == scope
    assert connection.get("missing") is None
    with pytest.raises(TypeError):
        connection["path"] = "/other"


def test_equality_and_hash_are_identity() -> None:
    scope = make_scope()
    first: HTTPConnection = HTTPConnection(scope)
    second: HTTPConnection = HTTPConnection(scope)
    assert first == first
    assert first != second
    assert len({first, second, first}) == 2


def test_keeps_scope_and_receive() -> None:
    async def receive() -> dict[str, Any]:
        return {"type": "http.disconnect"}

    scope = make_scope()
    connection: HTTPConnection = HTTPConnection(scope, receive)
    assert connection.scope is scope
    assert connection._receive is receive


def test_constructor_reads_nothing_but_the_type() -> None:
    connection: HTTPConnection = HTTPConnection({"type": "http"})
    assert len(connection.headers) == 0
    with pytest.raises(KeyError):
        _ = connection.app


# derived values


def test_url() -> None:
    url = HTTPConnection(make_scope()).url
    assert isinstance(url, URL)
    assert str(url) == "https://example.com/items?a=1&b=&a=2"


def test_url_of_websocket_scope_without_scheme_is_ws() -> None:
    scope = make_scope(type="websocket", headers=[(b"host", b"example.com:8000")])
    del scope["scheme"]
    assert str(HTTPConnection(scope).url) == "ws://example.com:8000/items?a=1&b=&a=2"


def test_url_with_invalid_host_falls_back_to_server() -> None:
    scope = make_scope(headers=[(b"host", b"bad host")], server=("::1", 8443))
    assert str(HTTPConnection(scope).url) == "https://[::1]:8443/items?a=1&b=&a=2"


@pytest.mark.parametrize(
    ("root_path", "app_root_path", "expected"),
    [
        ("", None, "https://example.com/"),
        ("/api", None, "https://example.com/api/"),
        ("/api/", None, "https://example.com/api/"),
        ("/api/v1", "/api", "https://example.com/api/"),
    ],
)
def test_base_url_honours_root_path(
    root_path: str, app_root_path: str | None, expected: str
) -> None:
    scope = make_scope(root_path=root_path, path=root_path + "/items")
    if app_root_path is not None:
        scope["app_root_path"] = app_root_path
    connection: HTTPConnection = HTTPConnection(scope)
    assert str(connection.base_url) == expected
    assert connection.base_url.query == ""
    assert scope["path"] == root_path + "/items"  # the scope itself is not changed


def test_headers() -> None:
    headers = HTTPConnection(make_scope()).headers
    assert isinstance(headers, Headers)
    assert headers["Host"] == "example.com"
    assert headers.getlist("x-dup") == ["1", "2"]


def test_query_params() -> None:
    params = HTTPConnection(make_scope()).query_params
    assert isinstance(params, QueryParams)
    assert params.getlist("a") == ["1", "2"]
    assert params["b"] == ""


def test_query_params_without_query_string() -> None:
    scope = make_scope()
    del scope["query_string"]
    assert len(HTTPConnection(scope).query_params) == 0


def test_path_params() -> None:
    assert HTTPConnection(make_scope()).path_params == {}
    assert HTTPConnection(make_scope(path_params={"id": 3})).path_params == {"id": 3}


def test_cookies_from_every_cookie_header_last_wins() -> None:
    scope = make_scope(
        headers=[
            (b"cookie", b"a=1; b=2"),
            (b"x-other", b"c=3"),
            (b"cookie", b'b="two"; c=3'),
        ]
    )
    assert HTTPConnection(scope).cookies == {"a": "1", "b": "two", "c": "3"}


def test_cookies_without_cookie_header() -> None:
    assert HTTPConnection(make_scope(headers=[])).cookies == {}


def test_cookies_malformed_header_does_not_raise() -> None:
    scope = make_scope(headers=[(b"cookie", b';;=; "; \xff=\xfe; ok=1; =x')])
    cookies = HTTPConnection(scope).cookies
    assert cookies["ok"] == "1"
    assert cookies[""] == "x"
    assert cookies["\xff"] == "\xfe"


def test_client_and_server() -> None:
    connection: HTTPConnection = HTTPConnection(make_scope())
    assert connection.client == Address("203.0.113.9", 50000)
    assert connection.server == Address("10.0.0.1", 443)
    bare: HTTPConnection = HTTPConnection({"type": "http"})
    assert bare.client is None
    assert bare.server is None
    unix: HTTPConnection = HTTPConnection({"type": "http", "server": ["/run/app.sock", None]})
    assert unix.server == Address("/run/app.sock", None)


def test_app() -> None:
    app = object()
    assert HTTPConnection(make_scope(app=app)).app is app


# values set by middleware


def test_session_missing_names_the_middleware() -> None:
    with pytest.raises(MiddlewareNotInstalledError, match="SessionMiddleware") as info:
        _ = HTTPConnection(make_scope()).session
    assert isinstance(info.value, AssertionError)


def test_session_marks_access_when_it_can() -> None:
    class TrackedSession(dict[str, Any]):
        accessed = 0

        def mark_accessed(self) -> None:
            self.accessed += 1

    session = TrackedSession(user="ada")
    connection: HTTPConnection = HTTPConnection(make_scope(session=session))
    assert connection.session is session
    assert session.accessed == 1
    plain = {"user": "ada"}
    assert HTTPConnection(make_scope(session=plain)).session is plain


@pytest.mark.parametrize("name", ["auth", "user"])
def test_auth_and_user_missing_name_the_middleware(name: str) -> None:
    with pytest.raises(MiddlewareNotInstalledError, match="AuthenticationMiddleware") as info:
        getattr(HTTPConnection(make_scope()), name)
    assert f"connection.{name}" in str(info.value)


def test_auth_and_user_present() -> None:
    connection: HTTPConnection = HTTPConnection(make_scope(auth=["read"], user="ada"))
    assert connection.auth == ["read"]
    assert connection.user == "ada"


def test_state_is_created_in_the_scope_and_shared() -> None:
    scope = make_scope()
    connection: HTTPConnection = HTTPConnection(scope)
    state = connection.state
    assert isinstance(state, State)
    state.counter = 1
    assert scope["state"] == {"counter": 1}
    assert HTTPConnection(scope).state.counter == 1


def test_state_wraps_an_existing_dict() -> None:
    shared = {"db": "pool"}
    assert HTTPConnection(make_scope(state=shared)).state.db == "pool"


def test_state_is_typed_by_the_type_parameter() -> None:
    class AppState(TypedDict):
        db: str

    connection: HTTPConnection[AppState] = HTTPConnection(make_scope(state={"db": "pool"}))
    db: str = connection.state["db"]
    assert db == "pool"


# caching


def test_each_derived_value_is_computed_once() -> None:
    scope = make_scope()
    connection: HTTPConnection = HTTPConnection(scope)
    names = ("url", "base_url", "headers", "query_params", "cookies", "state")
    first = [getattr(connection, name) for name in names]
    scope["path"] = "/changed"
    scope["query_string"] = b"changed=1"
    scope["headers"] = [(b"cookie", b"changed=1")]
    scope["state"] = {}
    second = [getattr(connection, name) for name in names]
    assert all(a is b for a, b in zip(first, second, strict=True))
    assert str(connection.url) == "https://example.com/items?a=1&b=&a=2"


# url_for


async def endpoint(scope: Scope, receive: Receive, send: Send) -> None:
    raise NotImplementedError


def starlette_router() -> Router:
    return Router(
        routes=[
            Route("/items/{item_id:int}", endpoint, name="item"),
            WebSocketRoute("/live/{room}", endpoint, name="live"),
        ]
    )


def test_url_for_through_the_router() -> None:
    scope = make_scope(router=starlette_router(), root_path="/api", path="/api/items")
    connection: HTTPConnection = HTTPConnection(scope)
    url = connection.url_for("item", item_id=7)
    assert isinstance(url, URL)
    assert str(url) == "https://example.com/api/items/7"
    assert str(connection.url_for("live", room="a")) == "wss://example.com/api/live/a"


def test_url_for_falls_back_to_the_app() -> None:
    scope = make_scope(scheme="http", app=starlette_router())
    url = HTTPConnection(scope).url_for("live", room="r")
    assert str(url) == "ws://example.com/live/r"


def test_url_for_without_router_is_a_clear_error() -> None:
    with pytest.raises(NoRouterError, match="needs a router") as info:
        HTTPConnection(make_scope()).url_for("item", item_id=1)
    assert isinstance(info.value, RuntimeError)
    with pytest.raises(NoRouterError, match="'item'"):
        HTTPConnection(make_scope(app=object())).url_for("item")


# scopes sent by real servers


async def describe(scope: Scope, receive: Receive, send: Send) -> None:
    """An ASGI app that answers with what HTTPConnection reads from its scope."""
    if scope["type"] == "lifespan":
        message = await receive()
        while message["type"] != "lifespan.shutdown":
            await send({"type": message["type"] + ".complete"})
            message = await receive()
        await send({"type": "lifespan.shutdown.complete"})
        return
    connection: HTTPConnection = HTTPConnection(scope)
    body = json.dumps(
        {
            "url": str(connection.url),
            "base_url": str(connection.base_url),
            "query": connection.query_params.multi_items(),
            "cookies": connection.cookies,
            "x_dup": connection.headers.getlist("x-dup"),
            "latin1": connection.headers.get("x-latin1"),
            "client_host": connection.client.host if connection.client else None,
            "server": list(connection.server) if connection.server else None,
        }
    ).encode()
    if scope["type"] == "websocket":
        await receive()
        await send({"type": "websocket.accept"})
        await send({"type": "websocket.send", "text": body.decode()})
        await send({"type": "websocket.close", "code": 1000})
        return
    length = str(len(body)).encode()
    await send(
        {"type": "http.response.start", "status": 200, "headers": [(b"content-length", length)]}
    )
    await send({"type": "http.response.body", "body": body})


@contextlib.contextmanager
def running(server: str, host: str) -> Iterator[int]:
    """Serve `describe` on a free port of `host` in a thread; yield the port."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, 0))
    sock.listen(16)
    port = sock.getsockname()[1]
    stop = threading.Event()
    if server == "uvicorn":
        config = uvicorn.Config(describe, log_level="error", lifespan="off")
        uvicorn_server = uvicorn.Server(config)
        thread = threading.Thread(target=uvicorn_server.run, kwargs={"sockets": [sock]})
    else:
        config_h = HypercornConfig()
        config_h.bind = [f"fd://{sock.detach()}"]  # hypercorn closes the descriptor
        config_h.loglevel = "ERROR"

        async def shutdown() -> None:
            await asyncio.to_thread(stop.wait)

        thread = threading.Thread(
            target=asyncio.run,
            args=(hypercorn_serve(describe, config_h, shutdown_trigger=shutdown),),  # type: ignore[arg-type]
        )
    thread.start()
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection((host, port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.02)
        yield port
    finally:
        stop.set()
        if server == "uvicorn":
            uvicorn_server.should_exit = True
        thread.join(10)
        sock.close()
        assert not thread.is_alive(), f"{server} did not stop"


def http_get(host: str, port: int, target: str, headers: list[tuple[bytes, bytes]]) -> Any:
    lines = [f"GET {target} HTTP/1.1".encode(), *(name + b": " + value for name, value in headers)]
    request = b"\r\n".join([*lines, b"connection: close", b"", b""])
    with socket.create_connection((host, port), timeout=10) as sock:
        sock.sendall(request)
        response = b""
        while chunk := sock.recv(65536):
            response += chunk
    head, _, body = response.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200"), head
    return json.loads(body)


@pytest.mark.integration
@pytest.mark.parametrize("server", ["uvicorn", "hypercorn"])
def test_real_server_request(server: str) -> None:
    with running(server, "127.0.0.1") as port:
        headers = [
            (b"host", f"localhost:{port}".encode()),
            (b"cookie", b'a=1; b="quoted"'),
            (b"cookie", b"a=2; =blank"),
            (b"x-dup", b"one"),
            (b"x-dup", b"two"),
            (b"x-latin1", "caf\xe9".encode("latin-1")),
        ]
        seen = http_get("127.0.0.1", port, "/p/q?x=1&y=&x=2", headers)
    assert seen["url"] == f"http://localhost:{port}/p/q?x=1&y=&x=2"
    assert seen["base_url"] == f"http://localhost:{port}/"
    assert seen["query"] == [["x", "1"], ["y", ""], ["x", "2"]]
    assert seen["cookies"] == {"a": "2", "b": "quoted", "": "blank"}
    assert seen["x_dup"] == ["one", "two"]
    assert seen["latin1"] == "caf\xe9"
    assert seen["client_host"] == "127.0.0.1"
    assert seen["server"] == ["127.0.0.1", port]


@pytest.mark.integration
@pytest.mark.parametrize("server", ["uvicorn", "hypercorn"])
def test_real_server_invalid_host_header_uses_server_address(server: str) -> None:
    with running(server, "127.0.0.1") as port:
        seen = http_get("127.0.0.1", port, "/x", [(b"host", b"evil.example@attacker")])
    assert seen["url"] == f"http://127.0.0.1:{port}/x"


@pytest.mark.integration
def test_real_server_ipv6() -> None:
    with running("uvicorn", "::1") as port:
        seen = http_get("::1", port, "/v6", [(b"host", f"[::1]:{port}".encode())])
        fallback = http_get("::1", port, "/v6", [(b"host", b"[::1")])
    assert seen["url"] == f"http://[::1]:{port}/v6"
    assert fallback["url"] == f"http://[::1]:{port}/v6"


@pytest.mark.integration
@pytest.mark.parametrize("server", ["uvicorn", "hypercorn"])
def test_real_server_websocket_url(server: str) -> None:
    with running(server, "127.0.0.1") as port:
        uri = f"ws://127.0.0.1:{port}/live?room=a"
        with websocket_connect(uri, open_timeout=10, close_timeout=5) as client:
            seen = json.loads(client.recv(timeout=10))
    assert seen["url"] == f"ws://127.0.0.1:{port}/live?room=a"
    assert seen["base_url"] == f"ws://127.0.0.1:{port}/"
    assert seen["query"] == [["room", "a"]]


class ForeignRouter:
    """A router whose ``url_path_for`` returns something other than a tether URLPath."""

    def __init__(self, result: Any) -> None:
        self.result = result

    def url_path_for(self, name: str, /, **path_params: Any) -> Any:
        return self.result


def test_url_for_takes_the_protocol_and_host_of_a_foreign_url_path() -> None:
    from starlette.datastructures import URLPath as StarletteURLPath

    foreign = StarletteURLPath("/rooms/1", protocol="websocket", host="chat.example")
    connection = HTTPConnection(make_scope(router=ForeignRouter(foreign)))
    assert str(connection.url_for("room")) == "wss://chat.example/rooms/1"
    connection = HTTPConnection(make_scope(router=ForeignRouter("/plain")))
    assert str(connection.url_for("plain")) == "https://example.com/plain"

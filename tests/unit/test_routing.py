"""tether.routing: dispatch, converters, names, url_path_for, url_for, unmatched, lifespan."""

from __future__ import annotations

import json
import math
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from functools import partial
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from starlette.responses import PlainTextResponse

from tether.connection import HTTPConnection, UnsupportedScopeError
from tether.converters import (
    ConversionError,
    Converter,
    FloatConverter,
    IntegerConverter,
    register_converter,
)
from tether.datastructures import URLPath
from tether.routing import (
    NoMatchFound,
    PathTemplate,
    PathTemplateError,
    Route,
    Router,
    WebSocketRoute,
)
from tether.testing import AsyncTestClient
from tether.types import Message, Receive, Scope, Send
from tether.websockets import WebSocket, WebSocketDisconnect


async def echo_scope(scope: Scope, receive: Receive, send: Send) -> None:
    """An HTTP endpoint that answers with its path params (typed) and the router it saw."""
    params = {
        name: [type(value).__name__, str(value)] for name, value in scope["path_params"].items()
    }
    body = json.dumps({"endpoint": "echo_scope", "params": params}).encode()
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": body})


async def other(scope: Scope, receive: Receive, send: Send) -> None:
    await send({"type": "http.response.start", "status": 201, "headers": []})
    await send({"type": "http.response.body", "body": b"other"})


class Response:
    """What an HTTP call through the router produced."""

    def __init__(self, messages: list[Message]) -> None:
        start, body = messages[0], messages[1]
        self.status: int = start["status"]
        self.headers = {k.decode(): v.decode() for k, v in start["headers"]}
        self.body: bytes = body["body"]

    def json(self) -> Any:
        return json.loads(self.body)


def http_scope(path: str, method: str = "GET", **extra: Any) -> Scope:
    scope: Scope = {
        "type": "http",
        "method": method,
        "scheme": "http",
        "server": ("testserver", 80),
        "path": path,
        "root_path": "",
        "query_string": b"",
        "headers": [(b"host", b"testserver")],
    }
    scope.update(extra)
    return scope


async def call(app: Any, scope: Scope) -> Response:
    messages: list[Message] = []

    async def receive() -> Message:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: Message) -> None:
        messages.append(message)

    await app(scope, receive, send)
    return Response(messages)


# --- dispatch ----------------------------------------------------------------------------------


@pytest.mark.anyio
async def test_dispatch_goes_to_the_first_matching_route() -> None:
    router = Router([Route("/a", other), Route("/b/{x}", echo_scope), Route("/b/{x}", other)])
    assert (await call(router, http_scope("/a"))).status == 201
    response = await call(router, http_scope("/b/hello"))
    assert response.status == 200
    assert response.json()["params"] == {"x": ["str", "hello"]}


@pytest.mark.anyio
async def test_router_puts_itself_in_the_scope_without_overwriting() -> None:
    seen: list[Scope] = []

    async def record(scope: Scope, receive: Receive, send: Send) -> None:
        seen.append(scope)
        await other(scope, receive, send)

    router = Router([Route("/", record)])
    await call(router, http_scope("/"))
    assert seen[0]["router"] is router
    assert seen[0]["app"] is router
    outer = object()
    await call(router, http_scope("/", app=outer, router=outer))
    assert seen[1]["router"] is outer
    assert seen[1]["app"] is outer
    assert seen[1]["endpoint"] is record


@pytest.mark.anyio
async def test_path_params_are_merged_with_outer_ones() -> None:
    router = Router([Route("/{x}", echo_scope)])
    response = await call(router, http_scope("/inner", path_params={"outer": 1}))
    assert response.json()["params"] == {"outer": ["int", "1"], "x": ["str", "inner"]}


@pytest.mark.anyio
async def test_root_path_is_stripped_before_matching() -> None:
    router = Router([Route("/users/{id:int}", echo_scope)])
    response = await call(router, http_scope("/api/users/7", root_path="/api"))
    assert response.json()["params"] == {"id": ["int", "7"]}
    # A root path that is not a whole segment prefix is not stripped.
    assert (await call(router, http_scope("/apiusers/7", root_path="/api"))).status == 404


# --- converters --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("template", "path", "expected"),
    [
        ("/u/{name}", "/u/alice", {"name": "alice"}),
        ("/u/{name:str}", "/u/a b", {"name": "a b"}),
        ("/n/{n:int}", "/n/042", {"n": 42}),
        ("/f/{f:float}", "/f/2.5", {"f": 2.5}),
        ("/f/{f:float}", "/f/3", {"f": 3.0}),
        ("/files/{rest:path}", "/files/a/b/c.txt", {"rest": "a/b/c.txt"}),
        ("/files/{rest:path}", "/files/", {"rest": ""}),
        (
            "/id/{id:uuid}",
            "/id/12345678-1234-5678-1234-567812345678",
            {"id": uuid.UUID("12345678-1234-5678-1234-567812345678")},
        ),
        (
            "/id/{id:uuid}",
            "/id/12345678123456781234567812345678",
            {"id": uuid.UUID("12345678-1234-5678-1234-567812345678")},
        ),
        ("/r/{a:int}/{b}", "/r/1/x", {"a": 1, "b": "x"}),
    ],
)
def test_each_converter_matches_and_converts(
    template: str, path: str, expected: dict[str, Any]
) -> None:
    result = PathTemplate(template).match(path)
    assert result == expected
    assert [type(value) for value in result.values()] == [type(v) for v in expected.values()]


@pytest.mark.parametrize(
    ("template", "path"),
    [
        ("/u/{name}", "/u/a/b"),
        ("/u/{name}", "/u/"),
        ("/n/{n:int}", "/n/-1"),
        ("/n/{n:int}", "/n/4a"),
        ("/f/{f:float}", "/f/1e5"),
        ("/f/{f:float}", "/f/.5"),
        ("/id/{id:uuid}", "/id/not-a-uuid"),
        ("/exact", "/exact/"),
    ],
)
def test_converters_reject_what_they_do_not_match(template: str, path: str) -> None:
    assert PathTemplate(template).match(path) is None


class HexConverter(Converter[int]):
    regex = "[0-9a-f]+"

    def convert(self, value: str) -> int:
        return int(value, 16)

    def to_string(self, value: int) -> str:
        return format(value, "x")


@pytest.mark.anyio
async def test_a_registered_converter_matches_and_builds_paths() -> None:
    register_converter("hex", HexConverter())
    router = Router([Route("/colour/{value:hex}", echo_scope, name="colour")])
    response = await call(router, http_scope("/colour/ff"))
    assert response.json()["params"] == {"value": ["int", "255"]}
    assert router.url_path_for("colour", value=4096) == "/colour/1000"


def test_register_converter_checks_its_arguments() -> None:
    with pytest.raises(ValueError, match="identifier"):
        register_converter("not valid", HexConverter())
    with pytest.raises(ValueError, match="regex"):
        register_converter("empty", Converter())


@pytest.mark.parametrize(
    ("template", "message"),
    [
        ("no-slash/{x}", "must start with '/'"),
        ("/{x:nope}", "unknown converter 'nope'"),
        ("/{x}/{x:int}", "parameter 'x' appears twice"),
    ],
)
def test_malformed_templates_fail_when_the_route_is_built(template: str, message: str) -> None:
    with pytest.raises(PathTemplateError, match=message) as info:
        Route(template, other)
    assert isinstance(info.value, ValueError)
    assert isinstance(info.value, AssertionError)


@given(st.floats(min_value=0, allow_nan=False, allow_infinity=False))
def test_float_to_string_round_trips(value: float) -> None:
    converter = FloatConverter()
    text = converter.to_string(value)
    assert PathTemplate("/{f:float}").match("/" + text) == {"f": value}
    assert converter.convert(text) == value


@given(st.integers(min_value=0))
def test_int_to_string_round_trips(value: int) -> None:
    assert PathTemplate("/{n:int}").match("/" + IntegerConverter().to_string(value)) == {"n": value}


def test_float_to_string_is_short() -> None:
    assert FloatConverter().to_string(0.1) == "0.1"
    assert FloatConverter().to_string(2.0) == "2"
    assert FloatConverter().to_string(1e20) == "100000000000000000000"
    assert FloatConverter().to_string(1e-7) == "0.0000001"


# --- names and url_path_for --------------------------------------------------------------------


class AppClass:
    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await other(scope, receive, send)


async def chat(websocket: WebSocket) -> None:
    await websocket.accept()


def test_route_names_default_to_the_endpoint_name() -> None:
    assert Route("/", echo_scope).name == "echo_scope"
    assert Route("/", AppClass()).name == "AppClass"
    assert Route("/", echo_scope, name="home").name == "home"
    assert WebSocketRoute("/ws", chat).name == "chat"


def test_url_path_for_builds_typed_paths_with_their_protocol() -> None:
    some_id = uuid.UUID("12345678-1234-5678-1234-567812345678")
    router = Router(
        [
            Route("/users/{user_id:int}/{file:path}", echo_scope, name="file"),
            Route("/price/{amount:float}", echo_scope, name="price"),
            WebSocketRoute("/rooms/{room}/{id:uuid}", chat),
        ]
    )
    path = router.url_path_for("file", user_id=5, file="a/b.txt")
    assert isinstance(path, URLPath)
    assert (path, path.protocol) == ("/users/5/a/b.txt", "http")
    assert router.url_path_for("price", amount=0.1) == "/price/0.1"
    ws_path = router.url_path_for("chat", room="lobby", id=some_id)
    assert (ws_path, ws_path.protocol) == (f"/rooms/lobby/{some_id}", "websocket")


def test_url_path_for_names_the_route_and_params_when_nothing_matches() -> None:
    router = Router([Route("/users/{user_id:int}", echo_scope, name="user")])
    with pytest.raises(NoMatchFound) as info:
        router.url_path_for("usr", user_id=1)
    assert str(info.value) == "No route is named 'usr' (path parameters given: user_id)."
    assert (info.value.name, info.value.path_params) == ("usr", {"user_id": 1})
    with pytest.raises(NoMatchFound) as info:
        router.url_path_for("user", id=1, extra=2)
    assert str(info.value) == (
        "No route named 'user' takes the path parameters (extra, id); "
        "routes with that name take (user_id)."
    )


@pytest.mark.parametrize(
    ("template", "params", "message"),
    [
        ("/{n:int}", {"n": -1}, "cannot be negative"),
        ("/{n:int}", {"n": "3"}, "needs an int"),
        ("/{s}", {"s": "a/b"}, "cannot contain '/'"),
        ("/{s}", {"s": ""}, "cannot be empty"),
        ("/{f:float}", {"f": math.inf}, "finite"),
        ("/{u:uuid}", {"u": "nope"}, "needs a UUID"),
    ],
)
def test_url_path_for_rejects_values_a_converter_cannot_write(
    template: str, params: dict[str, Any], message: str
) -> None:
    router = Router([Route(template, echo_scope, name="r")])
    with pytest.raises(ConversionError, match=message) as info:
        router.url_path_for("r", **params)
    assert f"path parameter {next(iter(params))!r}" in str(info.value)
    assert isinstance(info.value, AssertionError)


# --- url_for from inside endpoints -------------------------------------------------------------


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("scheme", "server", "root_path", "expected_http", "expected_ws"),
    [
        ("http", ("testserver", 80), "", "http://testserver/users/5", "ws://testserver/rooms/a"),
        (
            "https",
            ("example.com", 443),
            "/api",
            "https://example.com/api/users/5",
            "wss://example.com/api/rooms/a",
        ),
    ],
)
async def test_url_for_inside_an_http_endpoint(
    scheme: str, server: tuple[str, int], root_path: str, expected_http: str, expected_ws: str
) -> None:
    urls: list[str] = []

    async def page(scope: Scope, receive: Receive, send: Send) -> None:
        connection = HTTPConnection(scope)
        urls.append(str(connection.url_for("user", user_id=5)))
        urls.append(str(connection.url_for("room", name="a")))
        await other(scope, receive, send)

    router = Router(
        [
            Route("/users/{user_id:int}", page, name="user"),
            WebSocketRoute("/rooms/{name}", chat, name="room"),
        ]
    )
    host = server[0].encode()
    scope = http_scope(
        root_path + "/users/5",
        scheme=scheme,
        server=server,
        root_path=root_path,
        headers=[(b"host", host)],
    )
    assert (await call(router, scope)).status == 201
    assert urls == [expected_http, expected_ws]


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("base_url", "root_path", "expected_ws", "expected_http"),
    [
        ("http://testserver", "", "ws://testserver/rooms/lobby", "http://testserver/users/3"),
        (
            "https://example.com",
            "/api",
            "wss://example.com/api/rooms/lobby",
            "https://example.com/api/users/3",
        ),
    ],
)
async def test_url_for_inside_a_websocket_endpoint(
    base_url: str, root_path: str, expected_ws: str, expected_http: str
) -> None:
    async def room(websocket: WebSocket) -> None:
        await websocket.accept()
        await websocket.send_json(
            {
                "self": str(websocket.url_for("room", name=websocket.path_params["name"])),
                "user": str(websocket.url_for("user", user_id=3)),
            }
        )
        await websocket.close()

    router = Router(
        [Route("/users/{user_id:int}", other, name="user"), WebSocketRoute("/rooms/{name}", room)]
    )
    client = AsyncTestClient(router, base_url=base_url, root_path=root_path)
    async with client.websocket_connect("/rooms/lobby") as session:
        assert await session.receive_json() == {"self": expected_ws, "user": expected_http}


# --- WebSocket endpoints -----------------------------------------------------------------------


async def asgi_websocket(scope: Scope, receive: Receive, send: Send) -> None:
    await receive()
    await send({"type": "websocket.accept"})
    await send({"type": "websocket.send", "text": f"asgi {scope['path_params']['x']}"})
    await send({"type": "websocket.close", "code": 1000})


class ASGIWebSocketApp:
    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await asgi_websocket(scope, receive, send)


async def greet(websocket: WebSocket, greeting: str = "hello") -> None:
    await websocket.accept()
    await websocket.send_text(f"{greeting} {websocket.path_params['x']}")
    await websocket.close()


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("endpoint", "expected"),
    [
        (greet, "hello 1"),
        (partial(greet, greeting="hi"), "hi 1"),
        (asgi_websocket, "asgi 1"),
        (ASGIWebSocketApp(), "asgi 1"),
    ],
)
async def test_websocket_route_calls_endpoints_and_asgi_apps(endpoint: Any, expected: str) -> None:
    client = AsyncTestClient(Router([WebSocketRoute("/ws/{x:int}", endpoint)]))
    async with client.websocket_connect("/ws/1") as session:
        assert await session.receive_text() == expected


# --- unmatched scopes --------------------------------------------------------------------------


async def user_page(connection: HTTPConnection) -> PlainTextResponse:
    user_id = connection.path_params["user_id"]
    return PlainTextResponse(
        f"user {user_id!r} at {connection.url_for('user', user_id=user_id)}", status_code=202
    )


@pytest.mark.anyio
async def test_http_endpoint_functions_get_a_connection_and_return_the_response() -> None:
    router = Router([Route("/users/{user_id:int}", user_page, name="user")])
    response = await call(router, http_scope("/users/7"))
    assert response.status == 202
    assert response.body == b"user 7 at http://testserver/users/7"


@pytest.mark.anyio
async def test_http_endpoint_returning_a_non_response_is_a_clear_error() -> None:
    async def broken(connection: HTTPConnection) -> Any:
        return {"not": "a response"}

    router = Router([Route("/broken", broken)])
    with pytest.raises(TypeError) as info:
        await call(router, http_scope("/broken"))
    assert str(info.value) == (
        "endpoint 'broken' returned dict, not a response application (such as a Starlette Response)"
    )


@pytest.mark.anyio
async def test_unmatched_http_gets_404() -> None:
    response = await call(Router([Route("/a", other)]), http_scope("/b"))
    assert (response.status, response.body) == (404, b"Not Found")
    assert response.headers["content-length"] == "9"


@pytest.mark.anyio
async def test_wrong_method_gets_405_with_every_allowed_method() -> None:
    router = Router(
        [
            Route("/items", other, methods=["get"]),
            Route("/items", echo_scope, methods=["POST"]),
            Route("/any", other),
        ]
    )
    response = await call(router, http_scope("/items", method="DELETE"))
    assert response.status == 405
    assert response.headers["allow"] == "GET, HEAD, POST"
    assert (await call(router, http_scope("/items", method="HEAD"))).status == 201
    assert (await call(router, http_scope("/items", method="POST"))).status == 200
    assert (await call(router, http_scope("/any", method="PATCH"))).status == 201


@pytest.mark.anyio
async def test_unmatched_websocket_is_closed() -> None:
    router = Router([Route("/ws", other), WebSocketRoute("/chat", chat)])
    with pytest.raises(WebSocketDisconnect) as info:
        async with AsyncTestClient(router).websocket_connect("/ws"):
            pass  # pragma: no cover
    assert info.value.code == 1000


@pytest.mark.anyio
async def test_other_scope_types_are_refused() -> None:
    with pytest.raises(UnsupportedScopeError, match="'webtransport'"):
        await call(Router(), {"type": "webtransport"})


# --- lifespan ----------------------------------------------------------------------------------


async def run_lifespan(router: Router, scope: Scope) -> list[Message]:
    incoming = [{"type": "lifespan.startup"}, {"type": "lifespan.shutdown"}]
    sent: list[Message] = []

    async def receive() -> Message:
        return incoming.pop(0)

    async def send(message: Message) -> None:
        sent.append(message)

    await router(scope, receive, send)
    return sent


@pytest.mark.anyio
async def test_lifespan_without_a_handler_completes() -> None:
    sent = await run_lifespan(Router(), {"type": "lifespan"})
    assert sent == [{"type": "lifespan.startup.complete"}, {"type": "lifespan.shutdown.complete"}]


@pytest.mark.anyio
async def test_lifespan_runs_the_handler_and_shares_its_state() -> None:
    events: list[str] = []

    @asynccontextmanager
    async def lifespan(app: Router) -> AsyncIterator[dict[str, Any]]:
        events.append(f"start {type(app).__name__}")
        yield {"db": "connected"}
        events.append("stop")

    state: dict[str, Any] = {}
    sent = await run_lifespan(Router(lifespan=lifespan), {"type": "lifespan", "state": state})
    assert sent == [{"type": "lifespan.startup.complete"}, {"type": "lifespan.shutdown.complete"}]
    assert events == ["start Router", "stop"]
    assert state == {"db": "connected"}


@pytest.mark.anyio
async def test_lifespan_startup_failure_is_reported() -> None:
    @asynccontextmanager
    async def lifespan(app: Router) -> AsyncIterator[None]:
        raise ConnectionError("database unreachable")
        yield  # pragma: no cover

    sent: list[Message] = []

    async def receive() -> Message:
        return {"type": "lifespan.startup"}

    async def send(message: Message) -> None:
        sent.append(message)

    with pytest.raises(ConnectionError):
        await Router(lifespan=lifespan)({"type": "lifespan"}, receive, send)
    assert [message["type"] for message in sent] == ["lifespan.startup.failed"]
    assert "ConnectionError: database unreachable" in sent[0]["message"]


@pytest.mark.anyio
async def test_lifespan_state_without_server_support_fails_startup() -> None:
    @asynccontextmanager
    async def lifespan(app: Router) -> AsyncIterator[dict[str, Any]]:
        yield {"x": 1}

    with pytest.raises(RuntimeError, match="does not support lifespan state"):
        await run_lifespan(Router(lifespan=lifespan), {"type": "lifespan"})


@pytest.mark.anyio
async def test_lifespan_shutdown_failure_is_reported() -> None:
    @asynccontextmanager
    async def lifespan(app: Router) -> AsyncIterator[None]:
        yield
        raise OSError("flush failed")

    sent: list[Message] = []
    incoming = [{"type": "lifespan.startup"}, {"type": "lifespan.shutdown"}]

    async def receive() -> Message:
        return incoming.pop(0)

    async def send(message: Message) -> None:
        sent.append(message)

    with pytest.raises(OSError, match="flush failed"):
        await Router(lifespan=lifespan)({"type": "lifespan"}, receive, send)
    assert [message["type"] for message in sent] == [
        "lifespan.startup.complete",
        "lifespan.shutdown.failed",
    ]
    assert "OSError: flush failed" in sent[1]["message"]


# --- what a user meets when something goes wrong (issue 15) ---------------------------------


@pytest.mark.anyio
async def test_lifespan_receives_the_outer_app_from_the_scope() -> None:
    seen: list[Any] = []

    @asynccontextmanager
    async def lifespan(app: Any) -> AsyncIterator[None]:
        seen.append(app)
        yield

    outer = object()
    router = Router(lifespan=lifespan)
    await run_lifespan(router, {"type": "lifespan", "app": outer})
    await run_lifespan(router, {"type": "lifespan"})
    assert seen == [outer, router]


class DefaultedASGIApp:
    """An ASGI application whose ``receive`` and ``send`` have defaults.

    Its signature has one required parameter, yet it is an object, not a function: the
    routes must call it as an ASGI application.
    """

    async def __call__(self, scope: Scope, receive: Any = None, send: Any = None) -> None:
        assert receive is not None
        assert send is not None
        if scope["type"] == "websocket":
            await asgi_websocket(scope, receive, send)
        else:
            await other(scope, receive, send)


@pytest.mark.anyio
async def test_an_object_with_one_required_argument_is_an_asgi_app() -> None:
    app = DefaultedASGIApp()
    router = Router([WebSocketRoute("/ws/{x:int}", app), Route("/http", app)])
    async with AsyncTestClient(router).websocket_connect("/ws/3") as session:
        assert await session.receive_text() == "asgi 3"
    assert (await call(router, http_scope("/http"))).body == b"other"


@pytest.mark.anyio
async def test_unmatched_http_gets_exactly_a_plain_404() -> None:
    messages: list[Message] = []

    async def receive() -> Message:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: Message) -> None:
        messages.append(message)

    await Router([Route("/a", other)])(http_scope("/b"), receive, send)
    assert messages == [
        {
            "type": "http.response.start",
            "status": 404,
            "headers": [
                (b"content-type", b"text/plain; charset=utf-8"),
                (b"content-length", b"9"),
            ],
        },
        {"type": "http.response.body", "body": b"Not Found"},
    ]


@pytest.mark.anyio
async def test_wrong_method_gets_exactly_a_plain_405() -> None:
    router = Router([Route("/items", other, methods=["POST", "get"])])
    messages: list[Message] = []

    async def receive() -> Message:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: Message) -> None:
        messages.append(message)

    await router(http_scope("/items", method="PUT"), receive, send)
    assert messages == [
        {
            "type": "http.response.start",
            "status": 405,
            "headers": [
                (b"content-type", b"text/plain; charset=utf-8"),
                (b"content-length", b"18"),
                (b"allow", b"GET, HEAD, POST"),
            ],
        },
        {"type": "http.response.body", "body": b"Method Not Allowed"},
    ]


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("root_path", "path", "status"),
    [
        ("/api", "/api/users", 201),  # the root path is stripped
        ("/api", "/xyz/users", 404),  # a path outside the root path is matched whole
        ("/api", "/api", 404),  # the root itself is "", which no route matches
        ("", "/users", 201),
    ],
)
async def test_the_root_path_is_stripped_only_from_paths_under_it(
    root_path: str, path: str, status: int
) -> None:
    router = Router([Route("/users", other), Route("/api", echo_scope)])
    assert (await call(router, http_scope(path, root_path=root_path))).status == status
    scope = http_scope(path)
    del scope["root_path"]
    assert (await call(Router([Route(path, other)]), scope)).status == 201


def test_routes_keep_their_path_and_show_it() -> None:
    route = Route("/Xbox/{x}", other)
    assert (route.path, route.name) == ("/Xbox/{x}", "other")
    assert repr(route) == "Route(path='/Xbox/{x}', name='other')"
    assert (
        repr(WebSocketRoute("/ws", chat, name="room")) == "WebSocketRoute(path='/ws', name='room')"
    )
    assert repr(PathTemplate("/a")) == "PathTemplate('/a')"


class NotEmpty(Converter[str]):
    """A converter whose pattern matches the empty text but whose ``convert`` refuses it."""

    regex = "[a-z]*"

    def convert(self, value: str) -> str:
        if not value:
            raise ValueError("empty")
        return value

    def to_string(self, value: str) -> str:
        return str(value)


def test_a_value_the_converter_refuses_to_read_back_is_not_written() -> None:
    register_converter("notempty", NotEmpty())
    template = PathTemplate("/tags/{tag:notempty}")
    assert template.expand({"tag": "news"}) == "/tags/news"
    assert template.match("/tags/") is None
    with pytest.raises(ConversionError) as info:
        template.expand({"tag": ""})
    assert str(info.value) == (
        "path parameter 'tag' of '/tags/{tag:notempty}': '' does not convert back to the same text"
    )


@asynccontextmanager
async def empty_lifespan(app: Any) -> AsyncIterator[None]:
    yield


@pytest.mark.anyio
@pytest.mark.parametrize("lifespan", [None, empty_lifespan])
async def test_lifespan_errors_after_startup_are_reported_as_shutdown_failures(
    lifespan: Any,
) -> None:
    sent: list[Message] = []
    incoming: list[Message] = [{"type": "lifespan.startup"}]

    async def receive() -> Message:
        if not incoming:
            raise OSError("the server went away")
        return incoming.pop(0)

    async def send(message: Message) -> None:
        sent.append(message)

    with pytest.raises(OSError, match="the server went away"):
        await Router(lifespan=lifespan)({"type": "lifespan"}, receive, send)
    assert [message["type"] for message in sent] == [
        "lifespan.startup.complete",
        "lifespan.shutdown.failed",
    ]


@pytest.mark.anyio
async def test_http_endpoints_and_their_responses_get_the_connections_receive() -> None:
    async def receive() -> Message:
        return {"type": "http.request", "body": b"hi", "more_body": False}

    sent: list[Message] = []

    async def send(message: Message) -> None:
        sent.append(message)

    async def endpoint(connection: HTTPConnection) -> Any:
        assert connection._receive is receive  # what a Request built from it reads the body with

        async def response(scope: Scope, response_receive: Receive, response_send: Send) -> None:
            body = (await response_receive())["body"]
            await response_send({"type": "http.response.start", "status": 200, "headers": []})
            await response_send({"type": "http.response.body", "body": body})

        return response

    await Router([Route("/", endpoint)])(http_scope("/"), receive, send)
    assert sent[1] == {"type": "http.response.body", "body": b"hi"}

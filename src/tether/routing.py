"""Routing: a Router ASGI app, HTTP and WebSocket routes, path templates and ``url_path_for``."""

from __future__ import annotations

import inspect
import re
import traceback
from collections.abc import Awaitable, Callable, Collection, Iterable, Mapping, Sequence
from contextlib import AbstractAsyncContextManager
from enum import Enum
from functools import partial
from typing import Any, ClassVar, Literal
from urllib.parse import quote

from tether.connection import HTTPConnection, UnsupportedScopeError
from tether.converters import ConversionError, Converter, get_converter
from tether.datastructures import URLPath
from tether.types import ASGIApp, Receive, Scope, Send
from tether.websockets import WebSocket, WebSocketClose

__all__ = [
    "BaseRoute",
    "HTTPEndpoint",
    "Lifespan",
    "Match",
    "NoMatchFound",
    "PathTemplate",
    "PathTemplateError",
    "Route",
    "Router",
    "WebSocketEndpoint",
    "WebSocketRoute",
]

HTTPEndpoint = Callable[[HTTPConnection], Awaitable[ASGIApp]]
"""An endpoint function that answers one request with a response application.

``async def ep(connection) -> response``: the response is any ASGI application,
such as a Starlette ``Response``.
"""

WebSocketEndpoint = Callable[[WebSocket], Awaitable[None]]
"""An endpoint function that serves one connection: ``async def ep(websocket) -> None``."""

Lifespan = Callable[[Any], AbstractAsyncContextManager[Mapping[str, Any] | None]]
"""A callable taking the application and returning an async context manager.

Its body runs between server startup and shutdown; a mapping it yields is copied
into the lifespan ``state``, which servers hand to every connection scope.
"""

_PARAMETER = re.compile(r"{([A-Za-z_][A-Za-z0-9_]*)(?::([A-Za-z_][A-Za-z0-9_]*))?}")
# What a path segment may hold unencoded (RFC 3986 pchar, besides letters, digits and "_.-~").
_SEGMENT_SAFE = "!$&'()*+,;=:@"


class NoMatchFound(Exception):  # noqa: N818 (Starlette's name)
    """No route has the given name and exactly the given path parameters.

    Raised by `Router.url_path_for` and ``HTTPConnection.url_for``.

    Args:
        name: The route name that was asked for.
        path_params: The path parameters that were given.
        expected: The parameter names of each route that has this name, if any.

    Attributes:
        name: The route name that was asked for.
        path_params: The path parameters that were given.
    """

    def __init__(
        self,
        name: str,
        path_params: Mapping[str, Any],
        expected: Iterable[Collection[str]] = (),
    ) -> None:
        self.name = name
        self.path_params = dict(path_params)
        given = ", ".join(sorted(self.path_params)) or "none"
        alternatives = [
            "(" + (", ".join(sorted(names)) or "no parameters") + ")" for names in expected
        ]
        if alternatives:
            message = (
                f"No route named {name!r} takes the path parameters ({given}); "
                f"routes with that name take {' or '.join(alternatives)}."
            )
        else:
            message = f"No route is named {name!r} (path parameters given: {given})."
        super().__init__(message)


class PathTemplateError(ValueError, AssertionError):
    """A route path template is malformed.

    For example it does not start with ``/``, names an unknown converter, or repeats
    a parameter. It is also an ``AssertionError``, which Starlette raises for some of
    these mistakes, so existing ``except`` clauses keep working.
    """


class Match(Enum):
    """How well a route matches a scope."""

    NONE = 0
    """The path does not match."""
    PARTIAL = 1
    """The path matches but the HTTP method is not allowed."""
    FULL = 2
    """The route handles the scope."""


class PathTemplate:
    """A compiled route path such as ``/rooms/{room}/messages/{id:int}``.

    Each ``{name}`` or ``{name:converter}`` placeholder matches one parameter; the
    converter defaults to ``str`` (one path segment). The template is checked when the
    object is created, so a mistake fails at import time, not at the first request:
    unlike Starlette, a brace that does not open or close a placeholder (``/{x-y}``,
    ``/{x``, ``/{1st}``) is an error, not literal text.

    A converter's ``convert`` may raise `ValueError` to refuse a matched value (a number
    of thousands of digits, for example); the path then does not match.

    Args:
        template: The path template; it must start with ``/``.

    Raises:
        PathTemplateError: If the template does not start with ``/``, has a brace outside
            a well-formed placeholder, names an unregistered converter, or uses a
            parameter name twice.
    """

    def __init__(self, template: str) -> None:
        if not template.startswith("/"):
            raise PathTemplateError(f"a route path must start with '/', got {template!r}")
        self.template = template
        self.converters: dict[str, Converter[Any]] = {}
        pattern = ""
        position = 0
        for found in _PARAMETER.finditer(template):
            _check_literal(template, position, found.start())
            name, converter_name = found.group(1), found.group(2) or "str"
            converter = get_converter(converter_name)
            if converter is None:
                raise PathTemplateError(
                    f"unknown converter {converter_name!r} for parameter {name!r} in {template!r}"
                )
            if name in self.converters:
                raise PathTemplateError(f"parameter {name!r} appears twice in {template!r}")
            self.converters[name] = converter
            pattern += re.escape(template[position : found.start()])
            pattern += f"(?P<{name}>{converter.regex})"
            position = found.end()
        _check_literal(template, position, len(template))
        pattern += re.escape(template[position:])
        self._regex = re.compile(pattern)

    def match(self, path: str) -> dict[str, Any] | None:
        """Match a whole path and convert its parameters.

        Args:
            path: The path to match, relative to the application's root path.

        Returns:
            The converted parameters by name, or ``None`` if the path does not match.
        """
        found = self._regex.fullmatch(path)
        if found is None:
            return None
        try:
            return {
                name: self.converters[name].convert(text)
                for name, text in found.groupdict().items()
            }
        except ValueError:
            return None

    def expand(self, params: Mapping[str, Any]) -> str:
        """Write a path from parameter values, the reverse of `match`.

        Each value is written by its converter and percent-encoded, so that text such as
        ``"a?b"`` or ``"100%"`` stays in the path (Starlette writes it as it is, and the
        ``?`` starts a query string). A value is refused unless the request path it
        produces, once a server decoded it, matches this template and converts back to
        the same text; a ``.`` or ``..`` segment, which clients remove, is refused too.

        Args:
            params: A value for every parameter of the template, and no others.

        Returns:
            The path, percent-encoded.

        Raises:
            ConversionError: If a value cannot be written by its converter or would not
                come back through it; the message names the parameter.
        """

        def replace(found: re.Match[str]) -> str:
            name = found.group(1)
            converter = self.converters[name]
            try:
                text = converter.to_string(params[name])
                _check_round_trip(converter, text)
                return quote(text, safe=_SEGMENT_SAFE + "/")
            except (ConversionError, UnicodeEncodeError) as exc:
                raise ConversionError(
                    f"path parameter {name!r} of {self.template!r}: {exc}"
                ) from exc

        path = _PARAMETER.sub(replace, self.template)
        if any(segment in (".", "..") for segment in path.split("/")):
            raise ConversionError(
                f"the path parameters {dict(params)!r} make {path!r} from {self.template!r}, "
                "whose '.' or '..' segment clients remove"
            )
        return path

    def __repr__(self) -> str:
        return f"PathTemplate({self.template!r})"


def _check_literal(template: str, start: int, end: int) -> None:
    """Refuse a brace in the literal text between two placeholders of a template."""
    for index in range(start, end):
        if template[index] in "{}":
            raise PathTemplateError(
                f"malformed placeholder at position {index} of {template!r}: a placeholder "
                "is '{name}' or '{name:converter}', with identifiers for both"
            )


def _check_round_trip(converter: Converter[Any], text: str) -> None:
    """Refuse text that a request path cannot bring back unchanged through ``converter``."""
    if re.fullmatch(converter.regex, text) is None:
        raise ConversionError(
            f"{text!r} does not match the converter's pattern {converter.regex!r}"
        )
    try:
        again = converter.to_string(converter.convert(text))
    except ValueError:
        again = None
    if again != text:
        raise ConversionError(f"{text!r} does not convert back to the same text")


def _endpoint_name(endpoint: Callable[..., Any]) -> str:
    name = getattr(endpoint, "__name__", None)
    return name if isinstance(name, str) else type(endpoint).__name__


def _route_path(scope: Scope) -> str:
    path: str = scope["path"]
    root_path: str = scope.get("root_path", "")
    if root_path and path.startswith(root_path):
        rest = path[len(root_path) :]
        if not rest or rest.startswith("/"):
            return rest
    return path


class BaseRoute:
    """What HTTP and WebSocket routes share: a path template, a name and ``url_path_for``.

    A subclass sets ``scope_type`` (the scope type it serves), ``protocol`` (the
    `URLPath` protocol of its paths) and implements `handle`.

    Args:
        path: The path template.
        endpoint: What handles a matching connection.
        name: The route name; ``None`` takes the endpoint's ``__name__`` (or its class name).

    Attributes:
        path: The path template.
        endpoint: What handles a matching connection.
        name: The route name used by ``url_path_for``.
        template: The compiled `PathTemplate`.

    Raises:
        PathTemplateError: If the path template is malformed.
    """

    scope_type: ClassVar[str] = ""
    protocol: ClassVar[Literal["http", "websocket"]]

    def __init__(self, path: str, endpoint: Callable[..., Any], name: str | None) -> None:
        self.path = path
        self.endpoint = endpoint
        self.name = _endpoint_name(endpoint) if name is None else name
        self.template = PathTemplate(path)

    def matches(self, scope: Scope) -> tuple[Match, dict[str, Any]]:
        """Match a scope against this route.

        Args:
            scope: An ASGI connection scope.

        Returns:
            How well the route matches the scope.
            The scope keys to set when it matches: the ``path_params`` (merged with any
                already in the scope) and the ``endpoint``.
        """
        if scope["type"] != self.scope_type:
            return Match.NONE, {}
        params = self.template.match(_route_path(scope))
        if params is None:
            return Match.NONE, {}
        child = {
            "endpoint": self.endpoint,
            "path_params": {**scope.get("path_params", {}), **params},
        }
        return Match.FULL, child

    def url_path_for(self, name: str, /, **path_params: Any) -> URLPath:
        """Build this route's path if it has this name and exactly these parameters.

        Args:
            name: The route name.
            **path_params: A value for each parameter of the path template.

        Returns:
            The path, marked with this route's protocol (``"http"`` or ``"websocket"``).

        Raises:
            NoMatchFound: If the name or the set of parameter names differs.
            ConversionError: If a value cannot be written into the path.
        """
        if name != self.name or set(path_params) != set(self.template.converters):
            expected = [self.template.converters] if name == self.name else []
            raise NoMatchFound(name, path_params, expected)
        return URLPath(path=self.template.expand(path_params), protocol=self.protocol)

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Serve a connection that this route matched.

        Args:
            scope: The connection scope, with ``path_params`` already set.
            receive: The ASGI receive callable.
            send: The ASGI send callable.

        Raises:
            NotImplementedError: Always, in the base class: subclasses implement it.
        """
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"{type(self).__name__}(path={self.path!r}, name={self.name!r})"


class Route(BaseRoute):
    """An HTTP route: requests whose path matches go to an endpoint.

    The endpoint is called one of two ways, decided once from its signature, by the
    same rule as `WebSocketRoute`:

    * a function or method with exactly one required positional parameter is an
      `HTTPEndpoint`: it is called with a `tether.HTTPConnection` (which can read the
      body through its ``receive``) and returns the response application, which is
      then run: ``async def user(connection) -> Response``;
    * anything else is called as an ASGI application.

    Args:
        path: The path template, such as ``/users/{user_id:int}``.
        endpoint: The endpoint function or ASGI application. Either way the scope
            carries the converted ``path_params``.
        name: The name used by ``url_path_for``; defaults to the endpoint's ``__name__``
            (or its class name).
        methods: The allowed HTTP methods (any case); ``GET`` also allows ``HEAD``.
            ``None`` allows every method.

    Raises:
        PathTemplateError: If the path template is malformed.
    """

    scope_type = "http"
    protocol = "http"

    def __init__(
        self,
        path: str,
        endpoint: HTTPEndpoint | ASGIApp,
        *,
        name: str | None = None,
        methods: Collection[str] | None = None,
    ) -> None:
        super().__init__(path, endpoint, name)
        self._takes_connection = _takes_one_argument(endpoint)
        self.methods: frozenset[str] | None = None
        if methods is not None:
            allowed = {method.upper() for method in methods}
            if "GET" in allowed:
                allowed.add("HEAD")
            self.methods = frozenset(allowed)

    def matches(self, scope: Scope) -> tuple[Match, dict[str, Any]]:
        """Match a scope against this route's path and methods.

        Args:
            scope: An ASGI connection scope.

        Returns:
            ``Match.FULL`` if the route matches, ``Match.PARTIAL`` if only the method
                is not allowed, or ``Match.NONE``.
            The scope keys to set when it matches.
        """
        match, child = super().matches(scope)
        if match is Match.FULL and self.methods is not None and scope["method"] not in self.methods:
            return Match.PARTIAL, child
        return match, child

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Run the endpoint for a matched request.

        Args:
            scope: The request scope, with ``path_params`` already set.
            receive: The ASGI receive callable.
            send: The ASGI send callable.

        Raises:
            TypeError: If an `HTTPEndpoint` returns something that is not callable.
        """
        if not self._takes_connection:
            await self.endpoint(scope, receive, send)
            return
        response = await self.endpoint(HTTPConnection(scope, receive))
        if not callable(response):
            raise TypeError(
                f"endpoint {self.name!r} returned {type(response).__name__}, "
                "not a response application (such as a Starlette Response)"
            )
        await response(scope, receive, send)


class WebSocketRoute(BaseRoute):
    """A WebSocket route: connections whose path matches go to an endpoint.

    The endpoint is called one of two ways, decided once from its signature:

    * a function or method (possibly wrapped in `functools.partial`) with exactly one
      required positional parameter is called with a `tether.WebSocket`:
      ``async def chat(websocket: WebSocket) -> None``;
    * anything else (a function taking ``scope, receive, send``, a class, an object
      with an async ``__call__``) is called as an ASGI application.

    Args:
        path: The path template, such as ``/rooms/{room}``.
        endpoint: The endpoint function or ASGI application.
        name: The name used by ``url_path_for``; defaults to the endpoint's ``__name__``
            (or its class name).

    Raises:
        PathTemplateError: If the path template is malformed.
    """

    scope_type = "websocket"
    protocol = "websocket"

    def __init__(
        self,
        path: str,
        endpoint: WebSocketEndpoint | ASGIApp,
        *,
        name: str | None = None,
    ) -> None:
        super().__init__(path, endpoint, name)
        self._takes_websocket = _takes_one_argument(endpoint)

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Run the endpoint for a matched connection.

        Args:
            scope: The connection scope, with ``path_params`` already set.
            receive: The ASGI receive callable.
            send: The ASGI send callable.
        """
        if self._takes_websocket:
            await self.endpoint(WebSocket(scope, receive, send))
        else:
            await self.endpoint(scope, receive, send)


def _takes_one_argument(endpoint: Callable[..., Any]) -> bool:
    function = endpoint
    while isinstance(function, partial):
        function = function.func
    if not (inspect.isfunction(function) or inspect.ismethod(function)):
        return False
    required = [
        parameter
        for parameter in inspect.signature(endpoint).parameters.values()
        if parameter.kind in (parameter.POSITIONAL_ONLY, parameter.POSITIONAL_OR_KEYWORD)
        and parameter.default is parameter.empty
    ]
    return len(required) == 1


class Router:
    """An ASGI application that sends each connection to the first route that matches.

    Besides dispatching, it puts itself in ``scope["router"]`` (so
    ``HTTPConnection.url_for`` works) and in ``scope["app"]`` when no outer
    application did, answers an unmatched HTTP request with ``404 Not Found``, a
    request whose path matches only with another method with ``405 Method Not
    Allowed`` and an ``Allow`` header listing the methods of *every* route with that
    path, closes an unmatched WebSocket with `tether.WebSocketClose` (the server
    answers the handshake with 403), and answers the lifespan protocol.

    Args:
        routes: The routes, tried in order.
        lifespan: An optional `Lifespan`. If entering it raises, the router sends
            ``lifespan.startup.failed`` with the traceback as message and re-raises;
            if exiting it raises, ``lifespan.shutdown.failed``.
    """

    def __init__(
        self,
        routes: Sequence[BaseRoute] | None = None,
        *,
        lifespan: Lifespan | None = None,
    ) -> None:
        self.routes: list[BaseRoute] = list(routes or [])
        self.lifespan = lifespan

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Handle one ASGI connection.

        Args:
            scope: The connection scope.
            receive: The ASGI receive callable.
            send: The ASGI send callable.

        Raises:
            UnsupportedScopeError: If the scope type is not http, websocket or lifespan.
        """
        scope_type = scope["type"]
        if scope_type not in ("http", "websocket", "lifespan"):
            raise UnsupportedScopeError(f"Router cannot handle a {scope_type!r} scope")
        scope.setdefault("router", self)
        scope.setdefault("app", self)
        if scope_type == "lifespan":
            await self._run_lifespan(scope, receive, send)
            return

        partial_matches: list[Route] = []
        for route in self.routes:
            match, child = route.matches(scope)
            if match is Match.FULL:
                scope.update(child)
                await route.handle(scope, receive, send)
                return
            if match is Match.PARTIAL and isinstance(route, Route):
                partial_matches.append(route)

        if scope_type == "websocket":
            await WebSocketClose()(scope, receive, send)
        elif partial_matches:
            allowed = set().union(*(route.methods or () for route in partial_matches))
            await _plain_response(
                send, 405, b"Method Not Allowed", [(b"allow", ", ".join(sorted(allowed)).encode())]
            )
        else:
            await _plain_response(send, 404, b"Not Found")

    def url_path_for(self, name: str, /, **path_params: Any) -> URLPath:
        """Build the path of the first route with this name and these parameters.

        Args:
            name: The route name.
            **path_params: A value for each parameter of the route's path template.

        Returns:
            The path, with protocol ``"http"`` or ``"websocket"`` so that
                ``make_absolute_url`` picks the right scheme.

        Raises:
            NoMatchFound: If no route matches; the message names the route, the
                parameters given and those that routes with that name take.
            ConversionError: If a value cannot be written into the path.
        """
        for route in self.routes:
            try:
                return route.url_path_for(name, **path_params)
            except NoMatchFound:
                continue
        expected = [route.template.converters for route in self.routes if route.name == name]
        raise NoMatchFound(name, path_params, expected)

    async def _run_lifespan(self, scope: Scope, receive: Receive, send: Send) -> None:
        await receive()  # lifespan.startup
        started = False
        try:
            if self.lifespan is None:
                await send({"type": "lifespan.startup.complete"})
                started = True
                await receive()  # lifespan.shutdown
            else:
                async with self.lifespan(scope.get("app", self)) as state:
                    if state is not None:
                        if "state" not in scope:
                            raise RuntimeError(
                                "the lifespan yielded state but the server does not support "
                                "lifespan state"
                            )
                        scope["state"].update(state)
                    await send({"type": "lifespan.startup.complete"})
                    started = True
                    await receive()  # lifespan.shutdown
        except Exception:
            phase = "shutdown" if started else "startup"
            await send({"type": f"lifespan.{phase}.failed", "message": traceback.format_exc()})
            raise
        await send({"type": "lifespan.shutdown.complete"})


async def _plain_response(
    send: Send, status: int, body: bytes, headers: Iterable[tuple[bytes, bytes]] = ()
) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"text/plain; charset=utf-8"),
                (b"content-length", str(len(body)).encode()),
                *headers,
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})

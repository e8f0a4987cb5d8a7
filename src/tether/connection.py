"""HTTPConnection: the parts of an ASGI scope shared by HTTP requests and WebSockets."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any, Generic, cast

from tether.datastructures import (
    URL,
    Address,
    Headers,
    QueryParams,
    State,
    URLPath,
    _query_params_from_bytes,
    _scope_headers,
    _scope_url,
)
from tether.types import Receive, Scope

if TYPE_CHECKING:
    from typing_extensions import TypeVar

    StateT = TypeVar("StateT", bound=Mapping[str, Any] | State, default=State)
    """The type of `HTTPConnection.state`: `State` unless a subscript says otherwise.

    For type checkers only, the default is `State`; at run time no default is needed.
    """
else:
    from typing import TypeVar

    StateT = TypeVar("StateT", bound=Mapping[str, Any] | State)

__all__ = [
    "HTTPConnection",
    "MiddlewareNotInstalledError",
    "NoRouterError",
    "StateT",
    "UnsupportedScopeError",
    "cookie_parser",
]

# A backslash followed by three octal digits or by any one character.
_COOKIE_ESCAPE = re.compile(r"\\(?:([0-3][0-7][0-7])|(.))", re.DOTALL)


class UnsupportedScopeError(ValueError, AssertionError):
    """A scope of a type the object cannot serve.

    `HTTPConnection` takes `http` and `websocket` scopes, `WebSocket` only `websocket`
    scopes, and `Router` also `lifespan` scopes.

    It is a `ValueError`, and also an `AssertionError` because Starlette asserts in the
    same situation, so existing `except` clauses keep working.
    """


class MiddlewareNotInstalledError(AssertionError):
    """A property needs a scope key that only a middleware sets, and it is missing.

    `session` needs a session middleware, `auth` and `user` an authentication
    middleware. It is an `AssertionError`, like Starlette's failed assert, so
    existing `except` clauses keep working.
    """


class NoRouterError(RuntimeError):
    """`url_for` was called on a connection whose scope has no router or app."""


def _unescape(match: re.Match[str]) -> str:
    octal, char = match.groups()
    return chr(int(octal, 8)) if octal is not None else char


def cookie_parser(cookie_string: str) -> dict[str, str]:
    """Parse a `Cookie` header value leniently, as browsers send it.

    Pairs are separated by `;`, and name and value by the first `=`. Whitespace
    around names and values is stripped. A pair without `=` has an empty name,
    as browsers treat it. A value in double quotes is unquoted, with backslash
    escapes (`\\"`, `\\\\`, octal `\\073`) resolved. When a name repeats, the last
    value wins. Malformed input never raises.

    Args:
        cookie_string: The value of one `Cookie` header.

    Returns:
        The cookies, by name.
    """
    cookies: dict[str, str] = {}
    for chunk in cookie_string.split(";"):
        name, has_value, value = chunk.partition("=")
        if has_value:
            name = name.strip()
            value = value.strip()
            if not name and not value:
                continue
        else:
            name, value = "", name.strip()
            if not value:
                continue
        if len(value) > 1 and value[0] == '"' and value[-1] == '"':
            value = value[1:-1]
            if "\\" in value:
                value = _COOKIE_ESCAPE.sub(_unescape, value)
        cookies[name] = value
    return cookies


class HTTPConnection(Mapping[str, Any], Generic[StateT]):
    """A read-only view of an ``http`` or ``websocket`` ASGI scope.

    It is a `Mapping` over the scope itself. Two connections are equal only if they
    are the same object. Nothing is computed when it is created: each derived value
    (`url`, `headers`, `cookies`...) is computed on first access and then kept, so
    later changes to the scope are not seen by a value already read.

    The type parameter is the type of `state`, for example a `TypedDict` that a
    lifespan handler fills.

    Args:
        scope: The ASGI connection scope.
        receive: The ASGI receive callable, if the connection reads messages.

    Raises:
        UnsupportedScopeError: If ``scope["type"]`` is neither ``"http"`` nor ``"websocket"``.
    """

    _url: URL | None = None
    _base_url: URL | None = None
    _headers: Headers | None = None
    _query_params: QueryParams | None = None
    _cookies: dict[str, str] | None = None
    _state: State | None = None

    def __init__(self, scope: Scope, receive: Receive | None = None) -> None:
        scope_type = scope.get("type")
        if scope_type not in ("http", "websocket"):
            raise UnsupportedScopeError(
                f"HTTPConnection needs an 'http' or 'websocket' scope, got type {scope_type!r}"
            )
        self.scope = scope
        self._receive = receive

    def __getitem__(self, key: str) -> Any:
        return self.scope[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.scope)

    def __len__(self) -> int:
        return len(self.scope)

    __eq__ = object.__eq__
    __hash__ = object.__hash__

    @property
    def app(self) -> Any:
        """The application the server called (`scope["app"]`).

        Raises:
            KeyError: If the scope has no `"app"`.
        """
        return self.scope["app"]

    @property
    def url(self) -> URL:
        """The full URL of the connection.

        The host comes from a valid `Host` header, else from `scope["server"]`;
        default ports are left out; a websocket scope without `scheme` is `ws`.
        """
        if self._url is None:
            self._url = _scope_url(self.scope)
        return self._url

    @property
    def base_url(self) -> URL:
        """The URL the application is mounted at, ending with `/`, without query.

        Its path is `scope["app_root_path"]` if set, else `scope["root_path"]`, so
        that `url_for` inside a mounted sub-application still builds URLs from the
        root of the whole application.
        """
        if self._base_url is None:
            root_path = self.scope.get("app_root_path", self.scope.get("root_path", ""))
            if not root_path.endswith("/"):
                root_path += "/"
            base_scope = {**self.scope, "path": root_path, "query_string": b""}
            self._base_url = URL(scope=base_scope)
        return self._base_url

    @property
    def headers(self) -> Headers:
        """The request headers (for a WebSocket, those of the opening handshake)."""
        if self._headers is None:
            self._headers = _scope_headers(self.scope)
        return self._headers

    @property
    def query_params(self) -> QueryParams:
        """The parameters of the query string, blank values and repeated keys kept."""
        if self._query_params is None:
            self._query_params = _query_params_from_bytes(self.scope.get("query_string", b""))
        return self._query_params

    @property
    def path_params(self) -> dict[str, Any]:
        """The parameters the router matched in the path (`scope["path_params"]`), or `{}`."""
        path_params: dict[str, Any] = self.scope.get("path_params", {})
        return path_params

    @property
    def cookies(self) -> dict[str, str]:
        """The cookies of every `Cookie` header, parsed with `cookie_parser`.

        When a name repeats, the last value wins, across headers too.
        """
        if self._cookies is None:
            values = self.headers._values(b"cookie")
            if len(values) == 1:  # the usual case: no merging needed
                self._cookies = cookie_parser(values[0])
            else:
                cookies: dict[str, str] = {}
                for value in values:
                    cookies.update(cookie_parser(value))
                self._cookies = cookies
        return self._cookies

    @property
    def client(self) -> Address | None:
        """The remote peer's host and port, or None if the server did not say."""
        client = self.scope.get("client")
        return None if client is None else Address(*client)

    @property
    def server(self) -> Address | None:
        """The address the server accepted the connection on, or None.

        For a Unix socket, the host is the socket path and the port is None.
        """
        server = self.scope.get("server")
        return None if server is None else Address(*server)

    @property
    def session(self) -> dict[str, Any]:
        """The session data a session middleware put in `scope["session"]`.

        If the session object has a `mark_accessed()` method (as Starlette's does),
        it is called.

        Raises:
            MiddlewareNotInstalledError: If no session middleware is installed.
        """
        if "session" not in self.scope:
            raise MiddlewareNotInstalledError(
                "connection.session needs a session middleware: install "
                "starlette.middleware.sessions.SessionMiddleware (or one that sets "
                'scope["session"])'
            )
        session: dict[str, Any] = self.scope["session"]
        mark_accessed = getattr(session, "mark_accessed", None)
        if mark_accessed is not None:
            mark_accessed()
        return session

    @property
    def auth(self) -> Any:
        """The credentials an authentication middleware put in `scope["auth"]`.

        Raises:
            MiddlewareNotInstalledError: If no authentication middleware is installed.
        """
        return self._set_by_authentication("auth")

    @property
    def user(self) -> Any:
        """The user an authentication middleware put in `scope["user"]`.

        Raises:
            MiddlewareNotInstalledError: If no authentication middleware is installed.
        """
        return self._set_by_authentication("user")

    def _set_by_authentication(self, key: str) -> Any:
        if key not in self.scope:
            raise MiddlewareNotInstalledError(
                f"connection.{key} needs an authentication middleware: install "
                "starlette.middleware.authentication.AuthenticationMiddleware (or one "
                f'that sets scope["{key}"])'
            )
        return self.scope[key]

    @property
    def state(self) -> StateT:
        """Values shared along the connection, stored in `scope["state"]`.

        The dict is created in the scope if missing, so middleware and endpoint
        share it.
        """
        if self._state is None:
            self._state = State(self.scope.setdefault("state", {}))
        return cast(StateT, self._state)

    def url_for(self, name: str, /, **path_params: Any) -> URL:
        """Build the absolute URL of a named route.

        The route is looked up with `url_path_for` on `scope["router"]`, else on
        `scope["app"]`, and joined to `base_url`.

        Args:
            name: The name of the route.
            **path_params: The values of the route's path parameters.

        Returns:
            The absolute URL.

        Raises:
            NoRouterError: If the scope has neither a router nor an app with
                `url_path_for`.
            NoMatchFound: If the router has no route with this name and these
                parameters (the router's own exception class).
        """
        provider = self.scope.get("router") or self.scope.get("app")
        url_path_for = getattr(provider, "url_path_for", None)
        if url_path_for is None:
            raise NoRouterError(
                f"url_for({name!r}) needs a router: the scope has no 'router' or 'app' "
                "with a url_path_for() method; mount the endpoint in a tether Router "
                "or a Starlette application"
            )
        url_path = url_path_for(name, **path_params)
        if not isinstance(url_path, URLPath):
            url_path = URLPath(
                str(url_path), getattr(url_path, "protocol", ""), getattr(url_path, "host", "")
            )
        return url_path.make_absolute_url(base_url=self.base_url)

"""The values an ASGI connection is made of: URLs, headers, query parameters, addresses, state."""

from __future__ import annotations

import functools
import ipaddress
import re
from collections.abc import ItemsView, Iterable, Iterator, KeysView, Mapping, ValuesView
from operator import itemgetter
from typing import Any, Literal, NamedTuple
from urllib.parse import SplitResult, quote, unquote, urlencode, urlsplit

from tether.types import Scope

__all__ = [
    "URL",
    "Address",
    "ConflictingArgumentsError",
    "Headers",
    "InvalidHeaderError",
    "MutableHeaders",
    "QueryParams",
    "State",
    "URLPath",
    "UnknownProtocolError",
    "UnknownURLComponentError",
]

_DEFAULT_PORTS = {"http": 80, "https": 443, "ws": 80, "wss": 443}
_DEFAULT_PORT_TEXTS = {"http": "80", "https": "443", "ws": "80", "wss": "443"}
_URL_COMPONENTS = frozenset(
    ("scheme", "netloc", "path", "query", "fragment", "username", "password", "hostname", "port")
)
# RFC 3986 host: a bracketed IP literal (IPv6 or IPvFuture) or a reg-name (which also covers
# IPv4), then a port of any number of digits (leading zeros are allowed).
_HOST_HEADER = re.compile(
    r"(?P<host>\[(?:(?P<ipv6>[0-9A-Fa-f:.]+)|v[0-9A-Fa-f]+\.[A-Za-z0-9\-._~!$&'()*+,;=:]+)\]"
    r"|(?:[A-Za-z0-9\-._~!$&'()*+,;=]|%[0-9A-Fa-f]{2})+)"
    r"(?::(?P<port>[0-9]*))?"
)
# Characters a path keeps in a URL only percent-encoded: "?" and "#" would end it, "\\" is
# read as "/" by browsers, and urlsplit drops tab, CR and LF (and C0 controls are invalid).
_PATH_UNSAFE = re.compile("[\x00-\x1f\x7f?#\\\\]")
# RFC 9110 token characters: what a header name is made of.
_TOKEN = re.compile(rb"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
_HEADER_VALUE_FORBIDDEN = re.compile(b"[\r\n\x00]")
# The printable ASCII characters a query string can hold as they are (not "#").
_URL_SAFE = "".join(chr(code) for code in range(0x21, 0x7F) if chr(code) != "#")


class ConflictingArgumentsError(TypeError, AssertionError):
    """Two arguments that exclude each other were both given.

    It is a `TypeError`, and also an `AssertionError` because Starlette asserts in the
    same situation, so existing `except` clauses keep working.
    """


class UnknownURLComponentError(TypeError, ValueError):
    """A URL component name that `URL` does not know was given.

    It is a `TypeError` like any unexpected keyword argument, and also a `ValueError`
    because Starlette raises one in the same situation.
    """


class InvalidHeaderError(ValueError):
    """A header name or value that would corrupt an HTTP message.

    A name must be a token (letters, digits and ``!#$%&'*+-.^_`|~``); a value must not hold
    CR, LF or NUL, which would end the header early and let the rest pose as another header
    or the body (header injection). Starlette does not check them.

    Args:
        name: The header name.
        value: The header value.
        problem: What is wrong with them.

    Attributes:
        name: The header name.
        value: The header value.
    """

    def __init__(self, name: bytes, value: bytes, problem: str) -> None:
        self.name = name
        self.value = value
        super().__init__(f"Invalid header {name!r}: {problem}")


def _encode_header(name: str | bytes, value: str | bytes) -> tuple[bytes, bytes]:
    """Encode a header line for sending, refusing what would corrupt the HTTP message.

    Args:
        name: The header name; `str` is encoded as latin-1 and lower-cased.
        value: The header value; `str` is encoded as latin-1.

    Returns:
        The ``(name, value)`` byte pair, name in lower case.

    Raises:
        InvalidHeaderError: If the name is not a token or the value holds CR, LF or NUL.
        UnicodeEncodeError: If a `str` holds a character outside latin-1.
        TypeError: If the name or value is neither `str` nor `bytes`.
    """
    raw_name = _header_bytes(name, "name").lower()
    raw_value = _header_bytes(value, "value")
    if _TOKEN.fullmatch(raw_name) is None:
        raise InvalidHeaderError(
            raw_name, raw_value, "a name must be a non-empty token, without spaces or separators"
        )
    if _HEADER_VALUE_FORBIDDEN.search(raw_value) is not None:
        raise InvalidHeaderError(raw_name, raw_value, "a value must not contain CR, LF or NUL")
    return raw_name, raw_value


def _header_bytes(text: str | bytes, what: str) -> bytes:
    if isinstance(text, str):
        return text.encode("latin-1")
    if isinstance(text, bytes | bytearray):
        return bytes(text)
    raise TypeError(f"a header {what} must be str or bytes, got {type(text).__name__}")


def _stored_name(name: str | bytes) -> bytes:
    """Encode a header name as `Headers` stores it, lower case, as lookups encode it.

    Raises:
        UnicodeEncodeError: If a `str` name is outside latin-1.
        TypeError: If the name is neither `str` nor bytes.
    """
    if isinstance(name, str):
        return name.lower().encode("latin-1")
    return _header_bytes(name, "name").lower()


def _header_key(name: object) -> bytes | None:
    """Return the stored form of a header name to look up: lower-case latin-1 bytes.

    The one rule for every `Headers` and `MutableHeaders` method: a name is a `str` or
    `bytes` (or `bytearray`), in any case.

    Returns:
        The name as stored, or None for a `str` outside latin-1, which no header has.

    Raises:
        TypeError: If the name is neither `str` nor bytes.
    """
    if isinstance(name, str):
        try:
            return name.lower().encode("latin-1")
        except UnicodeEncodeError:
            return None
    if isinstance(name, bytes | bytearray):
        return bytes(name).lower()
    raise TypeError(f"a header name must be str or bytes, got {type(name).__name__}")


class UnknownProtocolError(ValueError, AssertionError):
    """`URLPath` was given a protocol other than `"http"`, `"websocket"` or `""`.

    It is a `ValueError`, and also an `AssertionError` because Starlette asserts in the
    same situation.
    """


def _query_text(query_string: bytes) -> str:
    """Decode a raw query string, percent-encoding the bytes a URL cannot hold as they are.

    Those are bytes outside ASCII, control characters, space and `#`. Encoding them
    does not change the parameters the query string parses to.
    """
    if query_string.isascii():
        text = query_string.decode("ascii")
        if text.isprintable() and " " not in text and "#" not in text:
            return text
    return quote(query_string, safe=_URL_SAFE)


def _parse_query(query: str) -> list[tuple[str, str]]:
    """Split a query string into decoded pairs, as `parse_qsl(query, keep_blank_values=True)`.

    Fields are separated by `&`; a field without `=` has a blank value; `+` is a
    space and percent escapes are decoded as UTF-8, invalid sequences replaced.
    """
    # `+` and `%` are looked for once in the whole query rather than in every field.
    if "+" in query:
        query = query.replace("+", " ")
    items: list[tuple[str, str]] = []
    append = items.append
    if "%" in query:
        for field in query.split("&"):
            if field:
                key, _, value = field.partition("=")
                append((unquote(key), unquote(value)))
    else:
        for field in query.split("&"):
            if field:
                key, _, value = field.partition("=")
                append((key, value))
    return items


def _bracket_ipv6(host: str) -> str:
    """Put brackets around `host` if it is a bare IPv6 address; return anything else as is."""
    if ":" in host and not host.startswith("["):
        try:
            ipaddress.IPv6Address(host)
        except ValueError:
            return host
        return f"[{host}]"
    return host


# A server sees the same few Host headers again and again: remember the last ones checked.
@functools.lru_cache(maxsize=64)
def _authority_from_host_header(value: bytes, scheme: str) -> str | None:
    """Return the authority a `Host` header names, or None if the header is not a valid host."""
    match = _HOST_HEADER.fullmatch(value.decode("latin-1"))
    if match is None:
        return None
    host, ipv6, port = match.groups()
    if ipv6 is not None:
        try:
            ipaddress.IPv6Address(ipv6)
        except ValueError:
            return None
    if not port:
        return host
    digits = port.lstrip("0")
    if len(digits) > 5 or int(digits or "0") > 65535:
        return None
    # The port is kept as sent (``example.com:08080`` stays so, as in Starlette), unless it
    # is the scheme's default port written plainly.
    if port == _DEFAULT_PORT_TEXTS.get(scheme):
        return host
    return f"{host}:{port}"


def _url_from_scope(scope: Scope) -> str:
    """Build the URL string of an ASGI connection scope."""
    scheme = scope.get("scheme") or ("ws" if scope.get("type") == "websocket" else "http")
    path: str = scope.get("path", "")
    if not path.isprintable() or "?" in path or "#" in path or "\\" in path:
        path = _PATH_UNSAFE.sub(_percent_encode, path)
    query_string: bytes = scope.get("query_string", b"")
    query = ""
    if query_string:
        text = query_string.decode("ascii") if query_string.isascii() else None
        # `_query_text`, inline for its usual case: printable ASCII without space or "#".
        if text is None or not text.isprintable() or " " in text or "#" in text:
            text = _query_text(query_string)
        query = "?" + text

    netloc = None
    for key, value in scope.get("headers", ()):
        if key == b"host":
            netloc = _authority_from_host_header(value, scheme)
            break
    if netloc is None:
        server = scope.get("server")
        if server is not None and server[1] is not None:
            host, port = _bracket_ipv6(server[0]), server[1]
            netloc = host if port == _DEFAULT_PORTS.get(scheme) else f"{host}:{port}"
    if netloc is None:
        if path.startswith("//"):
            path = "/%2F" + path[2:]
        return path + query
    if path and path[0] != "/":
        path = "/" + path
    return f"{scheme}://{netloc}{path}{query}"


def _percent_encode(found: re.Match[str]) -> str:
    return f"%{ord(found.group()):02X}"


def _mask_password(url: str) -> str:
    """Replace the password in `url`, if it has one, with asterisks."""
    if url.startswith("//"):
        start = 2
    else:
        scheme_end = url.find("://")
        if scheme_end == -1 or any(char in url[:scheme_end] for char in "/?#"):
            return url
        start = scheme_end + 3
    end = len(url)
    for delimiter in "/?#":
        found = url.find(delimiter, start)
        if found != -1:
            end = min(end, found)
    userinfo, at, _ = url[start:end].rpartition("@")
    if not at or ":" not in userinfo:
        return url
    username = userinfo.partition(":")[0]
    return f"{url[:start]}{username}:********{url[start + len(userinfo) :]}"


def _scope_header_lines(scope: Scope) -> list[tuple[bytes, bytes]]:
    """Return ``scope["headers"]`` as a list, storing a list there if it was another iterable."""
    lines = scope.get("headers")
    if type(lines) is not list:
        lines = scope["headers"] = list(lines or ())
    return lines


# The values an HTTPConnection derives from its scope, built without a constructor call:
# calling a class with arguments costs more than the rest of building a small value.


def _scope_headers(scope: Scope) -> Headers:
    """``Headers(scope=scope)``."""
    headers = object.__new__(Headers)
    lines = scope.get("headers")
    headers._list = lines if type(lines) is list else _scope_header_lines(scope)
    return headers


def _scope_url(scope: Scope) -> URL:
    """``URL(scope=scope)``."""
    url = object.__new__(URL)
    url._url = _url_from_scope(scope)
    url._components = None
    return url


def _query_params_from_bytes(query_string: bytes) -> QueryParams:
    """``QueryParams(query_string)``."""
    if type(query_string) is not bytes:  # not what ASGI says: let QueryParams sort it out
        return QueryParams(query_string)
    params = object.__new__(QueryParams)
    # Parsing needs only the bytes outside ASCII percent-encoded.
    query = query_string.decode("ascii") if query_string.isascii() else _query_text(query_string)
    params._list = _parse_query(query)
    params._dict = None
    return params


class Address(NamedTuple):
    """A network address: the client or the server of a connection.

    Attributes:
        host: The host name or IP address (for a server on a Unix socket, the socket path).
        port: The port number, or None for a server on a Unix socket.
    """

    host: str
    port: int | None


class URL:
    """An immutable URL, parsed only when one of its components is read.

    Build it from a string, from an ASGI scope, or from components. Equality
    compares the URL strings, also with a plain `str`. `repr()` shows the URL as
    written with its password, even an empty one, replaced by asterisks (Starlette
    rebuilds the URL for it, which can rewrite it or raise).

    Built from a scope, the host comes from a valid `Host` header (`host[:port]`,
    IPv6 in brackets, `%` only before two hex digits, a port up to 65535), else
    from `scope["server"]` unless it is a Unix socket (port None), else the URL is
    relative. A `Host` header's port is kept as sent, leading zeros too (`:08080`
    stays so and `port` reads 8080), as in Starlette, but for two: the scheme's
    default port (80 for `http` and `ws`, 443 for `https` and `wss`) is dropped, as
    it is from `scope["server"]` (Starlette keeps `:80` of a `Host` header), and so
    is an empty port (`example.com:`, where Starlette ignores the header). A
    websocket scope without a `scheme` gives a `ws` URL. The path keeps `?`, `#`,
    `\\` and control characters percent-encoded, and gets a leading `/` if the URL
    has a host; query bytes a URL cannot hold as they are (outside ASCII,
    control characters, space, `#`) are percent-encoded.

    The components are read with `urllib.parse.urlsplit`, which raises `ValueError`
    for a malformed URL (an unclosed `[`, a port that is not a number).

    Args:
        url: The URL as a string.
        scope: An ASGI `http` or `websocket` scope to build the URL from.
        **components: Components (`scheme`, `netloc`, `path`, `query`, `fragment`,
            `username`, `password`, `hostname`, `port`) to build the URL from. With
            `url`, they replace the components of `url` (Starlette forbids this).

    Raises:
        ConflictingArgumentsError: If `scope` is given with `url` or with components.
        UnknownURLComponentError: If a component name is not one of the above.
    """

    __slots__ = ("_components", "_url")

    def __init__(self, url: str = "", scope: Scope | None = None, **components: Any) -> None:
        self._components: SplitResult | None = None
        if scope is not None:
            if url or components:
                raise ConflictingArgumentsError(
                    "URL() takes either a scope or a url and components, not both"
                )
            self._url = _url_from_scope(scope)
        elif components:
            self._url = URL(url).replace(**components)._url
        else:
            self._url = url

    @property
    def components(self) -> SplitResult:
        """The five parts of the URL as `urllib.parse` splits them.

        Raises:
            ValueError: If the URL is malformed.
        """
        if self._components is None:
            self._components = urlsplit(self._url)
        return self._components

    @property
    def scheme(self) -> str:
        """The scheme, such as `"https"`, or `""`."""
        return self.components.scheme

    @property
    def netloc(self) -> str:
        """The network location: `[user[:password]@]host[:port]`, or `""`."""
        return self.components.netloc

    @property
    def path(self) -> str:
        """The path, as it appears in the URL."""
        return self.components.path

    @property
    def query(self) -> str:
        """The query string without the `?`, or `""`."""
        return self.components.query

    @property
    def fragment(self) -> str:
        """The fragment without the `#`, or `""`."""
        return self.components.fragment

    @property
    def username(self) -> str | None:
        """The user name of the network location, or None."""
        return self.components.username

    @property
    def password(self) -> str | None:
        """The password of the network location, or None."""
        return self.components.password

    @property
    def hostname(self) -> str | None:
        """The host in lower case, without the brackets of an IPv6 address, or None."""
        return self.components.hostname

    @property
    def port(self) -> int | None:
        """The explicit port number, or None.

        Raises:
            ValueError: If the port is not a number from 0 to 65535.
        """
        return self.components.port

    @property
    def is_secure(self) -> bool:
        """Whether the scheme is `https` or `wss`."""
        return self.scheme in ("https", "wss")

    def replace(self, **components: Any) -> URL:
        """Return a copy of the URL with some components replaced.

        The network location is changed as text: what is not replaced stays as
        written, the port too (Starlette reads the port as a number, so `:080`
        becomes `:80` and a port that is not a number raises `ValueError`). Given
        with `netloc`, the parts apply to that new netloc (Starlette ignores
        `netloc` then). A password is kept only with a user name, as in Starlette:
        `username=None` removes both, and a password given to a URL without a user
        name is dropped.

        Args:
            **components: New values for `scheme`, `netloc`, `path`, `query`,
                `fragment`, or for the parts of the network location: `username`
                (None removes the credentials), `password` (None removes it),
                `hostname` (a bare IPv6 address gets brackets) and `port` (None
                removes it).

        Returns:
            The new URL.

        Raises:
            UnknownURLComponentError: If a component name is not one of the above.
            ValueError: If the URL is malformed.
        """
        unknown = components.keys() - _URL_COMPONENTS
        if unknown:
            raise UnknownURLComponentError(
                f"unknown URL components {sorted(unknown)}; expected some of "
                f"{sorted(_URL_COMPONENTS)}"
            )
        parts = self.components
        if components.keys() & {"username", "password", "hostname", "port"}:
            netloc = components.get("netloc", parts.netloc)
            components["netloc"] = self._replace_netloc(netloc, components)
        return URL(parts._replace(**components).geturl())

    @staticmethod
    def _replace_netloc(netloc: str, components: dict[str, Any]) -> str:
        """Pop the network location parts from `components` and build the new netloc."""
        userinfo, at, hostport = netloc.rpartition("@")
        host, colon, port = hostport.rpartition(":")
        if not colon or hostport.endswith("]"):
            host, port = hostport, ""
        hostname = components.pop("hostname", None)
        if hostname is not None:
            host = _bracket_ipv6(hostname)
        if "port" in components:
            new_port = components.pop("port")
            port = "" if new_port is None else str(new_port)
        user, has_password, secret = userinfo.partition(":")
        username: str | None = components.pop("username", user if at else None)
        password: str | None = components.pop("password", secret if has_password else None)

        netloc = f"{host}:{port}" if port else host
        # A password belongs to its user name: without one, the credentials go whole, so
        # that replace(username=None) never leaves the password behind (as in Starlette).
        if username is None:
            return netloc
        if password is None:
            return f"{username}@{netloc}"
        return f"{username}:{password}@{netloc}"

    def include_query_params(self, **params: Any) -> URL:
        """Return a copy of the URL with the given query parameters set.

        Existing values of each given key are removed; other parameters are kept.

        Args:
            **params: The parameters to set; values are converted with `str`.

        Returns:
            The new URL.
        """
        new_items = [(key, str(value)) for key, value in params.items()]
        kept = [(key, value) for key, value in _parse_query(self.query) if key not in params]
        return self.replace(query=urlencode(kept + new_items))

    def replace_query_params(self, **params: Any) -> URL:
        """Return a copy of the URL whose query holds exactly the given parameters.

        Args:
            **params: The parameters; values are converted with `str`.

        Returns:
            The new URL.
        """
        return self.replace(query=urlencode([(key, str(value)) for key, value in params.items()]))

    def remove_query_params(self, keys: str | Iterable[str]) -> URL:
        """Return a copy of the URL without the given query parameters.

        Args:
            keys: One key, or several, whose values are all removed.

        Returns:
            The new URL.
        """
        removed = {keys} if isinstance(keys, str) else set(keys)
        kept = [(key, value) for key, value in _parse_query(self.query) if key not in removed]
        return self.replace(query=urlencode(kept))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (URL, str)):
            return self._url == str(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._url)

    def __str__(self) -> str:
        return self._url

    def __repr__(self) -> str:
        return f"{type(self).__name__}({_mask_password(self._url)!r})"


class URLPath(str):
    """A path returned by routing, which may know its protocol and host.

    The path is stored with backslashes percent-encoded, and a leading `//`
    written as `/%2F`, so that it is never read as a network location.

    Args:
        path: The path.
        protocol: `"http"` or `"websocket"` to fix the scheme family, or `""` to
            take the scheme of the base URL.
        host: The host to use instead of the base URL's network location, or `""`.

    Raises:
        UnknownProtocolError: If `protocol` is not one of the above.
    """

    protocol: Literal["http", "websocket", ""]
    host: str

    def __new__(
        cls, path: str, protocol: Literal["http", "websocket", ""] = "", host: str = ""
    ) -> URLPath:
        if protocol not in ("http", "websocket", ""):
            raise UnknownProtocolError(
                f"URLPath protocol must be 'http', 'websocket' or '', got {protocol!r}"
            )
        path = path.replace("\\", "%5C")
        if path.startswith("//"):
            path = "/%2F" + path[2:]
        return str.__new__(cls, path)

    def __init__(
        self, path: str, protocol: Literal["http", "websocket", ""] = "", host: str = ""
    ) -> None:
        self.protocol = protocol
        self.host = host

    def make_absolute_url(self, base_url: str | URL) -> URL:
        """Join the path to a base URL.

        The scheme follows the protocol: `http`/`https` or `ws`/`wss`, secure when
        the base URL is; without a protocol it is the base URL's scheme.

        Args:
            base_url: The URL the application is mounted at, such as `base_url`
                of a connection.

        Returns:
            The absolute URL.
        """
        base = base_url if isinstance(base_url, URL) else URL(base_url)
        if self.protocol == "http":
            scheme = "https" if base.is_secure else "http"
        elif self.protocol == "websocket":
            scheme = "wss" if base.is_secure else "ws"
        else:
            scheme = base.scheme
        netloc = self.host or base.netloc
        return URL(scheme=scheme, netloc=netloc, path=base.path.rstrip("/") + self)


class Headers(Mapping[str, str]):
    """An immutable, case-insensitive multidict of HTTP headers.

    Names and values are decoded as latin-1. Order and duplicates are kept:
    `headers[name]` is the first value, `getlist(name)` all of them; `keys()`,
    `values()`, `items()` and `len()` count every header line. Built from a scope,
    it reads `scope["headers"]` in place (a list is not copied).

    Every method takes a header name as `str` or `bytes`, in any case (Starlette
    takes only `str`); a name of another type raises `TypeError`, except in `in`,
    which is then False. A `str` name outside latin-1 is never present.

    Args:
        headers: A mapping of names to values, each a `str` (encoded as latin-1) or
            `bytes`.
        raw: A list of `(name, value)` byte pairs with lower-case names, used as is.
        scope: An ASGI scope whose `"headers"` to use.

    Raises:
        ConflictingArgumentsError: If more than one of `headers`, `raw` and `scope` is given.
        UnicodeEncodeError: If `headers` holds a character outside latin-1.
    """

    __slots__ = ("_list",)
    _list: list[tuple[bytes, bytes]]

    def __init__(
        self,
        headers: Mapping[str, str] | None = None,
        raw: list[tuple[bytes, bytes]] | None = None,
        scope: Scope | None = None,
    ) -> None:
        if scope is not None:
            if headers is not None or raw is not None:
                raise ConflictingArgumentsError("Headers() takes 'scope' alone")
            self._list = _scope_header_lines(scope)
        elif raw is not None:
            if headers is not None:
                raise ConflictingArgumentsError("Headers() takes 'headers' or 'raw', not both")
            self._list = raw
        elif headers is not None:
            self._list = [
                (_stored_name(key), _header_bytes(value, "value")) for key, value in headers.items()
            ]
        else:
            self._list = []

    @property
    def raw(self) -> list[tuple[bytes, bytes]]:
        """A copy of the `(name, value)` byte pairs."""
        return list(self._list)

    def keys(self) -> list[str]:  # type: ignore[override]
        """Return the names of all header lines, duplicates included.

        Returns:
            The names, in order.
        """
        return [key.decode("latin-1") for key, _ in self._list]

    def values(self) -> list[str]:  # type: ignore[override]
        """Return the values of all header lines.

        Returns:
            The values, in order.
        """
        return [value.decode("latin-1") for _, value in self._list]

    def items(self) -> list[tuple[str, str]]:  # type: ignore[override]
        """Return the `(name, value)` pairs of all header lines.

        Returns:
            The pairs, in order.
        """
        return [(key.decode("latin-1"), value.decode("latin-1")) for key, value in self._list]

    def getlist(self, key: str | bytes) -> list[str]:
        """Return every value of a header.

        Args:
            key: The header name, `str` or `bytes`, in any case.

        Returns:
            The values in order; empty if the header is absent.

        Raises:
            TypeError: If the name is neither `str` nor bytes.
        """
        return self._values(_header_key(key))

    def _values(self, wanted: bytes | None) -> list[str]:
        """Every value of the header stored as ``wanted`` (see `_header_key`)."""
        values = []
        for name, value in self._list:
            if name == wanted:
                values.append(value.decode("latin-1"))
        return values

    def mutablecopy(self) -> MutableHeaders:
        """Return a mutable copy.

        Returns:
            New `MutableHeaders` with a copy of the header lines.
        """
        return MutableHeaders(raw=self._list[:])

    def __getitem__(self, key: str | bytes) -> str:
        if isinstance(key, str):
            # The common case, inline: `_header_key` costs a call on every lookup.
            try:
                wanted: bytes | None = key.lower().encode("latin-1")
            except UnicodeEncodeError:
                raise KeyError(key) from None
        else:
            wanted = _header_key(key)
        for name, value in self._list:
            if name == wanted:
                return value.decode("latin-1")
        raise KeyError(key)

    def __contains__(self, key: object) -> bool:
        if not isinstance(key, str | bytes | bytearray):
            return False
        wanted = _header_key(key)
        return any(name == wanted for name, _ in self._list)

    def __iter__(self) -> Iterator[str]:
        return iter(self.keys())

    def __len__(self) -> int:
        return len(self._list)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Headers):
            return NotImplemented
        return sorted(self._list) == sorted(other._list)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        items = self.items()
        as_dict = dict(items)
        if len(as_dict) == len(items):
            return f"{type(self).__name__}({as_dict!r})"
        return f"{type(self).__name__}(raw={self._list!r})"


class MutableHeaders(Headers):
    """Headers that can be changed, for example those of a response being built.

    Built from a scope, changes are made to `scope["headers"]` itself.
    Setting a name or value outside latin-1 raises `UnicodeEncodeError`. Unlike
    Starlette's, every name set must be a token and every value free of CR, LF and NUL
    (`InvalidHeaderError`), so a value taken from a request cannot inject a header.

    Args:
        headers: A mapping of names to values, each a `str` or `bytes`.
        raw: A list of `(name, value)` byte pairs with lower-case names, changed in place.
        scope: An ASGI scope whose `"headers"` list to change in place.

    Raises:
        ConflictingArgumentsError: If more than one of `headers`, `raw` and `scope` is given.
        InvalidHeaderError: If `headers` holds a name that is not a token or a value with
            CR, LF or NUL.
        UnicodeEncodeError: If `headers` holds a character outside latin-1.
    """

    __slots__ = ()

    def __init__(
        self,
        headers: Mapping[str, str] | None = None,
        raw: list[tuple[bytes, bytes]] | None = None,
        scope: Scope | None = None,
    ) -> None:
        if headers is not None and raw is None and scope is None:
            raw = [_encode_header(name, value) for name, value in headers.items()]
            headers = None
        super().__init__(headers, raw, scope)

    @property
    def raw(self) -> list[tuple[bytes, bytes]]:
        """The `(name, value)` byte pairs themselves (not a copy)."""
        return self._list

    def __setitem__(self, key: str | bytes, value: str | bytes) -> None:
        """Set a header, replacing all its lines with one at the place of the first.

        Args:
            key: The header name, `str` or `bytes`, in any case.
            value: The value, `str` or `bytes`.

        Raises:
            InvalidHeaderError: If the name is not a token or the value holds CR, LF or NUL.
            TypeError: If the name or value is neither `str` nor bytes.
            UnicodeEncodeError: If the name or value is a `str` outside latin-1.
        """
        line = _encode_header(key, value)
        name = line[0]
        found = [index for index, (item_name, _) in enumerate(self._list) if item_name == name]
        if not found:
            self._list.append(line)
            return
        for index in reversed(found[1:]):
            del self._list[index]
        self._list[found[0]] = line

    def __delitem__(self, key: str | bytes) -> None:
        """Remove every line of a header; do nothing if it is absent.

        Args:
            key: The header name, `str` or `bytes`, in any case.

        Raises:
            TypeError: If the name is neither `str` nor bytes.
        """
        name = _header_key(key)
        self._list[:] = [line for line in self._list if line[0] != name]

    def __ior__(self, other: Mapping[str, str]) -> MutableHeaders:
        if not isinstance(other, Mapping):
            raise TypeError(
                f"'|=' needs a mapping of header names to values, got {type(other).__name__}"
            )
        self.update(other)
        return self

    def __or__(self, other: Mapping[str, str]) -> MutableHeaders:
        if not isinstance(other, Mapping):
            return NotImplemented
        merged = self.mutablecopy()
        merged.update(other)
        return merged

    def setdefault(self, key: str | bytes, value: str | bytes) -> str:
        """Set a header if it is absent.

        Args:
            key: The header name, `str` or `bytes`, in any case.
            value: The value to set if the header is absent, `str` or `bytes`.

        Returns:
            The first value of the header after the call, decoded as latin-1.

        Raises:
            InvalidHeaderError: If the header is absent and the name is not a token or the
                value holds CR, LF or NUL.
            TypeError: If the name or value is neither `str` nor bytes.
            UnicodeEncodeError: If the header is absent and the name or value is a `str`
                outside latin-1.
        """
        name = _header_key(key)
        for item_name, item_value in self._list:
            if item_name == name:
                return item_value.decode("latin-1")
        line = _encode_header(key, value)
        self._list.append(line)
        return line[1].decode("latin-1")

    def update(self, other: Mapping[str, str] | Iterable[tuple[str, str]]) -> None:
        """Set several headers, each as `headers[key] = value` would.

        Args:
            other: A mapping, or an iterable of `(name, value)` pairs.

        Raises:
            TypeError: If `other` is neither.
            InvalidHeaderError: If a name is not a token or a value holds CR, LF or NUL.
        """
        if isinstance(other, Mapping):
            pairs: Iterable[Any] = other.items()
        elif isinstance(other, (str, bytes)) or not isinstance(other, Iterable):
            raise TypeError(
                f"update() needs a mapping or (name, value) pairs, got {type(other).__name__}"
            )
        else:
            pairs = other
        for pair in pairs:
            if not isinstance(pair, tuple | list) or len(pair) != 2:
                raise TypeError(f"update() needs (name, value) pairs, got {pair!r}")
            self[pair[0]] = pair[1]

    def append(self, key: str | bytes, value: str | bytes) -> None:
        """Add a header line, keeping any lines the header already has.

        Args:
            key: The header name, `str` or `bytes`, in any case.
            value: The value, `str` or `bytes`.

        Raises:
            InvalidHeaderError: If the name is not a token or the value holds CR, LF or NUL.
            TypeError: If the name or value is neither `str` nor bytes.
            UnicodeEncodeError: If the name or value is a `str` outside latin-1.
        """
        self._list.append(_encode_header(key, value))

    def add_vary_header(self, vary: str) -> None:
        """Add a name to the `Vary` header, merging existing lines into one.

        Args:
            vary: The header name (or comma-separated names) the response varies on.
        """
        self["vary"] = ", ".join([*self.getlist("vary"), vary])


class QueryParams(Mapping[str, str]):
    """An immutable multidict of query string parameters.

    Blank values are kept and repeated keys keep every value: `params[key]` is the
    last value, `getlist(key)` all of them, `multi_items()` every pair in order.
    `str()` gives a query string that parses back to equal parameters (it raises
    `UnicodeEncodeError` for a lone surrogate, which UTF-8 cannot encode). Equality
    ignores the order of different keys, not the order of one key's values.

    Args:
        params: A query string (`str`, or `bytes`, where bytes outside ASCII count
            as percent-encoded UTF-8, where Starlette reads them as latin-1), a
            mapping, an iterable of `(key, value)` pairs, or another `QueryParams`.
            Keys and values are converted with `str`. None and any other empty value
            (`0`, `False`) give no parameters, as in Starlette.
        **kwargs: More parameters, added after `params`.

    Raises:
        TypeError: If `params` is none of the above, such as a number other than 0.
    """

    __slots__ = ("_dict", "_list")
    _list: list[tuple[str, str]]
    # Each key's last value, built from `_list` when first needed (`_by_key`).
    _dict: dict[str, str] | None

    def __init__(
        self,
        params: (
            QueryParams | Mapping[Any, Any] | Iterable[tuple[Any, Any]] | str | bytes | None
        ) = (),
        /,
        **kwargs: Any,
    ) -> None:
        if isinstance(params, bytes):
            # Parsing needs only the bytes outside ASCII percent-encoded.
            params = params.decode("ascii") if params.isascii() else _query_text(params)
        if isinstance(params, str):
            items = _parse_query(params)
        elif isinstance(params, QueryParams):
            items = params._list[:]
        elif not params:
            # None, 0, False and empty containers: no parameters, as in Starlette.
            items = []
        else:
            try:
                pairs = iter(params.items() if isinstance(params, Mapping) else params)
            except TypeError:
                raise TypeError(
                    "QueryParams() needs a query string, a mapping or (key, value) pairs, "
                    f"got {type(params).__name__}"
                ) from None
            items = [(str(key), str(value)) for key, value in pairs]
        if kwargs:
            items += [(key, str(value)) for key, value in kwargs.items()]
        self._list = items
        self._dict = None

    def _by_key(self) -> dict[str, str]:
        by_key = self._dict
        if by_key is None:
            by_key = self._dict = dict(self._list)
        return by_key

    def getlist(self, key: str) -> list[str]:
        """Return every value of a key.

        Args:
            key: The parameter name.

        Returns:
            The values in order; empty if the key is absent.
        """
        return [value for item_key, value in self._list if item_key == key]

    def multi_items(self) -> list[tuple[str, str]]:
        """Return every `(key, value)` pair, repeated keys included.

        Returns:
            The pairs, in order.
        """
        return self._list[:]

    def keys(self) -> KeysView[str]:
        """Return the distinct keys.

        Returns:
            A view of the keys, in order of first appearance.
        """
        return self._by_key().keys()

    def values(self) -> ValuesView[str]:
        """Return the last value of each key.

        Returns:
            A view of the values.
        """
        return self._by_key().values()

    def items(self) -> ItemsView[str, str]:
        """Return each key with its last value.

        Returns:
            A view of the pairs.
        """
        return self._by_key().items()

    def __getitem__(self, key: str) -> str:
        return self._by_key()[key]

    def __contains__(self, key: object) -> bool:
        return key in self._by_key()

    def __iter__(self) -> Iterator[str]:
        return iter(self._by_key())

    def __len__(self) -> int:
        return len(self._by_key())

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, QueryParams):
            return NotImplemented
        return sorted(self._list, key=itemgetter(0)) == sorted(other._list, key=itemgetter(0))

    __hash__ = None  # type: ignore[assignment]

    def __str__(self) -> str:
        return urlencode(self._list)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({str(self)!r})"


class State:
    """Arbitrary values stored as attributes, kept in a dict.

    `connection.state` wraps `scope["state"]`, so values set by middleware are seen
    by the endpoint. Values can also be read and written as items. Unlike Starlette's,
    it can be copied and pickled.

    Args:
        state: The dict that holds the values; a new one if None.
    """

    _state: dict[str, Any]

    def __init__(self, state: dict[str, Any] | None = None) -> None:
        object.__setattr__(self, "_state", {} if state is None else state)

    def __getattr__(self, key: str) -> Any:
        try:
            # Through __dict__, so that a copy not yet initialised does not recurse.
            return self.__dict__["_state"][key]
        except KeyError:
            raise AttributeError(
                f"{type(self).__name__!r} object has no attribute {key!r}"
            ) from None

    def __setattr__(self, key: str, value: Any) -> None:
        self._state[key] = value

    def __delattr__(self, key: str) -> None:
        try:
            del self._state[key]
        except KeyError:
            raise AttributeError(
                f"{type(self).__name__!r} object has no attribute {key!r}"
            ) from None

    def __getitem__(self, key: str) -> Any:
        return self._state[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self._state[key] = value

    def __delitem__(self, key: str) -> None:
        del self._state[key]

    def __contains__(self, key: object) -> bool:
        return key in self._state

    def __iter__(self) -> Iterator[str]:
        return iter(self._state)

    def __len__(self) -> int:
        return len(self._state)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._state!r})"

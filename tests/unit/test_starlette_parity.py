"""Tether's data structures against Starlette's, input by input (issue 24, item 4).

Each test draws inputs (URLs, scopes, query strings, header names and values, cookies),
gives the same input to tether and to Starlette, and requires the same result: the same
value, or an exception on both sides (tether's classes are more specific). Where tether
differs on purpose, the test does not simply tolerate it: it applies the documented rule
to Starlette's input (for example, it gives Starlette a ``ws`` scheme for a websocket
scope without one) and still requires equal results, or, where no such rewriting exists,
it names the documented reason. `DOCUMENTED` lists every reason with the docstring that
states it, and `test_every_tolerated_difference_is_documented` holds them to it.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable
from typing import Any
from urllib.parse import quote_from_bytes

from hypothesis import assume, example, given
from hypothesis import strategies as st
from starlette import datastructures as starlette
from starlette.requests import HTTPConnection as StarletteConnection
from starlette.requests import cookie_parser as starlette_cookie_parser

from tether.connection import HTTPConnection, cookie_parser
from tether.datastructures import URL, Headers, MutableHeaders, QueryParams

# Every difference tether keeps on purpose, and the docstring words that document it.
DOCUMENTED: dict[str, tuple[Any, str]] = {
    "repr masks as written": (URL, "`repr()` shows the URL as written with its password"),
    "replace keeps the port as written": (URL.replace, "Starlette reads the port as a number"),
    "replace applies parts to a new netloc": (URL.replace, "(Starlette ignores `netloc` then)"),
    "a default Host port is dropped": (URL, "(Starlette keeps `:80` of a `Host` header)"),
    "an empty Host port is dropped": (URL, "where Starlette ignores the header"),
    "a Host % needs two hex digits": (URL, "`%` only before two hex digits"),
    "a Unix socket is no host": (URL, "unless it is a Unix socket (port None)"),
    "websocket scopes default to ws": (URL, "without a `scheme` gives a `ws` URL"),
    "paths keep unsafe characters encoded": (URL, "and control characters percent-encoded"),
    "a path after a host starts with /": (URL, "gets a leading `/` if the URL has a host"),
    "query bytes are percent-encoded": (URL, "query bytes a URL cannot hold as they are"),
    "query bytes are UTF-8": (QueryParams, "where Starlette reads them as latin-1"),
    "header names may be bytes": (Headers, "(Starlette takes only `str`)"),
    "a name outside latin-1 is absent": (Headers, "A `str` name outside latin-1 is never"),
    "set names are tokens, values clean": (MutableHeaders, "every name set must be a token"),
    "setdefault checks only what it sets": (MutableHeaders.setdefault, "If the header is absent"),
}


def test_every_tolerated_difference_is_documented() -> None:
    for reason, (documented, words) in DOCUMENTED.items():
        docstring = " ".join((documented.__doc__ or "").split())
        assert words in docstring, f"{reason!r}: {documented.__qualname__} does not say {words!r}"


def outcome(call: Callable[[], Any]) -> tuple[str, Any]:
    """The result of a call, or that it raised: exception classes differ on purpose."""
    try:
        return ("value", call())
    except Exception:
        return ("raised", None)


# URLs from strings

scheme = st.sampled_from(["http", "https", "ws", "wss", "HTTP", "x+y", ""])
userinfo = st.sampled_from(["", "u@", "u:p@", ":p@", "u:@", "@", "a%40b:p%3A@", "u:p:q@"])
host = st.sampled_from(["example.com", "EXAMPLE.com", "[::1]", "[fe::2]", "10.0.0.1", "h", ""])
port_text = st.sampled_from(["", ":80", ":8080", ":0", ":", ":080", ":99999", ":x", ":00443"])
path = st.sampled_from(["", "/", "/p", "/a b", "//x", "/é", "/a%2Fb", "p"])
query = st.sampled_from(["", "?", "?a=1", "?a=1&a=2&b", "?q=x+y&r=%C3%A9&s="])
fragment = st.sampled_from(["", "#", "#f", "#a?b"])


@st.composite
def urls(draw: st.DrawFn) -> str:
    prefix = draw(scheme)
    separator = "://" if prefix else draw(st.sampled_from(["//", ""]))
    authority = draw(userinfo) + draw(host) + draw(port_text) if separator else ""
    return prefix + separator + authority + draw(path) + draw(query) + draw(fragment)


HOST_PARTS = ("username", "password", "hostname", "port")
replacement = {
    "scheme": st.sampled_from(["https", "ws", ""]),
    "netloc": st.sampled_from(["h", "u:p@h:1", "", "[::1]:2"]),
    "path": st.sampled_from(["/x", "", "/a b"]),
    "query": st.sampled_from(["a=1", ""]),
    "fragment": st.sampled_from(["z", ""]),
    "username": st.sampled_from([None, "", "bob", "a@b"]),
    "password": st.sampled_from([None, "", "pw", "a:b"]),
    "hostname": st.sampled_from([None, "h2", "::1", "H2"]),
    "port": st.sampled_from([None, 0, 8080, "81", 80]),
}
components = st.lists(st.sampled_from(sorted(replacement)), min_size=1, max_size=3, unique=True)


def port_is_canonical(url: str) -> bool:
    """Whether the port of a URL reads back as it is written (Starlette reads it as a number)."""
    try:
        number = starlette.URL(url).port
    except ValueError:
        return False
    netloc = starlette.URL(url).netloc.rpartition("@")[2]
    written = "" if netloc.endswith("]") or ":" not in netloc else netloc.rpartition(":")[2]
    return written == ("" if number is None else str(number))


@given(url=urls(), names=components, data=st.data())
@example(url="http://user:secret@example.com/", names=["username"], data=None)
def test_url_replace_matches_starlette(url: str, names: list[str], data: Any) -> None:
    if data is None:  # the example of the issue
        changes: dict[str, Any] = {"username": None}
    else:
        changes = {name: data.draw(replacement[name], label=name) for name in names}
    ours = outcome(lambda: str(URL(url).replace(**changes)))
    theirs = outcome(lambda: str(starlette.URL(url).replace(**changes)))
    host_parts = {name: value for name, value in changes.items() if name in HOST_PARTS}
    if host_parts and "netloc" in changes:
        # "replace applies parts to a new netloc": Starlette does so in two steps, but for
        # a path starting with "//", which the URL between the steps cannot hold.
        assume(changes["netloc"] or not outcome(lambda: URL(url).path)[1].startswith("//"))
        others = {name: value for name, value in changes.items() if name not in HOST_PARTS}
        theirs = outcome(lambda: str(starlette.URL(url).replace(**others).replace(**host_parts)))
    if ours != theirs and host_parts and not port_is_canonical(str(URL(url).replace())):
        return  # "replace keeps the port as written"
    assert ours == theirs


@given(url=urls())
def test_url_components_and_repr_match_starlette(url: str) -> None:
    names = ["scheme", "netloc", "path", "query", "fragment", "username", "password"]
    for name in [*names, "hostname", "port", "is_secure"]:
        ours = outcome(lambda name=name: getattr(URL(url), name))
        assert ours == outcome(lambda name=name: getattr(starlette.URL(url), name)), name
    password = outcome(lambda: URL(url).password)
    if password == ("value", None):
        assert repr(URL(url)) == repr(starlette.URL(url))
    elif password[0] == "value":
        # "repr masks as written": only the password changes.
        netloc = URL(url).netloc
        userinfo, _, host_and_port = netloc.rpartition("@")
        masked = f"{userinfo.partition(':')[0]}:********@{host_and_port}"
        assert repr(URL(url)) == f"URL({url.replace(netloc, masked, 1)!r})"


query_parameters = st.dictionaries(
    st.text("ab &=+%é", max_size=3), st.text("ab &=+%é", max_size=3), max_size=3
)


@given(url=urls(), params=query_parameters, removed=st.sampled_from(["a", ["a", "b"], []]))
def test_url_query_methods_match_starlette(url: str, params: dict[str, str], removed: Any) -> None:
    for method in ("include_query_params", "replace_query_params"):
        ours = outcome(lambda method=method: str(getattr(URL(url), method)(**params)))
        theirs = outcome(lambda method=method: str(getattr(starlette.URL(url), method)(**params)))
        assert ours == theirs, method
    assert outcome(lambda: str(URL(url).remove_query_params(removed))) == outcome(
        lambda: str(starlette.URL(url).remove_query_params(removed))
    )


# URLs and other values of connection scopes

HOST_HEADERS = [
    b"example.com",
    b"example.com:80",
    b"example.com:443",
    b"example.com:000080",
    b"example.com:080",
    b"example.com:08080",
    b"example.com:0",
    b"example.com:00000",
    b"example.com:",
    b"example.com:65535",
    b"example.com:0065535",
    b"example.com:65536",
    b"EXAMPLE.COM:8080",
    b"[::1]",
    b"[::1]:80",
    b"[::1]:0080",
    b"[v1.x]:81",
    b"ex%41mple.com",
    b"ex%zzmple.com",
    b"bad host",
    b"h:p",
    b"[::1",
    b"",
]
PATH_CHARACTERS = string.ascii_letters[:4] + "/ %é?#\\\t\x00"
QUERY_BYTES = st.binary(max_size=8) | st.sampled_from([b"a=1&a=2", b"q=%C3%A9", b"\xc3\xa9=1"])


@st.composite
def scopes(draw: st.DrawFn) -> dict[str, Any]:
    scope: dict[str, Any] = {
        "type": draw(st.sampled_from(["http", "websocket"])),
        "path": draw(st.text(PATH_CHARACTERS, max_size=8)),
        "query_string": draw(QUERY_BYTES),
        "headers": [],
    }
    if draw(st.booleans()):
        scope["scheme"] = draw(st.sampled_from(["http", "https", "ws", "wss"]))
    server = draw(
        st.sampled_from(
            [None, ("example.org", 80), ("example.org", 443), ("::1", 8000), ("/tmp/s", None)]
        )
    )
    if server is not None:
        scope["server"] = server
    if draw(st.booleans()):
        scope["headers"].append((b"host", draw(st.sampled_from(HOST_HEADERS))))
    if draw(st.booleans()):
        scope["root_path"] = draw(st.sampled_from(["", "/root", "/root/"]))
    for cookie in draw(st.lists(st.sampled_from([b"a=1; b=2", b'a="x\\"y"', b"c"]), max_size=2)):
        scope["headers"].append((b"cookie", cookie))
    return scope


DEFAULT_PORTS = {"http": b"80", "https": b"443", "ws": b"80", "wss": b"443"}
HOST_PERCENT = re.compile(rb"%(?![0-9A-Fa-f]{2})")
PRINTABLE_ASCII_BUT_HASH = "".join(chr(code) for code in range(0x21, 0x7F) if chr(code) != "#")


def as_tether_documents_it(scope: dict[str, Any]) -> dict[str, Any]:
    """Rewrite a scope for Starlette by the documented rules, so both give the same URL."""
    scope = {**scope, "headers": list(scope["headers"])}
    if scope["type"] == "websocket" and "scheme" not in scope:
        scope["scheme"] = "ws"  # "websocket scopes default to ws"
    scheme = scope.get("scheme", "http")
    if scope.get("server", ("", 0))[1] is None:
        del scope["server"]  # "a Unix socket is no host"
    for index, (name, value) in enumerate(scope["headers"]):
        if name != b"host":
            continue
        hostname, colon, port = value.rpartition(b":")
        if colon and port == DEFAULT_PORTS[scheme]:
            value = hostname  # "a default Host port is dropped"
        elif colon and not port and hostname.count(b"[") == hostname.count(b"]"):
            value = hostname  # "an empty Host port is dropped"
        if HOST_PERCENT.search(value):
            value = b"bad host"  # "a Host % needs two hex digits": not a valid header
        scope["headers"][index] = (name, value)
        break
    # "paths keep unsafe characters encoded"
    scope["path"] = re.sub(
        "[\x00-\x1f\x7f]", lambda found: f"%{ord(found.group()):02X}", scope["path"]
    )
    # "query bytes are percent-encoded"
    scope["query_string"] = quote_from_bytes(
        scope["query_string"], safe=PRINTABLE_ASCII_BUT_HASH
    ).encode("ascii")
    relative = scope["path"] and not scope["path"].startswith("/")
    if relative and StarletteConnection(scope).url.netloc:
        scope["path"] = "/" + scope["path"]  # "a path after a host starts with /"
    return scope


@given(scope=scopes())
@example(
    scope={
        "type": "http",
        "path": "/some/path",
        "query_string": b"",
        "headers": [(b"host", b"example.com:000080")],
    }
)
def test_connection_values_match_starlette(scope: dict[str, Any]) -> None:
    ours = HTTPConnection(scope)
    theirs = StarletteConnection(as_tether_documents_it(scope))
    assert str(ours.url) == str(theirs.url)
    assert str(ours.base_url) == str(theirs.base_url)
    assert outcome(lambda: ours.url.port) == outcome(lambda: theirs.url.port)
    assert ours.query_params.multi_items() == theirs.query_params.multi_items()
    as_sent = StarletteConnection({**scope, "headers": list(scope["headers"])})
    assert ours.cookies == as_sent.cookies
    assert ours.headers.items() == as_sent.headers.items()


# Query parameters

EMPTY_VALUES = [None, 0, False, 0.0, "", b"", (), [], {}]


@given(
    params=st.one_of(
        st.text(st.sampled_from("ab=&;+%2C9é \x00#"), max_size=14),
        st.lists(
            st.tuples(
                st.text("ab é", max_size=2), st.one_of(st.text("ab", max_size=2), st.integers())
            ),
            max_size=3,
        ),
        st.dictionaries(st.text("ab", max_size=2), st.text("ab é", max_size=2), max_size=3),
        st.sampled_from(EMPTY_VALUES),
    )
)
def test_query_params_match_starlette(params: Any) -> None:
    ours, theirs = QueryParams(params), starlette.QueryParams(params)
    assert ours.multi_items() == theirs.multi_items()
    assert str(ours) == str(theirs)
    assert repr(ours) == repr(theirs)
    assert ours == QueryParams(theirs.multi_items())


@given(query=st.binary(max_size=14) | st.text("ab=&+%2C9é ", max_size=10).map(str.encode))
def test_query_params_from_bytes_match_starlette(query: bytes) -> None:
    # "query bytes are UTF-8": bytes outside ASCII count as percent-encoded UTF-8.
    as_text = quote_from_bytes(query, safe=bytes(range(128)))
    assert QueryParams(query).multi_items() == starlette.QueryParams(as_text).multi_items()
    if query.isascii():
        assert QueryParams(query).multi_items() == starlette.QueryParams(query).multi_items()


# Headers

TOKEN = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
header_names = st.sampled_from(["a", "A", "host", "x-b", "zz", "é", "€", "a b", ""])
header_values = st.text(st.sampled_from("ab é€\r\n\x00\t"), max_size=3)
raw_lines = st.lists(
    st.tuples(st.sampled_from([b"a", b"host", b"x-b", b"\xe9"]), st.binary(max_size=3)),
    max_size=4,
)


@given(raw=raw_lines, name=header_names, as_bytes=st.booleans())
def test_header_lookups_match_starlette(
    raw: list[tuple[bytes, bytes]], name: str, as_bytes: bool
) -> None:
    ours = Headers(raw=list(raw))
    theirs = starlette.Headers(raw=list(raw))
    key: str | bytes = name
    if as_bytes and name.isascii():
        key = name.encode()  # "header names may be bytes": Starlette gets the str
    if not name.isascii() and outcome(lambda: name.encode("latin-1"))[0] == "raised":
        # "a name outside latin-1 is absent": Starlette raises UnicodeEncodeError.
        assert key not in ours
        assert ours.getlist(key) == []
        assert ours.get(key) is None
        return
    assert ours.get(key) == theirs.get(name)
    assert (key in ours) == (name in theirs)
    assert ours.getlist(key) == theirs.getlist(name)
    assert (ours.keys(), ours.values(), ours.items()) == (
        theirs.keys(),
        theirs.values(),
        theirs.items(),
    )
    assert len(ours) == len(theirs)
    assert repr(ours) == repr(theirs)


def acceptable_line(name: str, value: str) -> bool:
    """What tether lets into a header: a token name and a value without CR, LF or NUL."""
    return TOKEN.fullmatch(name) is not None and not any(char in value for char in "\r\n\x00")


def latin_1(text: str) -> bool:
    return outcome(lambda: text.encode("latin-1"))[0] == "value"


OPERATIONS = ["set", "del", "setdefault", "append", "update", "or", "ior", "vary"]


def change(headers: Any, operation: str, name: Any, value: Any) -> Any:
    if operation == "set":
        headers[name] = value
    elif operation == "del":
        del headers[name]
    elif operation == "setdefault":
        return headers.setdefault(name, value), headers.raw
    elif operation == "append":
        headers.append(name, value)
    elif operation == "update":
        headers.update({name: value})
    elif operation == "or":
        headers = headers | {name: value}
    elif operation == "ior":
        headers |= {name: value}
    else:
        headers.add_vary_header(value)
    return headers.raw


@given(
    raw=raw_lines,
    operation=st.sampled_from(OPERATIONS),
    name=header_names,
    value=header_values,
    as_bytes=st.booleans(),
)
def test_header_changes_match_starlette(
    raw: list[tuple[bytes, bytes]], operation: str, name: str, value: str, as_bytes: bool
) -> None:
    key: str | bytes = name.encode() if as_bytes and name.isascii() else name
    ours = outcome(lambda: change(MutableHeaders(raw=list(raw)), operation, key, value))
    theirs = outcome(
        lambda: change(starlette.MutableHeaders(raw=list(raw)), operation, name, value)
    )
    if operation == "vary":
        name = "vary"
    present = latin_1(name) and name.lower().encode("latin-1") in {line[0] for line in raw}
    sets = operation not in ("del", "setdefault") or (operation == "setdefault" and not present)
    if sets and not acceptable_line(name, value):
        # "set names are tokens, values clean": tether refuses what Starlette writes.
        assert ours[0] == "raised"
        return
    if operation == "setdefault" and present and not latin_1(value):
        # "setdefault checks only what it sets": the value is not used, so not checked.
        assert ours[0] == "value"
        return
    if operation == "del" and not latin_1(name):
        # "a name outside latin-1 is absent": nothing to delete.
        assert ours == ("value", list(raw))
        return
    assert ours == theirs


# Cookies


@given(st.text(st.sampled_from('ab=; "\\,é\t07'), max_size=16))
def test_cookie_parser_matches_starlette(cookie: str) -> None:
    assert cookie_parser(cookie) == starlette_cookie_parser(cookie)

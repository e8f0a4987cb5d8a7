"""Property-based tests: arbitrary input never raises undocumented errors; queries round-trip."""

from __future__ import annotations

import contextlib
import re
from typing import Any
from urllib.parse import parse_qsl

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from starlette.requests import cookie_parser as starlette_cookie_parser

from tether.connection import HTTPConnection, cookie_parser
from tether.datastructures import URL, Headers, InvalidHeaderError, MutableHeaders, QueryParams

header_bytes = st.binary(max_size=40)
raw_headers = st.lists(st.tuples(header_bytes, header_bytes), max_size=8)
latin_1_text = st.text(st.characters(max_codepoint=255), max_size=20)

# Query text built mostly from the characters that matter to query syntax.
query_text = st.text(st.one_of(st.sampled_from("&=+%;# ?abc019ABCF"), st.characters()), max_size=40)


# Headers


@given(raw=raw_headers, key=st.text(max_size=10))
def test_headers_from_raw_bytes_never_raise(raw: list[tuple[bytes, bytes]], key: str) -> None:
    headers = Headers(raw=raw)
    assert len(headers) == len(raw)
    assert headers.keys() == [name.decode("latin-1") for name, _ in raw]
    assert headers.values() == [value.decode("latin-1") for _, value in raw]
    assert len(headers.items()) == len(raw)
    repr(headers)
    assert headers == headers.mutablecopy()
    try:
        first = headers[key]
    except KeyError:
        assert key not in headers
        assert headers.getlist(key) == []
    else:
        assert key in headers
        assert headers.getlist(key)[0] == first


def is_lower_case_name(name: bytes) -> bool:
    return name.decode("latin-1").lower().encode("latin-1") == name


lower_case_raw_headers = st.lists(
    st.tuples(header_bytes.filter(is_lower_case_name), header_bytes), max_size=8
)


@given(raw=lower_case_raw_headers)
def test_headers_find_every_present_name(raw: list[tuple[bytes, bytes]]) -> None:
    headers = Headers(raw=raw)
    for name, _ in raw:
        text = name.decode("latin-1")
        expected = [value.decode("latin-1") for n, value in raw if n == name]
        assert headers.getlist(text) == expected
        assert headers[text] == expected[0]
        if text.isascii():
            assert headers.getlist(text.upper()) == expected
            assert text.upper() in headers


@given(mapping=st.dictionaries(st.text(max_size=10), st.text(max_size=10), max_size=5))
def test_headers_from_any_mapping_raise_only_unicode_encode_error(
    mapping: dict[str, str],
) -> None:
    try:
        headers = Headers(mapping)
    except UnicodeEncodeError:
        assert any(not (key + value).isascii() for key, value in mapping.items())
        return
    assert len(headers) == len(mapping)
    for key, value in mapping.items():
        assert value in headers.getlist(key)


token = st.text("!#$%&'*+-.^_`|~0123456789abcXYZ", min_size=1, max_size=10)
header_value = st.text(st.characters(max_codepoint=255, exclude_characters="\r\n\x00"), max_size=20)


@given(
    start=st.lists(st.tuples(token, header_value), max_size=5),
    key=token,
    value=header_value,
)
def test_mutable_headers_setitem_leaves_exactly_one_line(
    start: list[tuple[str, str]], key: str, value: str
) -> None:
    headers = MutableHeaders()
    for name, item in start:
        headers.append(name, item)
    headers[key] = value
    assert headers.getlist(key) == [value]
    del headers[key]
    assert key not in headers


@given(key=latin_1_text, value=latin_1_text)
def test_mutable_headers_accept_exactly_tokens_and_values_without_cr_lf_nul(
    key: str, value: str
) -> None:
    valid = re.fullmatch(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+", key) is not None and not {
        "\r",
        "\n",
        "\x00",
    } & set(value)
    headers = MutableHeaders()
    for operation in (headers.__setitem__, headers.append, headers.setdefault):
        try:
            operation(key, value)
        except InvalidHeaderError:
            assert not valid
        else:
            assert valid
            assert value in headers.getlist(key)


# QueryParams


@given(query=query_text)
@example(query="a=1&a=2&b=&c")
@example(query="%zz=%c3&%ff")
def test_query_params_parse_any_text_like_parse_qsl(query: str) -> None:
    params = QueryParams(query)
    assert params.multi_items() == parse_qsl(query, keep_blank_values=True)


@given(query=query_text)
@example(query="a=\ud800")
def test_query_string_round_trips(query: str) -> None:
    params = QueryParams(query)
    if any("\ud800" <= char <= "\udfff" for char in query):
        # A lone surrogate cannot be encoded as UTF-8: documented for str().
        with pytest.raises(UnicodeEncodeError):
            str(params)
        return
    assert QueryParams(str(params)) == params
    assert QueryParams(str(params)).multi_items() == params.multi_items()


@given(pairs=st.lists(st.tuples(st.text(max_size=10), st.text(max_size=10)), max_size=8))
def test_query_params_from_pairs_round_trip(pairs: list[tuple[str, str]]) -> None:
    params = QueryParams(pairs)
    assert params.multi_items() == pairs
    assert QueryParams(str(params)).multi_items() == pairs


@given(data=st.binary(max_size=60))
def test_query_params_from_any_bytes(data: bytes) -> None:
    params = QueryParams(data)
    assert QueryParams(str(params)) == params
    if data.isascii():
        assert params == QueryParams(data.decode("ascii"))


# URL


@given(text=st.text(max_size=60))
@example(text="http://[::1")
@example(text="http://host:port/")
@example(text="https://u:p@h:99999/")
def test_url_from_any_text_raises_only_value_error(text: str) -> None:
    url = URL(text)
    assert str(url) == text
    repr(url)
    for name in (
        "components",
        "scheme",
        "netloc",
        "path",
        "query",
        "fragment",
        "username",
        "password",
        "hostname",
        "port",
        "is_secure",
    ):
        with contextlib.suppress(ValueError):
            getattr(url, name)


url_part = st.text("abcdefghijklmnopqrstuvwxyz0123456789-._~", max_size=12)


@given(
    scheme=st.sampled_from(["http", "https", "ws", ""]),
    user=url_part,
    password=st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ!$&'()+,;=", min_size=1, max_size=12),
    host=url_part,
    rest=st.text("abc/?#:@", max_size=12),
)
def test_url_repr_never_shows_the_password(
    scheme: str, user: str, password: str, host: str, rest: str
) -> None:
    text = f"{scheme}://{user}:{password}@{host}/{rest}"
    masked = f"{scheme}://{user}:********@{host}/{rest}"
    assert repr(URL(text)) == f"URL({masked!r})"


@given(
    host=header_bytes,
    path=st.text(max_size=30),
    query=st.binary(max_size=30),
    scheme=st.sampled_from(["http", "https", "ws", "wss", None]),
    scope_type=st.sampled_from(["http", "websocket"]),
    server=st.one_of(
        st.none(),
        st.tuples(st.sampled_from(["10.0.0.1", "::1", "example.org"]), st.integers(0, 65535)),
    ),
)
@example(host=b"[::1]:8080", path="/", query=b"", scheme="https", scope_type="http", server=None)
def test_url_from_any_scope_is_always_parseable(
    host: bytes,
    path: str,
    query: bytes,
    scheme: str | None,
    scope_type: str,
    server: tuple[str, int] | None,
) -> None:
    scope: dict[str, Any] = {
        "type": scope_type,
        "path": path,
        "query_string": query,
        "headers": [(b"host", host)],
        "server": server,
    }
    if scheme is not None:
        scope["scheme"] = scheme
    connection: HTTPConnection = HTTPConnection(scope)
    url = connection.url
    # A URL built from a scope never has a malformed host or port.
    parts = url.components
    assert url.port is None or 0 <= url.port <= 65535
    if parts.netloc:
        assert url.hostname
        expected_scheme = scheme or ("ws" if scope_type == "websocket" else "http")
        assert url.scheme == expected_scheme
    else:
        assert server is None
    assert QueryParams(url.query) == connection.query_params
    str(connection.base_url.components)


# cookies


cookie_text = st.text(st.one_of(st.sampled_from(';=" \\\t0173'), st.characters()), max_size=40)


@given(header=cookie_text)
@example(header='a="\\')
@example(header='a="\\"')
@example(header='a="\\0"; b="\\400"')
def test_cookie_parser_never_raises_and_agrees_with_starlette(header: str) -> None:
    cookies = cookie_parser(header)
    assert all(isinstance(key, str) and isinstance(value, str) for key, value in cookies.items())
    assert cookies == starlette_cookie_parser(header)


@given(raw=st.binary(max_size=60))
def test_connection_cookies_from_any_header_bytes(raw: bytes) -> None:
    scope = {"type": "http", "headers": [(b"cookie", raw), (b"cookie", raw)]}
    cookies = HTTPConnection(scope).cookies
    assert cookies == cookie_parser(raw.decode("latin-1"))

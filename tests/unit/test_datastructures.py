"""URL, URLPath, Headers, MutableHeaders, QueryParams, Address and State."""

from __future__ import annotations

import copy
import pickle
from typing import Any

import pytest
from starlette import datastructures as starlette_datastructures

from tether.datastructures import (
    URL,
    Address,
    ConflictingArgumentsError,
    Headers,
    InvalidHeaderError,
    MutableHeaders,
    QueryParams,
    State,
    UnknownProtocolError,
    UnknownURLComponentError,
    URLPath,
)


def http_scope(**overrides: Any) -> dict[str, Any]:
    scope: dict[str, Any] = {
        "type": "http",
        "scheme": "http",
        "server": ("127.0.0.1", 8000),
        "path": "/",
        "query_string": b"",
        "headers": [],
    }
    scope.update(overrides)
    return scope


# URL from a string


def test_url_components_from_string() -> None:
    url = URL("https://user:secret@Example.COM:8443/a/b?x=1&y=2#frag")
    assert url.scheme == "https"
    assert url.netloc == "user:secret@Example.COM:8443"
    assert url.path == "/a/b"
    assert url.query == "x=1&y=2"
    assert url.fragment == "frag"
    assert url.username == "user"
    assert url.password == "secret"
    assert url.hostname == "example.com"
    assert url.port == 8443
    assert url.is_secure
    assert str(url) == "https://user:secret@Example.COM:8443/a/b?x=1&y=2#frag"


def test_url_missing_parts_are_empty_or_none() -> None:
    url = URL("/only/a/path")
    assert (url.scheme, url.netloc, url.query, url.fragment) == ("", "", "", "")
    assert (url.username, url.password, url.hostname, url.port) == (None, None, None, None)
    assert not url.is_secure


@pytest.mark.parametrize(
    ("text", "secure"),
    [("https://a/", True), ("wss://a/", True), ("http://a/", False), ("ws://a/", False)],
)
def test_url_is_secure(text: str, secure: bool) -> None:
    assert URL(text).is_secure is secure


def test_url_ipv6_hostname_has_no_brackets() -> None:
    url = URL("http://[::1]:8080/")
    assert url.hostname == "::1"
    assert url.port == 8080
    assert url.netloc == "[::1]:8080"


def test_url_malformed_raises_value_error_only_when_read() -> None:
    url = URL("http://[::1/")  # constructing never parses
    assert str(url) == "http://[::1/"
    with pytest.raises(ValueError, match="IPv6"):
        _ = url.hostname


def test_url_port_out_of_range_is_value_error() -> None:
    with pytest.raises(ValueError, match=r"[Pp]ort"):
        _ = URL("http://example.com:99999/").port


def test_url_repr_masks_password() -> None:
    assert repr(URL("https://user:pass@host/")) == "URL('https://user:********@host/')"
    assert repr(URL("https://user@host/")) == "URL('https://user@host/')"
    assert repr(URL("https://host/p?a=b:c@d")) == "URL('https://host/p?a=b:c@d')"
    assert repr(URL("https://u:p@[::1")) == "URL('https://u:********@[::1')"
    assert repr(URL("//u:p@host/")) == "URL('//u:********@host/')"
    assert repr(URL("/a//u:p@b")) == "URL('/a//u:p@b')"


@pytest.mark.parametrize(
    "relative",
    [
        "/login?next=http://u:p@h/",
        "login?next=http://u:p@h/",
        "?next=http://u:p@h",
        "#http://u:p@h",
    ],
)
def test_url_repr_leaves_a_url_in_the_query_of_a_relative_url_alone(relative: str) -> None:
    # The relative URL has no password: the "://" belongs to its query or fragment.
    assert URL(relative).password is None
    assert repr(URL(relative)) == f"URL({relative!r})"


def test_url_equality_and_hash_follow_the_string() -> None:
    assert URL("http://a/b") == URL("http://a/b")
    assert URL("http://a/b") == "http://a/b"
    assert URL("http://a/b") == "http://a/b"
    assert URL("http://a/b") != URL("http://a/c")
    assert URL("http://a/b") != 42
    assert hash(URL("http://a/b")) == hash("http://a/b")
    assert len({URL("http://a/b"), URL("http://a/b")}) == 1


# URL from components


def test_url_from_components() -> None:
    url = URL(scheme="https", netloc="example.com", path="/p", query="a=1", fragment="f")
    assert str(url) == "https://example.com/p?a=1#f"


def test_url_from_host_parts_brackets_ipv6() -> None:
    url = URL(scheme="http", hostname="::1", port=8000, path="/x")
    assert str(url) == "http://[::1]:8000/x"
    assert url.hostname == "::1"


def test_url_from_userinfo_components() -> None:
    url = URL(scheme="https", hostname="h", username="u", password="p", path="/")
    assert str(url) == "https://u:p@h/"


def test_url_with_string_and_components_replaces() -> None:
    assert str(URL("http://a/b?x=1", path="/c", query="")) == "http://a/c"


def test_url_rejects_unknown_component() -> None:
    with pytest.raises(UnknownURLComponentError, match="hots") as info:
        URL(scheme="http", hots="a")
    assert isinstance(info.value, TypeError)
    assert isinstance(info.value, ValueError)


@pytest.mark.parametrize("extra", [{"url": "http://a/"}, {"path": "/x"}])
def test_url_scope_excludes_url_and_components(extra: dict[str, Any]) -> None:
    with pytest.raises(ConflictingArgumentsError, match="scope"):
        URL(scope=http_scope(), **extra)


def test_conflicting_arguments_error_is_also_assertion_error() -> None:
    with pytest.raises(AssertionError):
        URL("http://a/", scope=http_scope())


# URL.replace and the query helpers


def test_url_replace_simple_components() -> None:
    url = URL("http://example.com/a?x=1#f")
    assert str(url.replace(scheme="https")) == "https://example.com/a?x=1#f"
    assert str(url.replace(path="/b", fragment="")) == "http://example.com/b?x=1"
    assert str(url.replace(netloc="other:81")) == "http://other:81/a?x=1#f"


def test_url_replace_port_and_hostname() -> None:
    url = URL("http://user:pw@example.com:8000/a")
    assert str(url.replace(port=9000)) == "http://user:pw@example.com:9000/a"
    assert str(url.replace(port=None)) == "http://user:pw@example.com/a"
    assert str(url.replace(hostname="other.org")) == "http://user:pw@other.org:8000/a"
    assert str(url.replace(hostname="::1")) == "http://user:pw@[::1]:8000/a"


def test_url_replace_keeps_ipv6_host_when_changing_port() -> None:
    url = URL("http://[::1]:8000/")
    assert str(url.replace(port=1)) == "http://[::1]:1/"
    assert str(URL("http://[::1]/").replace(port=2)) == "http://[::1]:2/"


def test_url_replace_userinfo() -> None:
    url = URL("http://example.com/")
    assert str(url.replace(username="u")) == "http://u@example.com/"
    assert str(url.replace(username="u", password="p")) == "http://u:p@example.com/"
    masked = URL("http://u:p@example.com/").replace(password="x")
    assert str(masked) == "http://u:x@example.com/"
    assert str(URL("http://u:p@example.com/").replace(username=None, password=None)) == (
        "http://example.com/"
    )


@pytest.mark.parametrize(
    ("url", "components", "expected"),
    [
        # Issue 24: removing the user removes the password with it, as in Starlette.
        ("http://user:secret@example.com/", {"username": None}, "http://example.com/"),
        ("http://:secret@example.com/", {"username": None}, "http://example.com/"),
        ("http://user:@example.com/", {"username": None}, "http://example.com/"),
        ("http://u:p@h:1/", {"username": None, "port": 2}, "http://h:2/"),
        ("http://u@h/", {"username": None, "password": "p"}, "http://h/"),
        ("http://h/", {"password": "p"}, "http://h/"),
        ("http://u:p@h/", {"password": None}, "http://u@h/"),
        ("http://u:p@h/", {"username": ""}, "http://:p@h/"),
        ("http://u:p@h/", {"username": "v"}, "http://v:p@h/"),
    ],
)
def test_url_replace_never_keeps_a_password_without_its_user(
    url: str, components: dict[str, Any], expected: str
) -> None:
    assert str(URL(url).replace(**components)) == expected
    assert str(starlette_datastructures.URL(url).replace(**components)) == expected


def test_url_host_parts_apply_to_a_netloc_given_with_them() -> None:
    url = URL("http://old.org/")
    assert str(url.replace(netloc="u@new.org:1", port=2)) == "http://u@new.org:2/"


def test_url_replace_unknown_component() -> None:
    with pytest.raises(UnknownURLComponentError, match="colour"):
        URL("http://a/").replace(colour="red")


def test_include_query_params_replaces_values_of_given_keys() -> None:
    url = URL("http://a/p?x=1&y=2&x=3&empty=")
    new = url.include_query_params(x=9, z="new")
    assert QueryParams(new.query).multi_items() == [
        ("y", "2"),
        ("empty", ""),
        ("x", "9"),
        ("z", "new"),
    ]
    assert new.path == "/p"


def test_replace_query_params() -> None:
    url = URL("http://a/p?x=1&y=2#f")
    assert str(url.replace_query_params(q="a b", n=1)) == "http://a/p?q=a+b&n=1#f"


@pytest.mark.parametrize(
    ("keys", "expected"),
    [("x", "http://a/p?y=2"), (["x", "y"], "http://a/p"), (("nope",), "http://a/p?x=1&y=2&x=3")],
)
def test_remove_query_params(keys: Any, expected: str) -> None:
    assert str(URL("http://a/p?x=1&y=2&x=3").remove_query_params(keys)) == expected


# URL from a scope


def test_url_from_scope_uses_host_header() -> None:
    scope = http_scope(path="/p", query_string=b"a=1", headers=[(b"host", b"example.com:8000")])
    assert str(URL(scope=scope)) == "http://example.com:8000/p?a=1"


def test_url_from_scope_without_host_uses_server() -> None:
    assert str(URL(scope=http_scope(path="/p"))) == "http://127.0.0.1:8000/p"


@pytest.mark.parametrize(
    ("scheme", "port", "netloc"),
    [
        ("http", 80, "example.org"),
        ("https", 443, "example.org"),
        ("ws", 80, "example.org"),
        ("wss", 443, "example.org"),
        ("http", 443, "example.org:443"),
        ("https", 80, "example.org:80"),
        ("https", 8443, "example.org:8443"),
    ],
)
def test_url_from_scope_drops_default_ports(scheme: str, port: int, netloc: str) -> None:
    from_server = http_scope(scheme=scheme, server=("example.org", port))
    assert URL(scope=from_server).netloc == netloc
    from_header = http_scope(scheme=scheme, headers=[(b"host", f"example.org:{port}".encode())])
    assert URL(scope=from_header).netloc == netloc


def test_url_from_scope_brackets_ipv6_server() -> None:
    url = URL(scope=http_scope(server=("::1", 8000), path="/x"))
    assert str(url) == "http://[::1]:8000/x"
    assert url.hostname == "::1"
    assert url.port == 8000


def test_url_from_scope_ipv6_host_header() -> None:
    url = URL(scope=http_scope(headers=[(b"host", b"[2001:db8::1]:8080")]))
    assert url.netloc == "[2001:db8::1]:8080"
    assert url.hostname == "2001:db8::1"


@pytest.mark.parametrize(
    "host",
    [
        b"",
        b"evil.com/path",
        b"evil.com@other",
        b"a b",
        b"example.com:99999",
        b"example.com:80x",
        b"[not-ipv6]",
        b"[::1",
        b"[:::::]",
        b"example.com:8000:1",
        b"\xe9xample.com",
        b"bad%zzhost",
    ],
)
def test_url_from_scope_invalid_host_header_falls_back_to_server(host: bytes) -> None:
    scope = http_scope(headers=[(b"host", host)], server=("10.1.2.3", 8080), path="/p")
    assert str(URL(scope=scope)) == "http://10.1.2.3:8080/p"


def test_url_from_scope_only_the_first_host_header_counts() -> None:
    scope = http_scope(headers=[(b"host", b"first.org"), (b"host", b"second.org")])
    assert URL(scope=scope).netloc == "first.org"


def test_url_from_scope_host_header_keeps_the_port_as_sent() -> None:
    scope = http_scope(headers=[(b"host", b"example.com:")])
    assert URL(scope=scope).netloc == "example.com"
    scope = http_scope(headers=[(b"host", b"example.com:08080")])
    assert URL(scope=scope).netloc == "example.com:08080"
    assert URL(scope=scope).port == 8080


def test_url_from_scope_without_host_or_server_is_relative() -> None:
    scope = http_scope(server=None, path="/p", query_string=b"q=1")
    assert str(URL(scope=scope)) == "/p?q=1"
    scope = http_scope(server=None, path="//evil.com/x")
    url = URL(scope=scope)
    assert url.netloc == ""
    assert url.path == "/%2Fevil.com/x"


def test_url_from_scope_unix_socket_server_is_not_a_host() -> None:
    scope = http_scope(server=("/run/app.sock", None), path="/p")
    assert str(URL(scope=scope)) == "/p"


def test_url_from_scope_websocket_without_scheme_is_ws() -> None:
    scope = http_scope(type="websocket", path="/ws")
    del scope["scheme"]
    scope["server"] = ("example.com", 80)
    assert str(URL(scope=scope)) == "ws://example.com/ws"


def test_url_from_scope_http_without_scheme_is_http() -> None:
    scope = http_scope()
    del scope["scheme"]
    assert URL(scope=scope).scheme == "http"


def test_url_from_scope_escapes_path_delimiters() -> None:
    url = URL(scope=http_scope(path="/a?b#c\\d", query_string=b"x=1"))
    assert url.path == "/a%3Fb%23c%5Cd"
    assert url.query == "x=1"
    assert url.fragment == ""


def test_url_from_scope_percent_encodes_query_bytes_a_url_cannot_hold() -> None:
    url = URL(scope=http_scope(query_string="q=café".encode()))
    assert url.query == "q=caf%C3%A9"
    url = URL(scope=http_scope(query_string=b"q=a b#c\td"))
    assert url.query == "q=a%20b%23c%09d"
    assert url.fragment == ""
    assert QueryParams(url.query) == QueryParams(b"q=a b#c\td")


def test_url_from_scope_percent_encodes_a_hash_in_an_otherwise_clean_query() -> None:
    url = URL(scope=http_scope(query_string=b"tag=#python&x=1"))
    assert str(url) == "http://127.0.0.1:8000/?tag=%23python&x=1"
    assert (url.query, url.fragment) == ("tag=%23python&x=1", "")
    assert QueryParams(url.query)["tag"] == "#python"


def test_url_from_scope_path_includes_root_path_as_given() -> None:
    scope = http_scope(root_path="/api", path="/api/items")
    assert URL(scope=scope).path == "/api/items"


# URLPath


def test_url_path_is_a_str_with_protocol_and_host() -> None:
    path = URLPath("/items/1", protocol="http", host="api.example.com")
    assert path == "/items/1"
    assert isinstance(path, str)
    assert (path.protocol, path.host) == ("http", "api.example.com")


def test_url_path_escapes_backslash_and_leading_double_slash() -> None:
    assert URLPath("/a\\b") == "/a%5Cb"
    assert URLPath("//evil.com") == "/%2Fevil.com"


def test_url_path_rejects_unknown_protocol() -> None:
    with pytest.raises(UnknownProtocolError, match="'ftp'"):
        URLPath("/", protocol="ftp")  # type: ignore[arg-type]
    with pytest.raises(AssertionError):
        URLPath("/", protocol="ftp")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("protocol", "base", "expected"),
    [
        ("http", "http://a.org/", "http://a.org/p"),
        ("http", "https://a.org/", "https://a.org/p"),
        ("websocket", "http://a.org/", "ws://a.org/p"),
        ("websocket", "https://a.org/", "wss://a.org/p"),
        ("", "wss://a.org/", "wss://a.org/p"),
        ("http", "https://a.org/root/", "https://a.org/root/p"),
        ("http", "https://a.org/root", "https://a.org/root/p"),
    ],
)
def test_make_absolute_url(protocol: Any, base: str, expected: str) -> None:
    assert URLPath("/p", protocol=protocol).make_absolute_url(base) == expected
    assert URLPath("/p", protocol=protocol).make_absolute_url(URL(base)) == expected


def test_make_absolute_url_uses_its_own_host() -> None:
    path = URLPath("/p", protocol="http", host="other.org")
    assert str(path.make_absolute_url("https://a.org:8443/")) == "https://other.org/p"


def test_make_absolute_url_drops_base_query() -> None:
    assert str(URLPath("/p").make_absolute_url("http://a.org/?x=1")) == "http://a.org/p"


# Headers


def test_headers_are_case_insensitive_and_keep_duplicates_in_order() -> None:
    raw = [(b"x-a", b"1"), (b"set-cookie", b"a=1"), (b"x-b", b"2"), (b"set-cookie", b"b=2")]
    headers = Headers(raw=raw)
    assert headers["Set-Cookie"] == "a=1"
    assert headers.getlist("SET-COOKIE") == ["a=1", "b=2"]
    assert headers.keys() == ["x-a", "set-cookie", "x-b", "set-cookie"]
    assert headers.values() == ["1", "a=1", "2", "b=2"]
    assert headers.items() == list(zip(headers.keys(), headers.values(), strict=True))
    assert list(headers) == headers.keys()
    assert len(headers) == 4
    assert "X-A" in headers
    assert "x-c" not in headers
    assert headers.get("x-c") is None
    assert headers.getlist("x-c") == []


def test_headers_decode_latin_1() -> None:
    headers = Headers(raw=[(b"x-name", "café ÿ".encode("latin-1"))])
    assert headers["x-name"] == "café ÿ"
    assert Headers({"x-name": "café"}).raw == [(b"x-name", "café".encode("latin-1"))]


def test_headers_with_a_non_latin_1_key_are_absent() -> None:
    headers = Headers(raw=[(b"x", b"1")])
    with pytest.raises(KeyError):
        _ = headers["€"]
    assert "€" not in headers
    assert headers.getlist("€") == []
    assert 3 not in headers  # type: ignore[comparison-overlap]


def test_headers_from_mapping_lowercases_names() -> None:
    headers = Headers({"Content-Type": "text/plain", "X-Up": "1"})
    assert headers.raw == [(b"content-type", b"text/plain"), (b"x-up", b"1")]


def test_headers_from_mapping_outside_latin_1_raises() -> None:
    with pytest.raises(UnicodeEncodeError):
        Headers({"x": "€"})


def test_headers_from_scope_reads_the_scope_list_in_place() -> None:
    raw = [(b"host", b"a")]
    scope = http_scope(headers=raw)
    headers = Headers(scope=scope)
    assert headers.raw == raw
    raw.append((b"x", b"1"))
    assert headers["x"] == "1"


def test_headers_from_scope_with_a_tuple_stores_a_list() -> None:
    scope = http_scope(headers=((b"host", b"a"),))
    headers = MutableHeaders(scope=scope)
    headers["x"] = "1"
    assert scope["headers"] == [(b"host", b"a"), (b"x", b"1")]


def test_headers_from_scope_without_headers_is_empty() -> None:
    scope = {"type": "http"}
    assert len(Headers(scope=scope)) == 0


def test_headers_raw_is_a_copy() -> None:
    headers = Headers(raw=[(b"a", b"1")])
    headers.raw.append((b"b", b"2"))
    assert "b" not in headers


@pytest.mark.parametrize(
    "kwargs",
    [
        {"headers": {}, "raw": []},
        {"headers": {}, "scope": {"type": "http"}},
        {"raw": [], "scope": {"type": "http"}},
        {"headers": {}, "raw": [], "scope": {"type": "http"}},
    ],
)
def test_headers_take_one_source(kwargs: dict[str, Any]) -> None:
    with pytest.raises(ConflictingArgumentsError):
        Headers(**kwargs)


def test_headers_are_immutable() -> None:
    headers: Any = Headers(raw=[(b"a", b"1")])
    with pytest.raises(TypeError):
        headers["a"] = "2"
    with pytest.raises(TypeError):
        del headers["a"]


def test_headers_equality_ignores_order_but_not_duplicates() -> None:
    a = Headers(raw=[(b"a", b"1"), (b"b", b"2")])
    assert a == Headers(raw=[(b"b", b"2"), (b"a", b"1")])
    assert a != Headers(raw=[(b"a", b"1"), (b"b", b"2"), (b"b", b"2")])
    assert a != {"a": "1", "b": "2"}


def test_headers_repr() -> None:
    assert repr(Headers(raw=[(b"a", b"1")])) == "Headers({'a': '1'})"
    duplicated = Headers(raw=[(b"a", b"1"), (b"a", b"2")])
    assert repr(duplicated) == "Headers(raw=[(b'a', b'1'), (b'a', b'2')])"


def test_mutablecopy_is_independent() -> None:
    headers = Headers(raw=[(b"a", b"1")])
    copy = headers.mutablecopy()
    copy["b"] = "2"
    assert isinstance(copy, MutableHeaders)
    assert "b" not in headers
    assert copy["b"] == "2"


# MutableHeaders


def test_mutable_headers_setitem_replaces_all_lines_at_the_first_place() -> None:
    headers = MutableHeaders(raw=[(b"a", b"1"), (b"b", b"x"), (b"a", b"2"), (b"c", b"y")])
    headers["A"] = "3"
    assert headers.raw == [(b"a", b"3"), (b"b", b"x"), (b"c", b"y")]
    headers["new"] = "n"
    assert headers.raw[-1] == (b"new", b"n")


def test_mutable_headers_delitem_removes_every_line() -> None:
    headers = MutableHeaders(raw=[(b"a", b"1"), (b"b", b"x"), (b"a", b"2")])
    del headers["A"]
    assert headers.raw == [(b"b", b"x")]
    del headers["absent"]
    assert headers.raw == [(b"b", b"x")]


def test_mutable_headers_setdefault() -> None:
    headers = MutableHeaders(raw=[(b"a", b"1")])
    assert headers.setdefault("A", "2") == "1"
    assert headers.setdefault("b", "3") == "3"
    assert headers.raw == [(b"a", b"1"), (b"b", b"3")]


def test_mutable_headers_update_from_mapping_and_pairs() -> None:
    headers = MutableHeaders(raw=[(b"a", b"1"), (b"a", b"2")])
    headers.update({"A": "3", "b": "4"})
    headers.update([("c", "5")])
    assert headers.raw == [(b"a", b"3"), (b"b", b"4"), (b"c", b"5")]


def test_mutable_headers_append_keeps_duplicates() -> None:
    headers = MutableHeaders()
    headers.append("Set-Cookie", "a=1")
    headers.append("set-cookie", "b=2")
    assert headers.getlist("set-cookie") == ["a=1", "b=2"]


def test_mutable_headers_add_vary_header_merges() -> None:
    headers = MutableHeaders(raw=[(b"vary", b"Accept"), (b"vary", b"Origin")])
    headers.add_vary_header("Cookie")
    assert headers.raw == [(b"vary", b"Accept, Origin, Cookie")]
    empty = MutableHeaders()
    empty.add_vary_header("Accept")
    assert empty["vary"] == "Accept"


def test_mutable_headers_raw_is_live_and_or_operators() -> None:
    headers = MutableHeaders(raw=[(b"a", b"1")])
    headers.raw.append((b"b", b"2"))
    assert headers["b"] == "2"
    merged = headers | {"c": "3"}
    assert "c" in merged
    assert "c" not in headers
    headers |= {"a": "9"}
    assert headers["a"] == "9"


def test_mutable_headers_or_with_non_mapping_is_type_error() -> None:
    with pytest.raises(TypeError):
        _ = MutableHeaders() | 3  # type: ignore[operator]


NAME_FORMS = ["x-a", "X-A", b"x-a", b"X-A", bytearray(b"X-a")]


@pytest.mark.parametrize("name", NAME_FORMS)
def test_every_headers_method_takes_a_name_as_str_or_bytes(name: Any) -> None:
    # Issue 24: set and append took bytes names, but setdefault, del and getlist failed
    # on them with AttributeError. One rule now: str or bytes, in any case.
    raw = [(b"x-a", b"1"), (b"x-b", b"2"), (b"x-a", b"3")]
    headers = Headers(raw=list(raw))
    assert headers[name] == "1"
    assert headers.get(name) == "1"
    assert name in headers
    assert headers.getlist(name) == ["1", "3"]
    mutable = MutableHeaders(raw=list(raw))
    assert mutable.setdefault(name, "9") == "1"
    mutable[name] = "4"
    assert mutable.raw == [(b"x-a", b"4"), (b"x-b", b"2")]
    mutable.append(name, b"5")
    assert mutable.getlist(name) == ["4", "5"]
    del mutable[name]
    assert mutable.raw == [(b"x-b", b"2")]
    assert mutable.setdefault(name, b"6") == "6"
    assert mutable.raw == [(b"x-b", b"2"), (b"x-a", b"6")]
    mutable.update([(name, "7")])
    assert mutable.raw == [(b"x-b", b"2"), (b"x-a", b"7")]
    hashable = bytes(name) if isinstance(name, bytearray) else name
    assert Headers({hashable: b"8"}).raw == [(b"x-a", b"8")]


@pytest.mark.parametrize("name", [1, None, 2.5, ("x-a",)])
def test_every_headers_method_refuses_a_name_of_another_type(name: Any) -> None:
    headers = MutableHeaders(raw=[(b"x-a", b"1")])
    message = f"a header name must be str or bytes, got {type(name).__name__}"
    operations = [
        lambda: headers[name],
        lambda: headers.get(name),
        lambda: headers.getlist(name),
        lambda: headers.setdefault(name, "v"),
        lambda: headers.__setitem__(name, "v"),
        lambda: headers.__delitem__(name),
        lambda: headers.append(name, "v"),
        lambda: Headers({name: "v"}),
    ]
    for operation in operations:
        with pytest.raises(TypeError) as caught:
            operation()
        assert str(caught.value) == message
    assert name not in headers
    assert headers.raw == [(b"x-a", b"1")]


def test_a_name_outside_latin_1_is_absent_for_every_lookup() -> None:
    headers = MutableHeaders(raw=[(b"x", b"1")])
    assert headers.getlist("€") == []
    assert "€" not in headers
    del headers["€"]
    assert headers.raw == [(b"x", b"1")]
    with pytest.raises(UnicodeEncodeError):
        headers.setdefault("€", "v")


def test_mutable_headers_reject_values_outside_latin_1() -> None:
    headers = MutableHeaders()
    with pytest.raises(UnicodeEncodeError):
        headers["x"] = "€"


# QueryParams


def test_query_params_from_string_keeps_blank_values_and_repeats() -> None:
    params = QueryParams("a=1&b=&a=2&c&d=x%20y+z")
    assert params["a"] == "2"
    assert params.getlist("a") == ["1", "2"]
    assert params["b"] == ""
    assert params["c"] == ""
    assert params["d"] == "x y z"
    assert params.multi_items() == [("a", "1"), ("b", ""), ("a", "2"), ("c", ""), ("d", "x y z")]
    assert list(params) == ["a", "b", "c", "d"]
    assert list(params.keys()) == ["a", "b", "c", "d"]
    assert list(params.values()) == ["2", "", "", "x y z"]
    assert list(params.items()) == [("a", "2"), ("b", ""), ("c", ""), ("d", "x y z")]
    assert len(params) == 4
    assert "b" in params
    assert "z" not in params
    assert params.getlist("z") == []


def test_query_params_from_bytes() -> None:
    assert QueryParams(b"a=1&b=%C3%A9").multi_items() == [("a", "1"), ("b", "é")]
    assert QueryParams("q=café".encode()).multi_items() == [("q", "café")]
    assert QueryParams(b"q=\xff")["q"] == "\ufffd"


def test_query_params_from_mapping_list_and_query_params() -> None:
    from_mapping = QueryParams({"a": 1, "b": "x"})
    assert from_mapping.multi_items() == [("a", "1"), ("b", "x")]
    from_list = QueryParams([("a", "1"), ("a", "2")])
    assert from_list.getlist("a") == ["1", "2"]
    copied = QueryParams(from_list)
    assert copied.multi_items() == from_list.multi_items()
    assert QueryParams().multi_items() == []


@pytest.mark.parametrize("empty", [None, 0, False, 0.0, "", b"", (), [], {}, set()])
def test_query_params_of_none_and_other_empty_values_are_empty(empty: Any) -> None:
    # Issue 24: QueryParams(None) raised "'NoneType' object is not iterable".
    assert QueryParams(empty).multi_items() == []
    assert QueryParams(empty, a=1).multi_items() == [("a", "1")]
    assert starlette_datastructures.QueryParams(empty).multi_items() == []


@pytest.mark.parametrize("value", [5, 1.5, True, object()])
def test_query_params_of_a_non_iterable_is_a_clear_type_error(value: Any) -> None:
    with pytest.raises(TypeError) as caught:
        QueryParams(value)
    assert str(caught.value) == (
        "QueryParams() needs a query string, a mapping or (key, value) pairs, "
        f"got {type(value).__name__}"
    )


def test_query_params_kwargs_are_added() -> None:
    assert QueryParams("a=1", b=2).multi_items() == [("a", "1"), ("b", "2")]
    assert QueryParams(a="x").multi_items() == [("a", "x")]


def test_query_params_str_and_repr() -> None:
    params = QueryParams([("a", "x y"), ("b", ""), ("a", "&=")])
    assert str(params) == "a=x+y&b=&a=%26%3D"
    assert repr(params) == "QueryParams('a=x+y&b=&a=%26%3D')"
    assert QueryParams(str(params)) == params


def test_query_params_equality() -> None:
    assert QueryParams("a=1&b=2") == QueryParams("b=2&a=1")
    assert QueryParams("a=1&a=2") != QueryParams("a=2&a=1")
    assert QueryParams("a=1") != {"a": "1"}


def test_query_params_multi_items_is_a_copy() -> None:
    params = QueryParams("a=1")
    params.multi_items().append(("b", "2"))
    assert params.multi_items() == [("a", "1")]


def test_query_params_are_immutable() -> None:
    params: Any = QueryParams("a=1")
    with pytest.raises(TypeError):
        params["a"] = "2"


# Address and State


def test_address_is_a_named_tuple() -> None:
    address = Address("127.0.0.1", 5000)
    assert address.host == "127.0.0.1"
    assert address.port == 5000
    host, port = address
    assert (host, port) == ("127.0.0.1", 5000)


def test_state_attributes_and_items_share_one_dict() -> None:
    backing: dict[str, Any] = {}
    state = State(backing)
    state.user = "ada"
    assert backing == {"user": "ada"}
    assert state["user"] == "ada"
    state["n"] = 1
    assert state.n == 1
    assert "n" in state
    assert sorted(state) == ["n", "user"]
    assert len(state) == 2
    del state.n
    del state["user"]
    assert backing == {}
    assert repr(state) == "State({})"


def test_state_missing_attribute_is_attribute_error() -> None:
    state = State()
    with pytest.raises(AttributeError, match="'missing'"):
        _ = state.missing
    with pytest.raises(AttributeError, match="'missing'"):
        del state.missing
    assert getattr(state, "missing", None) is None
    with pytest.raises(KeyError):
        _ = state["missing"]


def test_state_can_be_copied_and_pickled() -> None:
    state = State({"a": 1})
    assert copy.copy(state).a == 1
    assert pickle.loads(pickle.dumps(state)).a == 1


# What mutation testing found unchecked (issue 15)


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("s://u:p@h", "s://u:********@h"),  # a one-letter scheme
        ("X://u:p@h", "X://u:********@h"),
        ("//:p@h", "//:********@h"),  # an empty user name
        ("http://u:p@x@host/", "http://u:********@host/"),  # the last "@" ends the user info
        ("http://u:p:q@h/", "http://u:********@h/"),  # the first ":" ends the user name
        ("http://u:p@h/?next=a://b", "http://u:********@h/?next=a://b"),
        ("mailto:a:b@c", "mailto:a:b@c"),  # no "://": no password
    ],
)
def test_url_repr_masks_exactly_the_password(url: str, shown: str) -> None:
    assert repr(URL(url)) == f"URL({shown!r})"


@pytest.mark.parametrize(
    ("path", "shown"),
    [("/a?b", "/a%3Fb"), ("/a#b", "/a%23b"), ("/a\\b", "/a%5Cb"), ("/a b", "/a b")],
)
def test_url_from_scope_escapes_each_path_delimiter_alone(path: str, shown: str) -> None:
    assert str(URL(scope=http_scope(path=path))) == f"http://127.0.0.1:8000{shown}"


def test_url_from_scope_percent_encodes_a_space_in_an_otherwise_clean_query() -> None:
    assert URL(scope=http_scope(query_string=b"q=a b")).query == "q=a%20b"


def test_url_from_a_scope_with_only_the_required_keys() -> None:
    scope = {"type": "http", "server": ("127.0.0.1", 8000)}
    assert str(URL(scope=scope)) == "http://127.0.0.1:8000"
    scope = {"type": "http", "server": ("h", 80), "path": "/p"}
    assert str(URL(scope=scope)) == "http://h/p"


def test_header_errors_keep_the_name_and_value() -> None:
    with pytest.raises(InvalidHeaderError) as info:
        MutableHeaders()["X Bad"] = "v"
    assert (info.value.name, info.value.value) == (b"x bad", b"v")
    with pytest.raises(InvalidHeaderError) as info:
        MutableHeaders()["x-ok"] = "a\nb"
    assert (info.value.name, info.value.value) == (b"x-ok", b"a\nb")
    with pytest.raises(TypeError) as type_error:
        MutableHeaders().update([(1, "v")])
    assert str(type_error.value) == "a header name must be str or bytes, got int"


def test_url_path_and_url_details() -> None:
    assert URLPath("/x").protocol == ""
    assert str(URLPath("/a").make_absolute_url("http://h/boX/")) == "http://h/boX/a"
    assert str(URL("http://h/").replace(password="p")) == "http://h/"
    assert str(URL("http://:p@h/").replace(port=1)) == "http://:p@h:1/"
    assert str(URL("/?ab=1&a=2&b=3").remove_query_params("ab")) == "/?a=2&b=3"
    assert str(URL("http://u:p@[::1]:81/x").replace(path="/y")) == "http://u:p@[::1]:81/y"


def test_replacing_other_components_keeps_the_network_location_as_written() -> None:
    assert str(URL("http://h:/x").replace(path="/y")) == "http://h:/y"


def test_query_params_skip_empty_fields() -> None:
    assert list(QueryParams("a=1&&b=2&").multi_items()) == [("a", "1"), ("b", "2")]

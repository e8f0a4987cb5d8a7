"""Issue 11, items 5-6: header injection, `|=`, and the hosts and paths Starlette gets right."""

from __future__ import annotations

from typing import Any

import pytest
from starlette import datastructures as starlette_datastructures
from starlette.requests import HTTPConnection as StarletteConnection

from tether.connection import HTTPConnection
from tether.datastructures import URL, InvalidHeaderError, MutableHeaders
from tether.types import Message, Scope
from tether.websockets import WebSocket

INJECTIONS = [
    ("x-name", "a\r\nset-cookie: evil=1"),
    ("x-name", "a\nb"),
    ("x-name", "a\rb"),
    ("x-name", "a\x00b"),
]
BAD_NAMES = ["", "x name", "x:y", "x\r\ny", "x\x00", "(x)", "x/y", "é"]


# 5. headers


@pytest.mark.parametrize(("name", "value"), INJECTIONS)
def test_mutable_headers_refuse_cr_lf_and_nul_in_values(name: str, value: str) -> None:
    headers = MutableHeaders()
    for operation in (headers.__setitem__, headers.append, headers.setdefault):
        with pytest.raises(InvalidHeaderError, match="must not contain CR, LF or NUL"):
            operation(name, value)
    with pytest.raises(InvalidHeaderError):
        headers.update({name: value})
    with pytest.raises(InvalidHeaderError):
        headers |= {name: value}
    with pytest.raises(InvalidHeaderError):
        MutableHeaders({name: value})
    assert headers.raw == []


@pytest.mark.parametrize("name", BAD_NAMES)
def test_mutable_headers_refuse_names_that_are_not_tokens(name: str) -> None:
    headers = MutableHeaders()
    with pytest.raises((InvalidHeaderError, UnicodeEncodeError)):
        headers[name] = "v"
    if name.isascii():
        with pytest.raises(InvalidHeaderError, match="must be a non-empty token") as caught:
            headers.append(name, "v")
        assert isinstance(caught.value, ValueError)
    assert headers.raw == []


@pytest.mark.parametrize(("name", "value"), [(1, "v"), ("x", 5), ("x", None)])
def test_header_names_and_values_of_other_types_are_type_errors(name: Any, value: Any) -> None:
    with pytest.raises(TypeError, match="must be str or bytes"):
        MutableHeaders()[name] = value


def test_mutable_headers_still_take_any_token_and_tab_in_a_value() -> None:
    headers = MutableHeaders({"X-Custom_1.a!#$%&'*+^`|~": "a\tb ;,=é"})
    assert headers.raw == [(b"x-custom_1.a!#$%&'*+^`|~", "a\tb ;,=é".encode("latin-1"))]


@pytest.mark.parametrize("other", [[("a", "b")], "ab", 1, None])
def test_in_place_or_with_a_non_mapping_is_a_type_error(other: Any) -> None:
    headers = MutableHeaders()
    with pytest.raises(TypeError, match="'\\|=' needs a mapping"):
        headers |= other
    assert headers.raw == []


@pytest.mark.parametrize("other", ["ab", b"ab", 1, [("a",)], [("a", "b", "c")], ["ab"]])
def test_update_with_something_other_than_pairs_is_a_type_error(other: Any) -> None:
    with pytest.raises(TypeError, match="update\\(\\) needs"):
        MutableHeaders().update(other)


class Server:
    def __init__(self) -> None:
        self.sent: list[Message] = []
        self.scope: Scope = {
            "type": "websocket",
            "path": "/",
            "headers": [],
            "extensions": {"websocket.http.response": {}},
        }

    async def receive(self) -> Message:
        return {"type": "websocket.connect"}

    async def send(self, message: Message) -> None:
        self.sent.append(message)


@pytest.mark.anyio
@pytest.mark.parametrize(
    "headers",
    [
        {"x-name": "a\r\nset-cookie: evil=1"},
        [(b"x-name", b"a\r\nb")],
        [(b"x name", b"v")],
        [(b"x-name", b"\x00")],
    ],
)
@pytest.mark.parametrize("method", ["accept", "deny"])
async def test_accept_and_deny_refuse_header_injection(headers: Any, method: str) -> None:
    server = Server()
    websocket = WebSocket(server.scope, server.receive, server.send)
    with pytest.raises(InvalidHeaderError):
        await getattr(websocket, method)(headers=headers)
    assert server.sent == []


@pytest.mark.anyio
async def test_accept_still_sends_ordinary_headers_in_lower_case() -> None:
    server = Server()
    websocket = WebSocket(server.scope, server.receive, server.send)
    await websocket.accept(headers=[(b"X-Server", b"tether")])
    assert server.sent[0]["headers"] == [(b"x-server", b"tether")]


# 6. where Starlette is right


def scope_with_host(host: bytes, path: str = "/p") -> Scope:
    return {
        "type": "http",
        "scheme": "http",
        "server": ("10.0.0.1", 8000),
        "path": path,
        "query_string": b"",
        "headers": [(b"host", host)],
    }


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        (b"example.com:000080", "http://example.com:000080/p"),
        (b"example.com:08080", "http://example.com:08080/p"),
        (
            b"example.com:0000000000000000000000008080",
            "http://example.com:0000000000000000000000008080/p",
        ),
        (b"[v1.foo]", "http://[v1.foo]/p"),
        (b"[v1.foo]:8080", "http://[v1.foo]:8080/p"),
        (b"[vA.x:y]", "http://[vA.x:y]/p"),
    ],
)
def test_host_headers_valid_per_rfc_3986_are_used_as_starlette_uses_them(
    host: bytes, expected: str
) -> None:
    tether_url = HTTPConnection(scope_with_host(host)).url
    starlette_url = StarletteConnection(scope_with_host(host)).url
    assert str(tether_url) == expected == str(starlette_url)
    assert tether_url.hostname == starlette_url.hostname
    assert tether_url.port == starlette_url.port


@pytest.mark.parametrize("host", [b"example.com:065536", b"example.com:" + b"9" * 5000])
def test_an_out_of_range_port_still_falls_back_to_the_server(host: bytes) -> None:
    assert str(HTTPConnection(scope_with_host(host)).url) == "http://10.0.0.1:8000/p"


@pytest.mark.parametrize(
    ("url", "components"),
    [
        ("http://example.com:8000/p?q=1", {"hostname": "example.org:8080", "port": None}),
        ("http://example.com:8000/p", {"hostname": "example.org:8080"}),
        ("http://u:p@example.com/p", {"hostname": "h:1", "port": None}),
        ("http://example.com:8000/p", {"hostname": "example.org", "port": 9}),
    ],
)
def test_replace_hostname_and_port_like_starlette(url: str, components: dict[str, Any]) -> None:
    assert str(URL(url).replace(**components)) == str(
        starlette_datastructures.URL(url).replace(**components)
    )


def test_replace_still_brackets_a_bare_ipv6_address() -> None:
    assert str(URL("http://h:1/").replace(hostname="::1")) == "http://[::1]:1/"


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/a\tb", "/a%09b"),
        ("/a\r\nb", "/a%0D%0Ab"),
        ("/a\x00\x1f\x7fb", "/a%00%1F%7Fb"),
        ("/a?b#c\\d", "/a%3Fb%23c%5Cd"),
        ("/é b", "/é b"),
    ],
)
def test_paths_keep_control_characters_percent_encoded(path: str, expected: str) -> None:
    url = HTTPConnection(scope_with_host(b"example.com", path)).url
    assert url.path == expected
    assert str(url) == f"http://example.com{expected}"

"""Issue 11, item 4: url_path_for encodes what a parameter holds; odd paths and templates."""

from __future__ import annotations

import uuid
from typing import Any
from urllib.parse import unquote

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tether.converters import ConversionError, Converter
from tether.routing import PathTemplate, PathTemplateError, Route, Router, WebSocketRoute
from tether.types import Message, Receive, Scope, Send


async def params_endpoint(scope: Scope, receive: Receive, send: Send) -> None:
    body = repr(scope["path_params"]).encode()
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": body})


async def websocket_endpoint(scope: Scope, receive: Receive, send: Send) -> None:
    raise AssertionError("never called")


router = Router(
    [
        Route("/rooms/{room}", params_endpoint, name="room"),
        Route("/files/{file:path}", params_endpoint, name="file"),
        Route("/items/{id:int}", params_endpoint, name="item"),
        Route("/prices/{amount:float}", params_endpoint, name="price"),
        WebSocketRoute("/chat/{room}", websocket_endpoint, name="chat"),
    ]
)


async def get(path: str) -> tuple[int, bytes]:
    """Serve a GET request for ``path`` (as a server decodes it) through the router."""
    scope: Scope = {"type": "http", "method": "GET", "path": path, "headers": []}
    messages: list[Message] = []

    async def receive() -> Message:
        return {"type": "http.request", "body": b""}

    async def send(message: Message) -> None:
        messages.append(message)

    await router(scope, receive, send)
    return messages[0]["status"], messages[1]["body"]


@pytest.mark.parametrize(
    ("room", "expected"),
    [
        ("a?b", "/rooms/a%3Fb"),
        ("a#b", "/rooms/a%23b"),
        ("100%", "/rooms/100%25"),
        ("a b", "/rooms/a%20b"),
        ("é€", "/rooms/%C3%A9%E2%82%AC"),
        ("a:b@c+d", "/rooms/a:b@c+d"),
        ("...", "/rooms/..."),
    ],
)
def test_url_path_for_percent_encodes_a_string_parameter(room: str, expected: str) -> None:
    assert router.url_path_for("room", room=room) == expected
    assert router.url_path_for("chat", room=room) == expected.replace("/rooms/", "/chat/")


def test_url_path_for_keeps_the_slashes_of_a_path_parameter() -> None:
    assert router.url_path_for("file", file="a b/c?d.txt") == "/files/a%20b/c%3Fd.txt"


@pytest.mark.parametrize(
    ("name", "params", "message"),
    [
        ("room", {"room": "a/b"}, "cannot contain '/'"),
        ("room", {"room": ".."}, "'..' segment"),
        ("room", {"room": "."}, "'..' segment"),
        ("file", {"file": "a/../etc/passwd"}, "'..' segment"),
        ("file", {"file": "line\nbreak"}, "does not match the converter's pattern"),
        ("room", {"room": "\ud800"}, "surrogates not allowed"),
    ],
)
def test_url_path_for_refuses_values_that_would_not_come_back(
    name: str, params: dict[str, Any], message: str
) -> None:
    with pytest.raises(ConversionError, match=message):
        router.url_path_for(name, **params)


class LossyConverter(Converter[str]):
    """Writes values it cannot read back: lower case in, the original case out."""

    regex = "[a-z]+"

    def convert(self, value: str) -> str:
        return value

    def to_string(self, value: str) -> str:
        return value


class UpperConverter(Converter[str]):
    regex = "[A-Za-z]+"

    def convert(self, value: str) -> str:
        return value.upper()

    def to_string(self, value: str) -> str:
        return value


def test_a_value_outside_its_converters_pattern_is_refused() -> None:
    template = PathTemplate("/x/{name}")
    template.converters["name"] = LossyConverter()
    with pytest.raises(ConversionError, match=r"parameter 'name' .*does not match"):
        template.expand({"name": "ABC"})


def test_a_value_that_does_not_convert_back_is_refused() -> None:
    template = PathTemplate("/x/{name}")
    template.converters["name"] = UpperConverter()
    assert template.expand({"name": "ABC"}) == "/x/ABC"
    with pytest.raises(ConversionError, match="does not convert back"):
        template.expand({"name": "abc"})


@given(room=st.text(min_size=1, max_size=20).filter(lambda text: "/" not in text))
def test_every_string_parameter_round_trips_through_a_request(room: str) -> None:
    try:
        path = router.url_path_for("room", room=room)
    except ConversionError:
        assert room in (".", "..") or not room.isprintable()
        return
    assert path.isascii()
    # A server decodes the percent-encoding into scope["path"], which the route matches.
    assert PathTemplate("/rooms/{room}").match(unquote(path)) == {"room": room}


@pytest.mark.anyio
@pytest.mark.parametrize("digits", [4301, 10_000, 100_000])
async def test_an_int_segment_of_thousands_of_digits_is_a_404(digits: int) -> None:
    assert await get("/items/" + "9" * digits) == (404, b"Not Found")


@pytest.mark.anyio
async def test_a_float_too_large_for_a_float_is_a_404() -> None:
    assert await get("/prices/" + "9" * 400) == (404, b"Not Found")
    assert await get("/prices/2.5") == (200, b"{'amount': 2.5}")


@pytest.mark.anyio
async def test_an_ordinary_int_segment_still_matches() -> None:
    assert await get("/items/" + "9" * 4300) == (200, repr({"id": int("9" * 4300)}).encode())


@pytest.mark.parametrize(
    "template", ["/{x-y}", "/{x", "/{1st}", "/x}", "/a/{b}/{c:}", "/{x:1int}", "/{{x}}", "/{}"]
)
def test_malformed_placeholders_are_errors_not_literal_text(template: str) -> None:
    with pytest.raises(PathTemplateError, match="malformed placeholder"):
        PathTemplate(template)


def test_a_well_formed_template_still_compiles() -> None:
    template = PathTemplate("/a/{b}/c-{d:int}.json")
    assert template.match("/a/x/c-12.json") == {"b": "x", "d": 12}
    assert template.expand({"b": "y", "d": 3}) == "/a/y/c-3.json"


def test_uuid_parameters_are_written_canonically() -> None:
    value = uuid.UUID("12345678-1234-5678-1234-567812345678")
    path = PathTemplate("/u/{id:uuid}").expand({"id": str(value).replace("-", "").upper()})
    assert path == f"/u/{value}"

"""The JSON codecs of send_json and receive_json: orjson gives json's text, values and errors.

Issue 24, item 3. `tether._json` uses orjson (the ``fast`` extra) when it is installed and
the standard library's `json` otherwise; the property tests here hold the orjson path
equal to the `json` path on generated values and texts: the same text or the same
exception (class and message) when encoding, the same value (types included) or the same
exception when decoding. The WebSocket tests run with each codec chosen through
`tether._json.use`, the seam that lets the tests cover `json` while orjson is installed.
"""

from __future__ import annotations

import collections
import dataclasses
import datetime
import decimal
import enum
import json
import math
import re
import subprocess
import sys
import types
import uuid
from collections.abc import Callable, Iterator
from typing import Any, NamedTuple

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from tether import _json
from tether.types import Message
from tether.websockets import NonFiniteJSONError, WebSocket

orjson = pytest.importorskip("orjson")

FAST_DUMPS, FAST_DUMPS_BYTES, FAST_LOADS, FAST_LOADS_BYTES = _json._orjson_codec()


def outcome(call: Callable[[], Any]) -> tuple[str, Any]:
    """What a call gives: its value, or its exception's class and message."""
    try:
        return ("value", call())
    except Exception as exc:
        return ("raised", (type(exc), str(exc)))


def same(left: Any, right: Any) -> bool:
    """Equal, with the same types all the way down and NaN equal to NaN (deep values too)."""
    pending = [(left, right)]
    while pending:
        left, right = pending.pop()
        if type(left) is not type(right):
            return False
        if isinstance(left, float):
            if not (math.isnan(left) and math.isnan(right)) and not (
                left == right and math.copysign(1, left) == math.copysign(1, right)
            ):
                return False
        elif isinstance(left, list):
            if len(left) != len(right):
                return False
            pending.extend(zip(left, right, strict=True))
        elif isinstance(left, dict):
            if list(left) != list(right):
                return False
            pending.extend((left[key], right[key]) for key in left)
        elif left != right:
            return False
    return True


# Values to encode: everything JSON holds, what json converts (non-str keys, tuples), what
# it refuses, and what orjson would write otherwise (NaN, enums, UUIDs, tiny floats).


class Color(enum.Enum):
    RED = 1


class Level(enum.IntEnum):
    HIGH = 3


class Mood(str, enum.Enum):
    HAPPY = "happy"


class Text(str):
    pass


class Number(int):
    pass


class Real(float):
    pass


class Items(list[Any]):
    pass


class Table(dict[str, Any]):
    pass


class Point(NamedTuple):
    x: int
    y: int


@dataclasses.dataclass
class Pair:
    a: int
    b: int


def reordered() -> collections.OrderedDict[str, int]:
    table = collections.OrderedDict(a=1, b=2)
    table.move_to_end("a")
    return table


ODD_VALUES = [
    Color.RED,
    Level.HIGH,
    Mood.HAPPY,
    uuid.UUID(int=7),
    decimal.Decimal("1.5"),
    datetime.datetime(2024, 1, 2, 3, 4, 5),
    datetime.date(2024, 1, 2),
    {1, 2},
    frozenset(),
    b"x",
    bytearray(b"x"),
    Text("sub"),
    Number(5),
    Real(2.5),
    Items([1, 2]),
    Table(a=1),
    reordered(),
    Point(1, 2),
    Pair(1, 2),
    object(),
    orjson.Fragment(b"[1]"),
    2**64,
    -(2**63) - 1,
]

floats = st.floats() | st.sampled_from(
    [1e-05, 3.7e-07, 1e-09, 1.5e-10, 1e-4, 1e16, 1e22, -0.0, 5e-324, math.nan, -math.inf]
)
leaves = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=-(2**70), max_value=2**70),
    floats,
    st.text(st.characters(exclude_categories=[]), max_size=8),
    st.sampled_from(["é€😀", "\x00\x1f\x7f\u2028\u2029", '"\\/\b\f\n\r\t', "0.00001", "1e-7"]),
    st.sampled_from(ODD_VALUES),
)
keys = st.one_of(
    st.text(max_size=4),
    st.integers(),
    floats,
    st.booleans(),
    st.none(),
    st.sampled_from([Text("k"), Color.RED, (1, 2)]),
)
values = st.recursive(
    leaves,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.lists(children, max_size=3).map(tuple),
        st.dictionaries(st.text(max_size=4), children, max_size=4),
        st.dictionaries(keys, children, max_size=3),
    ),
    max_leaves=12,
)


@given(value=values, allow_nan=st.booleans())
@example(
    value={"user": "ana", "text": "hola, ¿qué tal?", "n": 42, "tags": ["a", "b"]}, allow_nan=False
)
@example(value=[1e16, 1e-7, 0.00001, 123.0], allow_nan=False)
@example(value=[math.nan], allow_nan=False)
@example(value=[math.inf, {"x": -math.inf}], allow_nan=True)
@example(value={1: "a", "1": "b", 2.5: None, False: 0, None: 1}, allow_nan=False)
@example(value="\ud800", allow_nan=False)
@example(value={"a": [Color.RED]}, allow_nan=False)
@example(value=uuid.UUID(int=7), allow_nan=True)
@example(value=[orjson.Fragment(b"[1]")], allow_nan=False)
@example(value=(1, None, "a"), allow_nan=False)
def test_orjson_encodes_every_value_as_json_does(value: Any, allow_nan: bool) -> None:
    expected = outcome(lambda: _json._stdlib_dumps(value, allow_nan))
    assert outcome(lambda: FAST_DUMPS(value, allow_nan)) == expected
    expected_bytes = outcome(lambda: _json._stdlib_dumps_bytes(value, allow_nan))
    assert outcome(lambda: FAST_DUMPS_BYTES(value, allow_nan)) == expected_bytes


class Sneaky(enum.Enum):
    """Members equal to their plain value: orjson writes the value, json refuses the member."""

    ONE = 1
    NAME = "ana"

    def __eq__(self, other: object) -> bool:
        return bool(self.value == other)

    def __hash__(self) -> int:
        return hash(self.value)


@pytest.mark.parametrize(
    "value", [Sneaky.ONE, [Sneaky.NAME], {"a": {"b": Sneaky.ONE}}, [None, Sneaky.ONE]]
)
def test_orjson_path_refuses_an_enum_equal_to_its_value_as_json_does(value: Any) -> None:
    # Deciding by value (decode orjson's text, compare) took these for plain values.
    expected = outcome(lambda: _json._stdlib_dumps(value, False))
    assert expected[0] == "raised"
    assert outcome(lambda: FAST_DUMPS(value, False)) == expected


def test_orjson_path_refuses_an_integer_too_long_for_str_as_json_does() -> None:
    expected = outcome(lambda: _json._stdlib_dumps([10**5000], False))
    assert expected[0] == "raised"
    assert outcome(lambda: FAST_DUMPS([10**5000], False)) == expected


def test_orjson_path_refuses_a_circular_value_as_json_does() -> None:
    circle: list[Any] = []
    circle.append(circle)
    for allow_nan in (False, True):
        expected = outcome(lambda allow_nan=allow_nan: _json._stdlib_dumps(circle, allow_nan))
        assert expected[0] == "raised"
        assert outcome(lambda allow_nan=allow_nan: FAST_DUMPS(circle, allow_nan)) == expected


def test_orjson_path_defers_to_json_for_deep_nesting() -> None:
    for depth in (254, 256, 300, 2000):
        value: Any = 1
        for _ in range(depth):
            value = [value]
        expected = outcome(lambda value=value: _json._stdlib_dumps(value, False))
        assert outcome(lambda value=value: FAST_DUMPS(value, False)) == expected


def test_plain_values_and_texts_take_the_orjson_path(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: Any) -> Any:
        raise AssertionError("json was used")

    for name in ("_stdlib_dumps", "_stdlib_dumps_bytes", "_stdlib_loads", "_stdlib_loads_bytes"):
        monkeypatch.setattr(_json, name, refuse)
    value = {"user": "ana", "text": "¿qué?", "n": [1, 2.5, 1e-3, 1e16, None, True], "e": {}}
    text = '{"user":"ana","text":"¿qué?","n":[1,2.5,0.001,1e+16,null,true],"e":{}}'
    assert FAST_DUMPS(value, False) == text
    assert FAST_DUMPS_BYTES(value, True) == text.encode()
    assert FAST_LOADS(text) == value
    assert FAST_LOADS_BYTES(text.encode()) == value


# Texts to decode: what json writes in every style, and near-JSON text.

json_texts = st.builds(
    lambda value, ensure_ascii, separators: json.dumps(
        value, ensure_ascii=ensure_ascii, separators=separators
    ),
    value=values.filter(lambda value: outcome(lambda: json.dumps(value))[0] == "value"),
    ensure_ascii=st.booleans(),
    separators=st.sampled_from([(",", ":"), (", ", ": "), (" ,\n", " :\t")]),
)
near_json = st.text(
    st.sampled_from('[]{}",:0123456789.eE+-truefalsnNaIiy \t\n\r\\u/dD8\x00é\ud800\ufeff'),
    max_size=24,
)
numbers = st.one_of(
    st.integers(min_value=-(10**40), max_value=10**40).map(str),
    st.builds(
        "{}{}.{}e{}".format,
        st.sampled_from(["", "-"]),
        st.integers(min_value=0, max_value=10**25),
        st.integers(min_value=0, max_value=10**25),
        st.integers(min_value=-400, max_value=400),
    ),
)
texts = st.one_of(json_texts, near_json, numbers, numbers.map("[{}]".format))
SPECIAL_TEXTS = [
    '"\\ud800"',
    '"\\udead\\u0041"',
    "NaN",
    "[-Infinity, Infinity]",
    "1e400",
    "-1e-400",
    "123456789012345678901234567890",
    "-9223372036854775809",
    "18446744073709551615",
    "18446744073709551616",
    "1" * 5000,
    "[" * 3000 + "]" * 3000,
    "[" * 600 + "]" * 600,
    '{"a":1,"b":2,"a":3}',
    '"a\x01b"',
    "\ufeff[1]",
    "[1,]",
    " ",
    "",
]


@given(text=texts)
@example(text='{"user":"ana","text":"hola, \\u00bfqu\\u00e9 tal?","n":42,"tags":["a","b"]}')
def test_orjson_decodes_every_text_as_json_does(text: str) -> None:
    check_decoding(text)


@pytest.mark.parametrize("text", SPECIAL_TEXTS)
def test_orjson_decodes_the_hard_texts_as_json_does(text: str) -> None:
    check_decoding(text)


def check_decoding(text: str) -> None:
    expected = outcome(lambda: _json._stdlib_loads(text))
    actual = outcome(lambda: FAST_LOADS(text))
    assert actual[0] == expected[0], (actual, expected)
    if expected[0] == "value":
        assert same(actual[1], expected[1]), (actual, expected)
    else:
        assert actual == expected
    encoded = outcome(lambda: text.encode("utf-8"))
    if encoded[0] == "value":
        check_decoding_bytes(encoded[1])


@given(data=st.binary(max_size=16) | texts.map(lambda text: text.encode("utf-8", "replace")))
@example(data=b'"\xed\xa0\x80"')
@example(data=b"\xef\xbb\xbf[1]")
@example(data=b'["\xff"]')
def test_orjson_decodes_every_binary_message_as_json_does(data: bytes) -> None:
    check_decoding_bytes(data)


def check_decoding_bytes(data: bytes) -> None:
    expected = outcome(lambda: _json._stdlib_loads_bytes(data))
    actual = outcome(lambda: FAST_LOADS_BYTES(data))
    assert actual[0] == expected[0], (actual, expected)
    if expected[0] == "value":
        assert same(actual[1], expected[1]), (actual, expected)
    else:
        assert actual == expected


# The seam: choosing a codec, and what happens without orjson.


@pytest.fixture
def restore_codec() -> Iterator[None]:
    saved = (_json.dumps, _json.dumps_bytes, _json.loads, _json.loads_bytes)
    yield
    _json.dumps, _json.dumps_bytes, _json.loads, _json.loads_bytes = saved


@pytest.mark.usefixtures("restore_codec")
def test_use_chooses_orjson_when_it_is_installed_and_json_on_request() -> None:
    assert _json.use() == "orjson"
    assert _json.dumps([1e16], False) == "[1e+16]"
    assert _json.use("json") == "json"
    assert _json.dumps is _json._stdlib_dumps
    assert _json.loads is _json._stdlib_loads
    assert _json.use("orjson") == "orjson"
    assert _json.dumps is not _json._stdlib_dumps


@pytest.mark.usefixtures("restore_codec")
def test_use_refuses_an_unknown_codec() -> None:
    with pytest.raises(ValueError, match='must be "json", "orjson" or None, got \'ujson\''):
        _json.use("ujson")


@pytest.mark.usefixtures("restore_codec")
def test_without_orjson_json_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "orjson", None)  # makes `import orjson` fail
    assert _json.use() == "json"
    assert _json.dumps is _json._stdlib_dumps
    with pytest.raises(ImportError):
        _json.use("orjson")


@pytest.mark.usefixtures("restore_codec")
def test_an_orjson_that_writes_otherwise_is_not_used(monkeypatch: pytest.MonkeyPatch) -> None:
    # orjson before 3.13 wrote 1e16 as "1e16"; json writes "1e+16".
    old = types.ModuleType("orjson")
    vars(old).update(vars(orjson))
    old.__version__ = "3.11.0"  # type: ignore[attr-defined]
    old.dumps = lambda value, option=0: orjson.dumps(value).replace(b"e+", b"e")  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "orjson", old)
    assert _json.use() == "json"
    with pytest.raises(ImportError, match=re.escape("orjson 3.11.0 writes 1e+16 otherwise than")):
        _json.use("orjson")


@pytest.mark.usefixtures("restore_codec")
def test_the_codec_is_chosen_on_first_use() -> None:
    _json.dumps = _json._first_dumps
    _json.loads = _json._first_loads
    assert _json.dumps({"a": 1}, False) == '{"a":1}'
    assert _json.dumps is not _json._first_dumps
    for first, args in (
        (_json._first_dumps_bytes, ([1], False)),
        (_json._first_loads, ("[1]",)),
        (_json._first_loads_bytes, (b"[1]",)),
    ):
        assert first(*args) in (b"[1]", [1])


def test_importing_tether_does_not_import_orjson() -> None:
    code = "import sys, tether, tether.websockets; print('orjson' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


# send_json and receive_json with each codec.


@pytest.fixture(params=["json", "orjson"])
def codec(request: pytest.FixtureRequest, restore_codec: None) -> str:
    name: str = request.param
    _json.use(name)
    return name


class Peer:
    """An in-memory ASGI server that queues frames for the application and records sends."""

    def __init__(self, *frames: Message) -> None:
        self.incoming = [{"type": "websocket.connect"}, *frames]
        self.sent: list[Message] = []

    async def receive(self) -> Message:
        return self.incoming.pop(0)

    async def send(self, message: Message) -> None:
        self.sent.append(message)

    async def accepted(self) -> WebSocket:
        scope = {"type": "websocket", "path": "/", "headers": []}
        websocket: WebSocket = WebSocket(scope, self.receive, self.send)
        await websocket.accept()
        self.sent.clear()
        return websocket


SENT_VALUES = [
    {"user": "ana", "text": "hola, ¿qué tal?", "n": 42, "tags": ["a", "b"]},
    [1e16, 0.00001, 3.7e-07, 2**80, -0.0],
    {1: "a", None: True},
    (1, "ü"),
    "\ud800",
]


@pytest.mark.anyio
@pytest.mark.parametrize("mode", ["text", "binary"])
async def test_send_json_sends_the_same_text_with_either_codec(codec: str, mode: str) -> None:
    peer = Peer()
    websocket = await peer.accepted()
    for value in SENT_VALUES:
        text = json.dumps(value, separators=(",", ":"), ensure_ascii=False)
        if mode == "binary" and "\ud800" in text:
            with pytest.raises(UnicodeEncodeError):
                await websocket.send_json(value, mode=mode)
            continue
        await websocket.send_json(value, mode=mode)
        key, payload = ("text", text) if mode == "text" else ("bytes", text.encode())
        assert peer.sent.pop() == {"type": "websocket.send", key: payload}


@pytest.mark.anyio
async def test_send_json_refuses_nan_unless_allowed_with_either_codec(codec: str) -> None:
    peer = Peer()
    websocket = await peer.accepted()
    for value in ([math.nan], {"x": math.inf}, -math.inf):
        with pytest.raises(NonFiniteJSONError):
            await websocket.send_json(value)
    assert peer.sent == []
    await websocket.send_json([math.nan, math.inf, -math.inf], allow_nan=True)
    assert peer.sent == [{"type": "websocket.send", "text": "[NaN,Infinity,-Infinity]"}]
    with pytest.raises(TypeError, match="Object of type UUID is not JSON serializable"):
        await websocket.send_json({"id": uuid.UUID(int=1)})
    with pytest.raises(TypeError, match="Object of type Color is not JSON serializable"):
        await websocket.send_json([Color.RED])


@pytest.mark.anyio
async def test_receive_json_gives_the_same_values_with_either_codec(codec: str) -> None:
    texts = ["123456789012345678901234567890", "NaN", '{"a":[1,2.5,null]}', '"\\ud800"']
    peer = Peer(
        *({"type": "websocket.receive", "text": text} for text in texts),
        {"type": "websocket.receive", "bytes": b'{"b":"\xe6\xbc\xa2"}'},
        {"type": "websocket.receive", "text": "{nope"},
        {"type": "websocket.receive", "bytes": b'"\xff"'},
    )
    websocket = await peer.accepted()
    assert await websocket.receive_json() == 123456789012345678901234567890
    assert math.isnan(await websocket.receive_json())
    assert await websocket.receive_json() == {"a": [1, 2.5, None]}
    assert await websocket.receive_json() == "\ud800"
    assert await websocket.receive_json(mode="binary") == {"b": "漢"}
    with pytest.raises(json.JSONDecodeError, match="Expecting property name"):
        await websocket.receive_json()
    with pytest.raises(UnicodeDecodeError):
        await websocket.receive_json(mode="binary")

"""The JSON codec of `WebSocket.send_json` and `WebSocket.receive_json`.

Two codecs give the same results: the standard library's `json`, and orjson, which the
``fast`` extra installs (``pip install tether[fast]``) and which is used when present.
The standard library is the reference: for every value, orjson's path gives the same text
and raises the same exception as `json` would, because whatever orjson cannot do exactly
the same way goes to `json` itself:

- encoding: orjson refuses (and `json` then encodes, or raises its own error) integers
  beyond 64 bits, strings with lone surrogates, non-`str` keys, subclasses of the JSON
  types, dataclasses, dates and anything unknown. What it writes where `json` would not,
  or writes differently, is caught after the fact. Enum members, `uuid.UUID` and
  ``orjson.Fragment`` (orjson writes their value, `json` refuses them) are found by
  `marshal`, which writes only values of the exact built-in types and refuses theirs:
  a C walk over the value, cheaper than decoding orjson's text again. NaN and the
  infinities (orjson writes ``null``, `json` writes ``NaN`` or refuses them) can only be
  where the text holds ``null``; there, decoding the text must give back an equal value.
  Floats from 1e-9 to 1e-4 (orjson writes ``0.00001`` and ``1.5e-7``, `json` ``1e-05``
  and ``1.5e-07``) are found in the text by ``0.0000`` or a one-digit negative exponent.
  Everything else orjson writes exactly as ``json.dumps(value, separators=(",", ":"),
  ensure_ascii=False)``: compact, non-ASCII kept, the same escapes and the same float
  digits, tuples as arrays (tests/unit/test_json_codec.py holds the two paths equal on
  generated values).
- decoding: whatever orjson refuses (NaN, numbers too large for a float, lone surrogate
  escapes, invalid text) is decoded, or refused with `json`'s own error, by `json`. orjson
  reads an integer too large for 64 bits as a float, where `json` gives an `int`, so a
  text holding 19 digits in a row is decoded by `json` too.

`use` chooses the codec; without a call, the first JSON operation takes orjson if it can
be imported and writes the values of `_SAMPLES` as `json` does (orjson 3.11.0 writes
``1e16`` where `json` writes ``1e+16``), else `json`. Nothing is imported before that.
"""

from __future__ import annotations

import json
import marshal
import re
from collections.abc import Callable
from typing import Any

__all__ = ["dumps", "dumps_bytes", "loads", "loads_bytes", "use"]

# Ready encoders: ``json.dumps`` with keyword arguments builds a new encoder on every call.
_json_encode = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False, allow_nan=False).encode
_json_encode_allowing_nan = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False).encode

# orjson writes floats from 1e-9 to 1e-4 as 0.0000123 or 1.5e-7, json as 1.23e-05, 1.5e-07.
_ONE_DIGIT_EXPONENT = re.compile(r"[0-9]e-[0-9](?![0-9])")
# Integers of up to 18 digits fit in 64 bits; orjson reads longer ones as floats. With
# every digit made a 0, nineteen 0s in a row are nineteen digits in a row; a text with
# fewer than 19 digits in all needs no search (deleting its digits is the cheaper count):
# the test every text takes the orjson path through, inlined for speed (`find`, not `in`,
# on bytes: see `dumps` in `_orjson_codec`).
_LONG_NUMBER = b"0" * 19
_DIGITS = b"0123456789"
_DIGITS_AS_ZEROS = bytes.maketrans(b"123456789", b"000000000")


# Values whose text differs between orjson versions: an orjson that writes them otherwise
# than json (3.11.0 writes 1e16 where json writes 1e+16) is not used. Floats from 1e-9 to
# 1e-4 are left out: `dumps` leaves them to json.
_SAMPLES = [
    1e16,
    -1.5e300,
    1e22,
    1e-10,
    2.5e-310,
    5e-324,
    0.0001,
    123456.789,
    -0.0,
    '\x00\x1f\x7f\u2028"\\é😀',
]


def _stdlib_dumps(data: Any, allow_nan: bool) -> str:
    if allow_nan:
        return _json_encode_allowing_nan(data)
    return _json_encode(data)


def _stdlib_dumps_bytes(data: Any, allow_nan: bool) -> bytes:
    return _stdlib_dumps(data, allow_nan).encode("utf-8")


def _stdlib_loads(text: str) -> Any:
    return json.loads(text)


def _stdlib_loads_bytes(data: bytes) -> Any:
    return json.loads(data.decode("utf-8"))


def _orjson_codec() -> tuple[
    Callable[[Any, bool], str],
    Callable[[Any, bool], bytes],
    Callable[[str], Any],
    Callable[[bytes], Any],
]:
    """Build the four functions of the orjson codec; ImportError if orjson is missing."""
    import orjson  # the fast extra; imported on first use

    orjson_dumps = orjson.dumps
    orjson_loads = orjson.loads
    marshal_dumps = marshal.dumps
    decode_error = orjson.JSONDecodeError
    # Subclasses of str, int, float, dict and list, dataclasses and dates are left to
    # `json` (orjson raises TypeError for them), which encodes them its own way.
    options = (
        orjson.OPT_PASSTHROUGH_SUBCLASS
        | orjson.OPT_PASSTHROUGH_DATACLASS
        | orjson.OPT_PASSTHROUGH_DATETIME
    )

    for sample in _SAMPLES:
        if orjson_dumps(sample, option=options) != _stdlib_dumps_bytes(sample, False):
            raise ImportError(
                f"orjson {orjson.__version__} writes {sample!r} otherwise than the json "
                "module; tether's fast codec needs orjson 3.13 or later"
            )

    def dumps(data: Any, allow_nan: bool) -> str:
        try:
            raw = orjson_dumps(data, option=options)
        except TypeError:  # orjson.JSONEncodeError: a value orjson leaves to json
            return _stdlib_dumps(data, allow_nan)
        # The cheap checks first, and in a str: `in` on bytes first tries its operand as
        # an int, which costs an exception each time.
        text = raw.decode("utf-8")
        if "0.0000" in text or ("e-" in text and _ONE_DIGIT_EXPONENT.search(text)):
            return _stdlib_dumps(data, allow_nan)
        try:
            # Only dicts, lists, tuples, str, int, float, bool and None of exactly those
            # types pass: no enum member, UUID or Fragment, and no __eq__ of the caller's.
            marshal_dumps(data, 2)
        except ValueError:
            return _stdlib_dumps(data, allow_nan)
        # NaN and the infinities became null and do not decode equal (nor do tuples,
        # decoded as lists, whose text json writes the same anyway).
        if "null" not in text or orjson_loads(raw) == data:
            return text
        return _stdlib_dumps(data, allow_nan)

    def dumps_bytes(data: Any, allow_nan: bool) -> bytes:
        return dumps(data, allow_nan).encode("utf-8")

    def loads_bytes(data: bytes) -> Any:
        if (
            len(data) - len(data.translate(None, _DIGITS)) < 19
            or data.translate(_DIGITS_AS_ZEROS).find(_LONG_NUMBER) == -1
        ):
            try:
                return orjson_loads(data)
            except decode_error:
                pass
        return _stdlib_loads_bytes(data)

    def loads(text: str) -> Any:
        try:
            data = text.encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate, which only json reads
            return _stdlib_loads(text)
        if (
            len(data) - len(data.translate(None, _DIGITS)) < 19
            or data.translate(_DIGITS_AS_ZEROS).find(_LONG_NUMBER) == -1
        ):
            try:
                # The str, not its bytes: orjson trusts a str's UTF-8 and checks bytes'.
                return orjson_loads(text)
            except decode_error:
                pass
        return _stdlib_loads(text)

    return dumps, dumps_bytes, loads, loads_bytes


def use(name: str | None = None) -> str:
    """Choose the JSON codec for every WebSocket.

    Args:
        name: ``"json"`` for the standard library, ``"orjson"`` for orjson, None for
            orjson if it can be imported, else the standard library.

    Returns:
        The name of the codec now in use.

    Raises:
        ImportError: If ``name`` is ``"orjson"`` and orjson is not installed, or is a
            version that writes some values otherwise than `json`.
        ValueError: If ``name`` is none of the above.
    """
    global dumps, dumps_bytes, loads, loads_bytes
    if name not in (None, "json", "orjson"):
        raise ValueError(f'The JSON codec must be "json", "orjson" or None, got {name!r}')
    if name != "json":
        try:
            dumps, dumps_bytes, loads, loads_bytes = _orjson_codec()
        except ImportError:
            if name == "orjson":
                raise
        else:
            return "orjson"
    dumps, dumps_bytes, loads, loads_bytes = (
        _stdlib_dumps,
        _stdlib_dumps_bytes,
        _stdlib_loads,
        _stdlib_loads_bytes,
    )
    return "json"


def _first_dumps(data: Any, allow_nan: bool) -> str:
    use()
    return dumps(data, allow_nan)


def _first_dumps_bytes(data: Any, allow_nan: bool) -> bytes:
    use()
    return dumps_bytes(data, allow_nan)


def _first_loads(text: str) -> Any:
    use()
    return loads(text)


def _first_loads_bytes(data: bytes) -> Any:
    use()
    return loads_bytes(data)


# Until `use` runs, each function chooses the codec on its first call, then hands over.
dumps: Callable[[Any, bool], str] = _first_dumps
"""Encode a value as compact JSON text, non-ASCII kept: ``json.dumps`` with ``(",", ":")``.

Raises `TypeError` for a value JSON cannot hold, `ValueError` for a circular reference
and, unless ``allow_nan``, for NaN and the infinities.
"""
dumps_bytes: Callable[[Any, bool], bytes] = _first_dumps_bytes
"""`dumps`, UTF-8 encoded."""
loads: Callable[[str], Any] = _first_loads
"""Decode JSON text as ``json.loads`` does, with its errors."""
loads_bytes: Callable[[bytes], Any] = _first_loads_bytes
"""Decode UTF-8 JSON as ``json.loads(data.decode("utf-8"))`` does, with its errors."""

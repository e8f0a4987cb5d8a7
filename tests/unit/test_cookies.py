"""cookie_parser: lenient parsing of Cookie headers as browsers send them."""

from __future__ import annotations

import pytest

from tether.connection import cookie_parser


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("", {}),
        ("a=1", {"a": "1"}),
        ("a=1; b=2", {"a": "1", "b": "2"}),
        ("a=1;b=2", {"a": "1", "b": "2"}),
        ("  a = 1 ;  b=2  ", {"a": "1", "b": "2"}),
        ("a=", {"a": ""}),
        ("a=1=2", {"a": "1=2"}),
        ("token=abc==", {"token": "abc=="}),
        ("a=1; a=2", {"a": "2"}),
        ("a=1; b=2; a=3", {"a": "3", "b": "2"}),
    ],
)
def test_pairs(header: str, expected: dict[str, str]) -> None:
    assert cookie_parser(header) == expected


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ('a="quoted"', {"a": "quoted"}),
        ('a=""', {"a": ""}),
        ('a="with space"', {"a": "with space"}),
        (r'a="say \"hi\""', {"a": 'say "hi"'}),
        (r'a="back\\slash"', {"a": "back\\slash"}),
        (r'a="semi\073colon"', {"a": "semi;colon"}),
        (r'a="\x"', {"a": "x"}),
        ('a="unterminated', {"a": '"unterminated'}),
        ('a=unopened"', {"a": 'unopened"'}),
        ('a="', {"a": '"'}),
        ('a=in"side', {"a": 'in"side'}),
    ],
)
def test_quoted_values(header: str, expected: dict[str, str]) -> None:
    assert cookie_parser(header) == expected


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("novalue", {"": "novalue"}),
        ("a=1; novalue", {"a": "1", "": "novalue"}),
        ("=blank", {"": "blank"}),
        ("=first; second", {"": "second"}),
        (";", {}),
        (";;; ;", {}),
        ("=", {}),
        (" = ", {}),
        ("a=1;;b=2", {"a": "1", "b": "2"}),
    ],
)
def test_blank_names_and_empty_chunks(header: str, expected: dict[str, str]) -> None:
    assert cookie_parser(header) == expected


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("na me=1", {"na me": "1"}),
        ("a=1,b=2", {"a": "1,b=2"}),
        ("a=\u00e9\u00ff", {"a": "\u00e9\u00ff"}),
        ("a=\x00\x01", {"a": "\x00\x01"}),
        ("\t a \t=\t 1 \t", {"a": "1"}),
        ('"quoted name"=v', {'"quoted name"': "v"}),
        ("__Host-id=1; __Secure-x=2", {"__Host-id": "1", "__Secure-x": "2"}),
    ],
)
def test_what_browsers_send_beyond_the_rfc(header: str, expected: dict[str, str]) -> None:
    assert cookie_parser(header) == expected


def test_returns_a_new_dict_each_time() -> None:
    first = cookie_parser("a=1")
    first["b"] = "2"
    assert cookie_parser("a=1") == {"a": "1"}

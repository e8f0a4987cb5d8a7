"""The hierarchy table of docs/en/reference/exceptions.md matches the code, class by class."""

from __future__ import annotations

import builtins
import importlib
import re
from pathlib import Path

import pytest

PAGE = Path(__file__).resolve().parents[2] / "docs" / "en" / "reference" / "exceptions.md"
MODULES = [
    "tether.connection",
    "tether.converters",
    "tether.datastructures",
    "tether.routing",
    "tether.websockets",
    "tether.testing",
    "tether.testtransport",
    "tether.testlifespan",
]
ROW = re.compile(r"^\| `(\w+)` \| ((?:`\w+`(?:, )?)+) \| (.+) \|$")


def public_exceptions() -> dict[str, type[BaseException]]:
    """Every exception class a tether module defines and exports."""
    found: dict[str, type[BaseException]] = {}
    for name in MODULES:
        module = importlib.import_module(name)
        for attribute in module.__all__:
            value = getattr(module, attribute)
            if (
                isinstance(value, type)
                and issubclass(value, BaseException)
                and value.__module__ == name
            ):
                found[attribute] = value
    return found


def table() -> dict[str, tuple[list[str], str]]:
    rows = {}
    for line in PAGE.read_text(encoding="utf-8").splitlines():
        match = ROW.match(line)
        if match:
            name, bases, why = match.groups()
            rows[name] = (re.findall(r"`(\w+)`", bases), why.strip())
    return rows


def test_the_table_lists_every_exported_exception_once() -> None:
    assert sorted(table()) == sorted(public_exceptions())


@pytest.mark.parametrize("name", sorted(public_exceptions()))
def test_each_row_names_the_real_bases_and_a_reason(name: str) -> None:
    bases, why = table()[name]
    assert bases == [base.__name__ for base in public_exceptions()[name].__bases__]
    assert why


def test_every_class_reaches_a_built_in_exception_that_starlette_code_catches() -> None:
    for name, cls in public_exceptions().items():
        built_ins = [
            base
            for base in cls.__mro__
            if base.__module__ == "builtins" and base not in (BaseException, object)
        ]
        assert built_ins, name
        assert all(getattr(builtins, base.__name__) is base for base in built_ins)


def test_every_exception_has_a_reference_entry() -> None:
    text = PAGE.read_text(encoding="utf-8")
    for name, cls in public_exceptions().items():
        assert f"::: {cls.__module__}.{name}\n" in text, name

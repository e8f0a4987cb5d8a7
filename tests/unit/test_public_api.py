"""The top-level package: what it exports and what importing it costs."""

from __future__ import annotations

import importlib
import inspect
import subprocess
import sys

import pytest

import tether


def test_every_exported_name_exists_and_is_documented() -> None:
    for name in tether.__all__:
        value = getattr(tether, name)
        assert value.__doc__, f"tether.{name} has no docstring"
        assert value.__module__.startswith("tether."), name


def test_import_needs_no_optional_dependency() -> None:
    code = "import sys, tether; print(sorted(m for m in ('anyio', 'trio') if m in sys.modules))"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


SUBMODULES = [
    "connection",
    "converters",
    "datastructures",
    "routing",
    "testing",
    "testlifespan",
    "testtransport",
    "types",
    "websockets",
]


@pytest.mark.parametrize("name", SUBMODULES)
def test_each_submodule_exports_what_exists_and_is_public(name: str) -> None:
    module = importlib.import_module(f"tether.{name}")
    exported = module.__all__
    assert len(set(exported)) == len(exported), f"tether.{name}.__all__ repeats a name"
    for attribute in exported:
        assert not attribute.startswith("_"), f"tether.{name}.__all__ lists {attribute}"
        assert hasattr(module, attribute), f"tether.{name}.__all__ lists missing {attribute}"
    # And the reverse: every public class and function the module defines is exported
    # (but for the copies mutation testing adds to a mutated module, named *__mutmut_*).
    defined = {
        attribute
        for attribute, value in vars(module).items()
        if not attribute.startswith("_")
        and "__mutmut_" not in attribute
        and (inspect.isclass(value) or inspect.isfunction(value))
        and value.__module__ == module.__name__
    }
    assert defined <= set(exported), f"tether.{name} does not export {defined - set(exported)}"


def test_the_package_exports_only_names_of_its_submodules() -> None:
    for name in tether.__all__:
        module = importlib.import_module(getattr(tether, name).__module__)
        assert name in module.__all__, f"tether.{name} is not in {module.__name__}.__all__"

"""The top-level package: what it exports and what importing it costs."""

from __future__ import annotations

import subprocess
import sys

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

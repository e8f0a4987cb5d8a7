"""The code quality gates: mypy --strict and ruff on the library and the scripts."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def run_tool(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, check=False
    )


@pytest.mark.parametrize("target", ["src", "scripts"])
def test_mypy_strict_is_clean(target: str) -> None:
    result = run_tool("mypy", "--strict", target)
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_is_clean() -> None:
    result = run_tool("ruff", "check", "src", "scripts")
    assert result.returncode == 0, result.stdout + result.stderr

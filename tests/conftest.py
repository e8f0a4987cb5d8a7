"""Fixtures and settings shared by every test package."""

from __future__ import annotations

import os

import pytest
from hypothesis import settings

# A loaded 2-core CI machine can take longer than hypothesis' 200 ms default per example;
# in CI the examples are also drawn from a fixed seed, so a run can be reproduced.
settings.register_profile("default", deadline=None, print_blob=True)
settings.register_profile("ci", parent=settings.get_profile("default"), derandomize=True)
settings.load_profile("ci" if os.environ.get("CI") else "default")


@pytest.fixture
def anyio_backend() -> str:
    """Run ``@pytest.mark.anyio`` tests on asyncio unless a module overrides it."""
    return "asyncio"

"""The chat scenarios against the chat app through tether's in-process AsyncTestClient."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest
from chat_app import create_app
from chat_scenarios import SCENARIOS, Connect

from tether.testing import AsyncTestClient


@pytest.fixture(params=["asyncio", "trio"])
def anyio_backend(request: pytest.FixtureRequest) -> str:
    """Run the scenarios on asyncio and on trio."""
    return str(request.param)


@pytest.mark.anyio
@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda scenario: scenario.__name__)
async def test_chat_in_process(scenario: Callable[[Connect], Awaitable[None]]) -> None:
    client = AsyncTestClient(create_app())
    await scenario(client.websocket_connect)

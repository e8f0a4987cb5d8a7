"""The chat scenarios against the chat app under real servers, with the websockets client.

Each scenario runs under uvicorn (each of its WebSocket implementations) and hypercorn.

The assertions are those of ``tests/unit/test_chat_inprocess.py``: both run the scenarios
of ``chat_scenarios``; only the ``connect`` callable differs.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from typing import Any

import pytest
from chat_app import create_app
from chat_scenarios import SCENARIOS, Connect
from servers import SERVERS, serve
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed
from websockets.typing import Subprotocol

from tether.websockets import WebSocketDisconnect

pytestmark = [
    pytest.mark.integration,
    pytest.mark.anyio,
    # uvicorn's deprecated implementation drives the legacy websockets server API.
    pytest.mark.filterwarnings("ignore:remove second argument of ws_handler:DeprecationWarning"),
]

TIMEOUT = 5.0


def disconnect(exc: ConnectionClosed) -> WebSocketDisconnect:
    """The close the server sent, as the in-process client reports it (1006: none)."""
    if exc.rcvd is None:
        return WebSocketDisconnect(1006)
    return WebSocketDisconnect(exc.rcvd.code, exc.rcvd.reason)


class WebsocketsSession:
    """A `chat_scenarios.ChatSession` over a websockets client connection."""

    def __init__(self, connection: ClientConnection) -> None:
        self.connection = connection

    @property
    def accepted_subprotocol(self) -> str | None:
        return self.connection.subprotocol

    async def send_text(self, data: str) -> None:
        try:
            await self.connection.send(data)
        except ConnectionClosed as exc:
            raise disconnect(exc) from exc

    async def send_json(self, data: Any) -> None:
        await self.send_text(json.dumps(data))

    async def receive_json(self) -> Any:
        try:
            message = await asyncio.wait_for(self.connection.recv(), TIMEOUT)
        except ConnectionClosed as exc:
            raise disconnect(exc) from exc
        return json.loads(message)


def websockets_connect(base_url: str) -> Connect:
    """Build a scenario ``connect`` callable for a server at ``base_url``."""

    @asynccontextmanager
    async def connect_to(
        path: str, *, subprotocols: Sequence[str] | None = None
    ) -> AsyncIterator[WebsocketsSession]:
        async with connect(
            base_url + path,
            subprotocols=[Subprotocol(name) for name in subprotocols or ()] or None,
            open_timeout=TIMEOUT,
            close_timeout=TIMEOUT,
        ) as connection:
            yield WebsocketsSession(connection)

    return connect_to


@pytest.mark.parametrize("server", SERVERS)
@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda scenario: scenario.__name__)
async def test_chat_under_real_servers(
    scenario: Callable[[Connect], Awaitable[None]], server: str
) -> None:
    with serve(create_app(), server) as base_url:
        await asyncio.wait_for(scenario(websockets_connect(base_url)), 4 * TIMEOUT)

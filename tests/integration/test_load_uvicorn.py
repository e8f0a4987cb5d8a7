"""Load on a real server: hundreds of concurrent websockets clients against uvicorn.

Each client sends numbered messages and the endpoint echoes them; both sides check that
every message arrived exactly once and in order. The run is bounded in time and stops by
itself; `benchmarks/load.py` runs the same traffic at a larger scale and measures memory.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict

import pytest
from servers import serve
from websockets.asyncio.client import connect

from tether.routing import Router, WebSocketRoute
from tether.websockets import WebSocket

pytestmark = [pytest.mark.integration]

CLIENTS = 300
MESSAGES = 100
DEADLINE = 120.0  # seconds for the whole run; a healthy one takes a few


def echo_app(received: dict[str, list[int]]) -> Router:
    """An echo endpoint that records, per client, the numbers it received."""

    async def echo(websocket: WebSocket) -> None:
        client = websocket.path_params["client"]
        await websocket.accept()
        async for text in websocket.iter_text():
            received[client].append(int(text))
            await websocket.send_text(f"{client}:{text}")

    return Router([WebSocketRoute("/echo/{client}", echo)])


class AllConnected:
    """Holds every client back until all of them are connected, so the load is concurrent."""

    def __init__(self, count: int) -> None:
        self.missing = count
        self.event = asyncio.Event()

    async def arrive(self) -> None:
        self.missing -= 1
        if self.missing == 0:
            self.event.set()
        await self.event.wait()


async def run_client(base_url: str, client: int, together: AllConnected) -> list[str]:
    """Connect, wait for every client to be connected, send and read back MESSAGES."""
    async with connect(f"{base_url}/echo/{client}", open_timeout=30, max_queue=None) as ws:
        await together.arrive()
        replies = []
        for number in range(MESSAGES):
            await ws.send(str(number))
            replies.append(str(await ws.recv()))
        return replies


async def run_clients(base_url: str) -> list[list[str]]:
    together = AllConnected(CLIENTS)
    clients = [run_client(base_url, client, together) for client in range(CLIENTS)]
    return list(await asyncio.wait_for(asyncio.gather(*clients), DEADLINE))


def test_300_clients_times_100_messages_arrive_exactly_once_in_order() -> None:
    received: dict[str, list[int]] = defaultdict(list)
    with serve(echo_app(received), "uvicorn-websockets") as base_url:
        replies = asyncio.run(run_clients(base_url))
    for client, client_replies in enumerate(replies):
        assert client_replies == [f"{client}:{number}" for number in range(MESSAGES)]
    assert len(received) == CLIENTS
    assert all(numbers == list(range(MESSAGES)) for numbers in received.values())

import pytest

from tether.testing import AsyncTestClient

from app import app


@pytest.mark.anyio
async def test_echo() -> None:
    async with AsyncTestClient(app) as client:
        async with client.websocket_connect("/echo") as websocket:
            await websocket.send_text("hi")
            assert await websocket.receive_text() == "echo: hi"

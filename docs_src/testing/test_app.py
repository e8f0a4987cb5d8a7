import pytest

from tether.testing import TestClient

from app import app


@pytest.mark.anyio
async def test_echo() -> None:
    client = TestClient(app)
    async with client.websocket_connect("/echo") as websocket:
        await websocket.send_text("hi")
        assert await websocket.receive_text() == "echo: hi"

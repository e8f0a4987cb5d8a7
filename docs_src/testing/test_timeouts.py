import pytest

from tether.testing import TestClient, WebSocketTimeoutError

from app import app


@pytest.mark.anyio
async def test_timeout() -> None:
    client = TestClient(app, receive_timeout=1.0)
    async with client.websocket_connect("/echo") as websocket:
        with pytest.raises(WebSocketTimeoutError):
            await websocket.receive_text(timeout=0.1)  # the echo endpoint never speaks first

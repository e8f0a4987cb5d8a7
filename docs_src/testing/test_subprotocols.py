import pytest

from tether.testing import TestClient

from chat_app import app


@pytest.mark.anyio
async def test_subprotocol() -> None:
    client = TestClient(app)
    async with client.websocket_connect(
        "/chat", subprotocols=["chat.v2"], headers={"authorization": "Bearer let-me-in"}
    ) as websocket:
        assert websocket.accepted_subprotocol == "chat.v2"

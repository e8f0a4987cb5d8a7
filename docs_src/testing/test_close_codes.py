import pytest

from tether.testing import TestClient
from tether.websockets import WebSocketDisconnect

from chat_app import app


def test_close_code() -> None:
    client = TestClient(app)
    with client.websocket_connect("/chat") as websocket:
        with pytest.raises(WebSocketDisconnect) as info:
            websocket.receive_text()
    assert info.value.code == 4000

from tether.testing import TestClient

from chat_app import app


def test_subprotocol() -> None:
    client = TestClient(app)
    with client.websocket_connect(
        "/chat", subprotocols=["chat.v2"], headers={"authorization": "Bearer let-me-in"}
    ) as websocket:
        assert websocket.accepted_subprotocol == "chat.v2"

from tether.testing import TestClient

from app import app


def test_echo() -> None:
    client = TestClient(app)
    with client.websocket_connect("/echo") as websocket:
        websocket.send_text("hi")
        assert websocket.receive_text() == "echo: hi"

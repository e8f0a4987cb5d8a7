from tether.testing import TestClient

from app import app


def test_echo_on_trio() -> None:
    client = TestClient(app, backend="trio")  # the event loop the application runs on
    with client.websocket_connect("/echo") as websocket:
        websocket.send_text("hi")
        assert websocket.receive_text() == "echo: hi"

import pytest

from tether.testing import TestClient, WebSocketTimeoutError

from app import app


def test_timeout() -> None:
    client = TestClient(app, receive_timeout=1.0)
    with client.websocket_connect("/echo") as websocket:
        with pytest.raises(WebSocketTimeoutError):
            websocket.receive_text(timeout=0.1)  # the echo endpoint never speaks first

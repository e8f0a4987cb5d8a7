import pytest

from tether.testing import TestClient, WebSocketDenialResponse

from chat_app import app


def test_denial() -> None:
    client = TestClient(app)
    with pytest.raises(WebSocketDenialResponse) as info:
        with client.websocket_connect("/private"):
            pass
    assert info.value.status_code == 401
    assert info.value.text == "missing or wrong token"

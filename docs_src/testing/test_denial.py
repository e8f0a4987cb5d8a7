import pytest

from tether.testing import TestClient, WebSocketDenialResponse

from chat_app import app


@pytest.mark.anyio
async def test_denial() -> None:
    client = TestClient(app)
    with pytest.raises(WebSocketDenialResponse) as info:
        async with client.websocket_connect("/private"):
            pass
    assert info.value.status_code == 401
    assert info.value.body == b"missing or wrong token"

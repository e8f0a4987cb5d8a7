"""The echo endpoints that `load.py` serves with uvicorn: tether's and Starlette's.

Each accepts the connection and sends back every text message it receives, prefixed with
the client's number taken from the path, until the client disconnects.
"""

from __future__ import annotations

from starlette.routing import WebSocketRoute as StarletteWebSocketRoute
from starlette.websockets import WebSocket as StarletteWebSocket
from starlette.websockets import WebSocketDisconnect as StarletteWebSocketDisconnect

from tether.routing import Router, WebSocketRoute
from tether.websockets import WebSocket


async def tether_echo(websocket: WebSocket) -> None:
    client = websocket.path_params["client"]
    await websocket.accept()
    async for text in websocket.iter_text():
        await websocket.send_text(f"{client}:{text}")


async def starlette_echo(websocket: StarletteWebSocket) -> None:
    client = websocket.path_params["client"]
    await websocket.accept()
    try:
        while True:
            text = await websocket.receive_text()
            await websocket.send_text(f"{client}:{text}")
    except StarletteWebSocketDisconnect:
        pass


tether_app = Router([WebSocketRoute("/echo/{client}", tether_echo)])
starlette_app = StarletteWebSocketRoute("/echo/{client}", starlette_echo)

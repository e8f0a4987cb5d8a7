from tether.routing import Router, WebSocketRoute
from tether.websockets import WebSocket


async def prices(websocket: WebSocket) -> None:
    await websocket.accept()
    request = await websocket.receive_json()
    await websocket.send_json({"symbol": request["symbol"], "price": 42.0})
    await websocket.send_json({"note": "même prix"}, mode="binary")


app = Router(routes=[WebSocketRoute("/prices", prices)])

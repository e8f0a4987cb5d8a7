from tether.routing import Router, WebSocketRoute
from tether.websockets import WebSocket


async def session(websocket: WebSocket) -> None:
    await websocket.accept()
    await websocket.close(code=4000, reason="session expired")


app = Router(routes=[WebSocketRoute("/session", session)])

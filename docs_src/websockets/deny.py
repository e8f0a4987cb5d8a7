from tether.routing import Router, WebSocketRoute
from tether.websockets import WebSocket


async def private(websocket: WebSocket) -> None:
    if websocket.headers.get("authorization") != "Bearer let-me-in":
        await websocket.deny(401, "missing or wrong token")
        return
    await websocket.accept()


app = Router(routes=[WebSocketRoute("/private", private)])

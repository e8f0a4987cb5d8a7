from tether.routing import Router, WebSocketRoute
from tether.websockets import WebSocket


async def chat(websocket: WebSocket) -> None:
    offered = websocket.scope.get("subprotocols", [])
    await websocket.accept(subprotocol="chat.v2" if "chat.v2" in offered else None)
    await websocket.close(code=4000)


async def private(websocket: WebSocket) -> None:
    if websocket.headers.get("authorization") != "Bearer let-me-in":
        await websocket.deny(401, "missing or wrong token")
        return
    await websocket.accept()


app = Router(routes=[WebSocketRoute("/chat", chat), WebSocketRoute("/private", private)])

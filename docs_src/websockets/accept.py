from tether.routing import Router, WebSocketRoute
from tether.websockets import WebSocket


async def chat(websocket: WebSocket) -> None:
    offered = websocket.scope.get("subprotocols", [])
    subprotocol = "chat.v2" if "chat.v2" in offered else None
    await websocket.accept(subprotocol=subprotocol, headers=[(b"x-server", b"tether")])


app = Router(routes=[WebSocketRoute("/chat", chat)])

from tether.routing import Router, WebSocketRoute
from tether.websockets import WebSocket


async def hello(websocket: WebSocket) -> None:
    await websocket.accept()
    name = await websocket.receive_text()
    await websocket.send_text(f"Hello, {name}!")
    await websocket.close()


app = Router(routes=[WebSocketRoute("/hello", hello)])

from tether.routing import Router, WebSocketRoute
from tether.websockets import WebSocket


async def echo(websocket: WebSocket) -> None:
    await websocket.accept()
    async for text in websocket.iter_text():
        await websocket.send_text(f"echo: {text}")


app = Router(routes=[WebSocketRoute("/echo", echo)])

from tether.routing import Router, WebSocketRoute
from tether.websockets import WebSocket


async def echo(websocket: WebSocket) -> None:
    await websocket.accept()
    async for text in websocket.iter_text():
        await websocket.send_text(text)
    print(websocket.close_code, websocket.close_reason)


app = Router(routes=[WebSocketRoute("/echo", echo)])

from tether.routing import Router, WebSocketRoute
from tether.websockets import WebSocket, WebSocketDisconnect


async def counter(websocket: WebSocket) -> None:
    await websocket.accept()
    count = 0
    try:
        while True:
            await websocket.receive_text()
            count += 1
            await websocket.send_text(str(count))
    except WebSocketDisconnect as exc:
        print(exc)  # WebSocket disconnected with code 1001 (going away)


app = Router(routes=[WebSocketRoute("/counter", counter)])

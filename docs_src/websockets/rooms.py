from tether.routing import Router, WebSocketRoute
from tether.websockets import WebSocket


async def room(websocket: WebSocket) -> None:
    number = websocket.path_params["number"]  # an int
    await websocket.accept()
    await websocket.send_text(str(websocket.url_for("room", number=number + 1)))


app = Router(routes=[WebSocketRoute("/rooms/{number:int}", room, name="room")])

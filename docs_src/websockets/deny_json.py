from starlette.responses import JSONResponse

from tether.routing import Router, WebSocketRoute
from tether.websockets import WebSocket


async def private_json(websocket: WebSocket) -> None:
    await websocket.send_denial_response(JSONResponse({"error": "forbidden"}, status_code=403))


app = Router(routes=[WebSocketRoute("/private", private_json)])

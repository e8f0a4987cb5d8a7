from tether.routing import Router, WebSocketRoute
from tether.websockets import WebSocketClose

app = Router(routes=[WebSocketRoute("/old", WebSocketClose(code=4404, reason="moved"))])

"""tether: a complete WebSocket and HTTPConnection for ASGI applications."""

__all__: list[str] = []

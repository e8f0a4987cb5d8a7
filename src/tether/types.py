"""Type aliases for the ASGI interface that tether speaks."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

__all__ = ["ASGIApp", "Message", "Receive", "Scope", "Send"]

Scope = MutableMapping[str, Any]
"""The connection scope an ASGI server passes to the application."""

Message = MutableMapping[str, Any]
"""One event received from, or sent to, the ASGI server."""

Receive = Callable[[], Awaitable[Message]]
"""The awaitable callable that yields the next message from the server."""

Send = Callable[[Message], Awaitable[None]]
"""The awaitable callable that hands one message to the server."""

ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]
"""An ASGI 3 application: ``await app(scope, receive, send)``."""

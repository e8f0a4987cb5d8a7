"""HTTPConnection: the parts of an ASGI scope shared by HTTP requests and WebSockets."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from tether.types import Receive, Scope

__all__ = ["HTTPConnection"]


class HTTPConnection(Mapping[str, Any]):
    """A read-only view of an ``http`` or ``websocket`` ASGI scope.

    Args:
        scope: The ASGI connection scope.
        receive: The ASGI receive callable, if the connection reads messages.

    Raises:
        ValueError: If ``scope["type"]`` is neither ``"http"`` nor ``"websocket"``.
    """

    def __init__(self, scope: Scope, receive: Receive | None = None) -> None:
        scope_type = scope.get("type")
        if scope_type not in ("http", "websocket"):
            raise ValueError(
                f"HTTPConnection needs an 'http' or 'websocket' scope, got type {scope_type!r}"
            )
        self.scope = scope
        self._receive = receive

    def __getitem__(self, key: str) -> Any:
        return self.scope[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.scope)

    def __len__(self) -> int:
        return len(self.scope)

    __eq__ = object.__eq__
    __hash__ = object.__hash__

"""A small chat application: a Router with one WebSocket endpoint and rooms by path.

Protocol, one JSON text message each way:

- connecting to ``/rooms/{room}/{user}`` (offering subprotocol ``chat.v1`` is optional)
  joins the room; every member, the newcomer included, gets
  ``{"event": "join", "user": ..., "members": [...]}``;
- ``{"text": ...}`` is broadcast as ``{"event": "message", "user": ..., "text": ...}``;
- ``{"command": "where"}`` answers ``{"event": "url", "url": <url_for of this route>}``;
- ``{"command": "leave"}`` makes the server close with 1000 "bye";
- anything that is not a JSON text message makes the server close with 1003;
- a user name already in the room is accepted, then closed with 4409;
- leaving broadcasts ``{"event": "leave", "user": ..., "members": [...]}`` to the others.
"""

from __future__ import annotations

import json
from typing import Any

from tether.routing import Router, WebSocketRoute
from tether.websockets import FrameTypeError, WebSocket, WebSocketDisconnect, WebSocketState

SUBPROTOCOL = "chat.v1"


class ChatRooms:
    """The members of every room, by user name, and the chat endpoint."""

    def __init__(self) -> None:
        self.rooms: dict[str, dict[str, WebSocket]] = {}

    async def broadcast(self, room: str, event: dict[str, Any]) -> None:
        """Send an event to every member of a room that is still connected."""
        for member in list(self.rooms.get(room, {}).values()):
            try:
                await member.send_json(event)
            except WebSocketDisconnect:
                continue  # that member is leaving; its own endpoint cleans up

    async def chat(self, websocket: WebSocket) -> None:
        """Serve one member of one room until it leaves."""
        room: str = websocket.path_params["room"]
        user: str = websocket.path_params["user"]
        offered = websocket.scope.get("subprotocols", [])
        await websocket.accept(subprotocol=SUBPROTOCOL if SUBPROTOCOL in offered else None)
        members = self.rooms.setdefault(room, {})
        if user in members:
            await websocket.close(4409, "user name taken")
            return
        members[user] = websocket
        try:
            await self.broadcast(room, {"event": "join", "user": user, "members": sorted(members)})
            await self.serve_member(websocket, room, user)
        finally:
            del members[user]
            if not members:
                del self.rooms[room]
            await self.broadcast(room, {"event": "leave", "user": user, "members": sorted(members)})

    async def serve_member(self, websocket: WebSocket, room: str, user: str) -> None:
        """Handle one member's messages until it disconnects or is closed."""
        # A failed broadcast to this member marks its connection lost: stop then too.
        while websocket.application_state is WebSocketState.CONNECTED:
            try:
                data = await websocket.receive_json()
            except WebSocketDisconnect:
                return
            except (json.JSONDecodeError, FrameTypeError):
                await websocket.close(1003, "expected JSON text")
                return
            command = data.get("command")
            if command == "leave":
                await websocket.close(1000, "bye")
                return
            if command == "where":
                url = websocket.url_for("chat", room=room, user=user)
                await websocket.send_json({"event": "url", "url": str(url)})
            else:
                await self.broadcast(room, {"event": "message", "user": user, "text": data["text"]})


def create_app() -> Router:
    """Build a chat application with no rooms."""
    rooms = ChatRooms()
    return Router([WebSocketRoute("/rooms/{room}/{user}", rooms.chat, name="chat")])

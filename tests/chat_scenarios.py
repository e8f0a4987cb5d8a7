"""Chat scenarios shared by the in-process test and the real-server test.

Each scenario takes a ``connect(path, subprotocols=None)`` callable returning an async
context manager that yields a `ChatSession`, so the very same assertions run against
``tether.testing.AsyncTestClient`` and against the ``websockets`` client talking to uvicorn.
A close by the server must surface as `tether.websockets.WebSocketDisconnect`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from contextlib import AbstractAsyncContextManager, AsyncExitStack
from typing import Any, Protocol

import pytest

from tether.websockets import WebSocketDisconnect


class ChatSession(Protocol):
    """What a scenario needs from a client connection."""

    @property
    def accepted_subprotocol(self) -> str | None: ...

    async def send_text(self, data: str) -> None: ...

    async def send_json(self, data: Any) -> None: ...

    async def receive_json(self) -> Any: ...


class Connect(Protocol):
    def __call__(
        self, path: str, *, subprotocols: Sequence[str] | None = None
    ) -> AbstractAsyncContextManager[ChatSession]: ...


def join(user: str, members: list[str]) -> dict[str, Any]:
    return {"event": "join", "user": user, "members": members}


def leave(user: str, members: list[str]) -> dict[str, Any]:
    return {"event": "leave", "user": user, "members": members}


def said(user: str, text: str) -> dict[str, Any]:
    return {"event": "message", "user": user, "text": text}


async def join_broadcast_and_leave(connect: Connect) -> None:
    async with connect("/rooms/lobby/alice", subprotocols=["chat.v1"]) as alice:
        assert alice.accepted_subprotocol == "chat.v1"
        assert await alice.receive_json() == join("alice", ["alice"])
        async with connect("/rooms/lobby/bob") as bob:
            assert bob.accepted_subprotocol is None
            assert await alice.receive_json() == join("bob", ["alice", "bob"])
            assert await bob.receive_json() == join("bob", ["alice", "bob"])
            await alice.send_json({"text": "hi bob"})
            assert await alice.receive_json() == said("alice", "hi bob")
            assert await bob.receive_json() == said("alice", "hi bob")
        assert await alice.receive_json() == leave("bob", ["alice"])


async def broadcast_reaches_every_member_in_order(connect: Connect) -> None:
    names = ["ann", "ben", "cat"]
    async with AsyncExitStack() as stack:
        sessions: list[ChatSession] = []
        for index, name in enumerate(names):
            session = await stack.enter_async_context(connect(f"/rooms/big/{name}"))
            sessions.append(session)
            for member in sessions:
                assert await member.receive_json() == join(name, sorted(names[: index + 1]))
        for name, session in zip(names, sessions, strict=True):
            await session.send_json({"text": f"{name} here"})
            for member in sessions:
                assert await member.receive_json() == said(name, f"{name} here")


async def rooms_are_separate(connect: Connect) -> None:
    async with connect("/rooms/red/ann") as ann, connect("/rooms/blue/bob") as bob:
        assert await ann.receive_json() == join("ann", ["ann"])
        assert await bob.receive_json() == join("bob", ["bob"])
        await ann.send_json({"text": "red only"})
        assert await ann.receive_json() == said("ann", "red only")
        await bob.send_json({"text": "blue only"})
        assert await bob.receive_json() == said("bob", "blue only")


async def url_for_names_the_websocket_route(connect: Connect) -> None:
    async with connect("/rooms/lobby/ann") as ann:
        await ann.receive_json()
        await ann.send_json({"command": "where"})
        reply = await ann.receive_json()
        assert reply["event"] == "url"
        assert reply["url"].startswith("ws://")
        assert reply["url"].endswith("/rooms/lobby/ann")


async def server_closes_with_codes(connect: Connect) -> None:
    async with connect("/rooms/lobby/ann") as ann:
        await ann.receive_json()
        async with connect("/rooms/lobby/ann") as impostor:
            with pytest.raises(WebSocketDisconnect) as info:
                await impostor.receive_json()
            assert (info.value.code, info.value.reason) == (4409, "user name taken")
        async with connect("/rooms/lobby/bob") as bob:
            assert await bob.receive_json() == join("bob", ["ann", "bob"])
            assert await ann.receive_json() == join("bob", ["ann", "bob"])
            await bob.send_text("not json")
            with pytest.raises(WebSocketDisconnect) as info:
                await bob.receive_json()
            assert (info.value.code, info.value.reason) == (1003, "expected JSON text")
        assert await ann.receive_json() == leave("bob", ["ann"])
        await ann.send_json({"command": "leave"})
        with pytest.raises(WebSocketDisconnect) as info:
            await ann.receive_json()
        assert (info.value.code, info.value.reason) == (1000, "bye")


SCENARIOS: list[Callable[[Connect], Awaitable[None]]] = [
    join_broadcast_and_leave,
    broadcast_reaches_every_member_in_order,
    rooms_are_separate,
    url_for_names_the_websocket_route,
    server_closes_with_codes,
]
"""Every scenario, for ``pytest.mark.parametrize``."""

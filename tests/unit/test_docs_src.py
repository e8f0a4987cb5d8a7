"""Every example file under docs_src/ (what the guides include) runs and does what the page says.

The WebSocket guide's applications run through the in-process test client; the testing
guide's files are tests themselves, run by pytest in a subprocess. A file without a check
here fails the first test, so no example on the site can rot unnoticed.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tether.testing import AsyncTestClient, WebSocketDenialResponse
from tether.websockets import WebSocketDisconnect

DOCS_SRC = Path(__file__).resolve().parents[2] / "docs_src"
WEBSOCKETS = DOCS_SRC / "websockets"
TESTING = DOCS_SRC / "testing"

Check = Callable[[AsyncTestClient, pytest.CaptureFixture[str]], Awaitable[None]]
CHECKS: dict[str, Check] = {}


def check(name: str) -> Callable[[Check], Check]:
    def register(function: Check) -> Check:
        CHECKS[name] = function
        return function

    return register


def load(path: Path) -> ModuleType:
    """Import an example file as a module of its own, without touching sys.path."""
    spec = importlib.util.spec_from_file_location(f"docs_src_{path.stem}", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@check("hello.py")
async def hello(client: AsyncTestClient, capsys: Any) -> None:
    async with client.websocket_connect("/hello") as websocket:
        await websocket.send_text("Ada")
        assert await websocket.receive_text() == "Hello, Ada!"
        with pytest.raises(WebSocketDisconnect) as info:
            await websocket.receive_text()
    assert info.value.code == 1000


@check("accept.py")
async def accept(client: AsyncTestClient, capsys: Any) -> None:
    async with client.websocket_connect("/chat", subprotocols=["chat.v1", "chat.v2"]) as ws:
        assert ws.accepted_subprotocol == "chat.v2"
        assert ws.extra_headers == [(b"x-server", b"tether")]
    async with client.websocket_connect("/chat") as ws:
        assert ws.accepted_subprotocol is None


@check("counter.py")
async def counter(client: AsyncTestClient, capsys: Any) -> None:
    async with client.websocket_connect("/counter") as websocket:
        for expected in ("1", "2"):
            await websocket.send_text("tick")
            assert await websocket.receive_text() == expected
        await websocket.close(1001)
    assert capsys.readouterr().out == "WebSocket disconnected with code 1001 (going away)\n"


@check("echo.py")
async def echo(client: AsyncTestClient, capsys: Any) -> None:
    async with client.websocket_connect("/echo") as websocket:
        await websocket.send_text("hi")
        assert await websocket.receive_text() == "hi"
        await websocket.close(4001, "done")
    assert capsys.readouterr().out == "4001 done\n"


@check("prices.py")
async def prices(client: AsyncTestClient, capsys: Any) -> None:
    async with client.websocket_connect("/prices") as websocket:
        await websocket.send_json({"symbol": "TTH"})
        assert await websocket.receive_json() == {"symbol": "TTH", "price": 42.0}
        assert await websocket.receive_json(mode="binary") == {"note": "même prix"}


@check("close.py")
async def close(client: AsyncTestClient, capsys: Any) -> None:
    async with client.websocket_connect("/session") as websocket:
        with pytest.raises(WebSocketDisconnect) as info:
            await websocket.receive_text()
    assert (info.value.code, info.value.reason) == (4000, "session expired")


@check("deny.py")
async def deny(client: AsyncTestClient, capsys: Any) -> None:
    with pytest.raises(WebSocketDenialResponse) as info:
        async with client.websocket_connect("/private"):
            pass
    assert (info.value.status_code, info.value.body) == (401, b"missing or wrong token")
    headers = {"authorization": "Bearer let-me-in"}
    async with client.websocket_connect("/private", headers=headers) as websocket:
        assert websocket.accepted_subprotocol is None


@check("deny_json.py")
async def deny_json(client: AsyncTestClient, capsys: Any) -> None:
    with pytest.raises(WebSocketDenialResponse) as info:
        async with client.websocket_connect("/private"):
            pass
    assert (info.value.status_code, info.value.body) == (403, b'{"error":"forbidden"}')


@check("websocket_close.py")
async def websocket_close(client: AsyncTestClient, capsys: Any) -> None:
    with pytest.raises(WebSocketDisconnect) as info:
        async with client.websocket_connect("/old"):
            pass
    assert (info.value.code, info.value.reason) == (4404, "moved")


@check("rooms.py")
async def rooms(client: AsyncTestClient, capsys: Any) -> None:
    async with client.websocket_connect("/rooms/7") as websocket:
        assert await websocket.receive_text() == "ws://testserver/rooms/8"


def test_every_websocket_guide_example_has_a_check() -> None:
    assert sorted(path.name for path in WEBSOCKETS.glob("*.py")) == sorted(CHECKS)


@pytest.mark.anyio
@pytest.mark.parametrize("name", sorted(CHECKS))
async def test_websocket_guide_example(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    app = load(WEBSOCKETS / name).app
    await CHECKS[name](AsyncTestClient(app), capsys)


def test_the_testing_guide_examples_pass_as_tests() -> None:
    tests = sorted(path.name for path in TESTING.glob("test_*.py"))
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:randomly"]
        + [str(TESTING / name) for name in tests],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    # Every test function ran, on asyncio and on trio where it is async.
    assert "\n9 passed in" in result.stdout, result.stdout
    assert "skipped" not in result.stdout

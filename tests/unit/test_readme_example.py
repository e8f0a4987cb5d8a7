"""The README's example endpoint runs as written."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from tether.testing import AsyncTestClient

README = Path(__file__).resolve().parents[2] / "README.md"


def readme_app() -> Any:
    (code,) = re.findall(r"```python\n(.*?)```", README.read_text("utf-8"), re.DOTALL)
    namespace: dict[str, Any] = {}
    exec(compile(code, str(README), "exec"), namespace)
    return namespace["app"]


@pytest.mark.anyio
async def test_the_readme_echo_endpoint(capsys: pytest.CaptureFixture[str]) -> None:
    client = AsyncTestClient(readme_app())
    async with client.websocket_connect("/echo") as websocket:
        await websocket.send_text("hi")
        assert await websocket.receive_text() == "echo: hi"
        await websocket.close(4001)
    assert capsys.readouterr().out == "client left with code 4001\n"

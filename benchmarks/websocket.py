"""Per-message cost of an in-process WebSocket echo loop: tether, Starlette and raw ASGI.

Each loop accepts the connection, then receives and sends back N messages, for text and
for JSON. All three implementations get the same trivial in-memory ``receive`` and
``send`` callables, so the differences are the wrappers' own cost. The raw loops use the
ASGI callables directly; the raw JSON loop decodes with ``json.loads`` and encodes with
``json.dumps`` (compact separators, non-ASCII kept), the standard library way.

Targets (the process exits with status 1 when one is missed):

- text: tether's overhead over raw is at most 0.6 times Starlette's overhead over raw, and
  tether's whole loop at most 0.6 times Starlette's;
- JSON: tether's loop takes at most 1.05 times the raw loop.

Run it with ``python benchmarks/websocket.py [--messages N] [--repeat R]``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from collections.abc import Callable, Coroutine
from typing import Any

from starlette.websockets import WebSocket as StarletteWebSocket

from tether import websockets as tether_websockets

Message = dict[str, Any]
Loop = Callable[[Message, Any, Any, int], Coroutine[Any, Any, None]]

SCOPE: Message = {"type": "websocket", "path": "/", "headers": [], "subprotocols": []}
TEXT = "hello, websocket"
JSON_VALUE = {"user": "ana", "text": "hola, ¿qué tal?", "n": 42, "tags": ["a", "b"]}

TEXT_TARGET = 0.6
JSON_TARGET = 1.05


def make_fakes(frame: Message, count: int) -> tuple[Any, Any, list[Message]]:
    """Build a ``receive`` giving connect, ``count`` frames, then disconnects; and a ``send``."""
    messages = iter([{"type": "websocket.connect"}] + [frame] * count)
    sent: list[Message] = []

    async def receive() -> Message:
        return next(messages, {"type": "websocket.disconnect", "code": 1000})

    async def send(message: Message) -> None:
        sent.append(message)

    return receive, send, sent


async def raw_text(scope: Message, receive: Any, send: Any, count: int) -> None:
    await receive()
    await send({"type": "websocket.accept"})
    for _ in range(count):
        message = await receive()
        await send({"type": "websocket.send", "text": message["text"]})


async def raw_json(scope: Message, receive: Any, send: Any, count: int) -> None:
    await receive()
    await send({"type": "websocket.accept"})
    for _ in range(count):
        message = await receive()
        data = json.loads(message["text"])
        text = json.dumps(data, separators=(",", ":"), ensure_ascii=False)
        await send({"type": "websocket.send", "text": text})


async def i18ndocs_text(scope: Message, receive: Any, send: Any, count: int) -> None:
    websocket = tether_websockets.WebSocket(scope, receive, send)
    await websocket.accept()
    for _ in range(count):
        await websocket.send_text(await websocket.receive_text())


async def tether_json(scope: Message, receive: Any, send: Any, count: int) -> None:
    websocket = tether_websockets.WebSocket(scope, receive, send)
    await websocket.accept()
    for _ in range(count):
        await websocket.send_json(await websocket.receive_json())


async def starlette_text(scope: Message, receive: Any, send: Any, count: int) -> None:
    websocket: StarletteWebSocket = StarletteWebSocket(scope, receive, send)
    await websocket.accept()
    for _ in range(count):
        await websocket.send_text(await websocket.receive_text())


async def starlette_json(scope: Message, receive: Any, send: Any, count: int) -> None:
    websocket: StarletteWebSocket = StarletteWebSocket(scope, receive, send)
    await websocket.accept()
    for _ in range(count):
        await websocket.send_json(await websocket.receive_json())


def time_loop(loop: Loop, frame: Message, count: int, repeat: int) -> float:
    """Return the best per-message time in nanoseconds of ``repeat`` runs of ``loop``."""
    best = float("inf")
    for _ in range(repeat):
        receive, send, sent = make_fakes(frame, count)
        coroutine = loop(dict(SCOPE), receive, send, count)
        start = time.perf_counter_ns()
        # The fakes never suspend, so one step runs the whole loop without an event loop.
        try:
            coroutine.send(None)
        except StopIteration:
            elapsed = time.perf_counter_ns() - start
        else:
            coroutine.close()
            raise SystemExit(f"{loop.__name__} suspended, but the fakes never block")
        if len(sent) != count + 1:
            raise SystemExit(f"{loop.__name__} echoed {len(sent) - 1} of {count} messages")
        best = min(best, elapsed / count)
    return best


def check_echo() -> None:
    """Check on a real event loop that the three JSON loops send identical frames."""
    frame = {"type": "websocket.receive", "text": json.dumps(JSON_VALUE)}
    outputs = []
    for loop in (raw_json, tether_json, starlette_json):
        receive, send, sent = make_fakes(frame, 3)
        asyncio.run(loop(dict(SCOPE), receive, send, 3))
        outputs.append([message.get("text") for message in sent[1:]])
    if not outputs[0] == outputs[1] == outputs[2]:
        raise SystemExit(f"the JSON loops disagree: {outputs}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=20_000, help="messages per run")
    parser.add_argument("--repeat", type=int, default=15, help="runs per loop; the best counts")
    args = parser.parse_args()
    check_echo()

    text_frame = {"type": "websocket.receive", "text": TEXT}
    json_frame = {"type": "websocket.receive", "text": json.dumps(JSON_VALUE)}
    loops = {
        ("text", "raw"): (raw_text, text_frame),
        ("text", "starlette"): (starlette_text, text_frame),
        ("text", "tether"): (i18ndocs_text, text_frame),
        ("json", "raw"): (raw_json, json_frame),
        ("json", "starlette"): (starlette_json, json_frame),
        ("json", "tether"): (tether_json, json_frame),
    }
    best = {key: float("inf") for key in loops}
    # Interleave the runs so that noise from other processes spreads over every loop.
    for _ in range(args.repeat):
        for key, (loop, frame) in loops.items():
            best[key] = min(best[key], time_loop(loop, frame, args.messages, 1))

    print(f"per-message time, best of {args.repeat} runs of {args.messages} messages")
    for kind in ("text", "json"):
        raw = best[kind, "raw"]
        for name in ("raw", "starlette", "tether"):
            value = best[kind, name]
            print(f"  {kind:<4} {name:<9} {value:8.1f} ns  ({value / raw:.3f}x raw)")

    text_overhead = (best["text", "tether"] - best["text", "raw"]) / (
        best["text", "starlette"] - best["text", "raw"]
    )
    text_ratio = best["text", "tether"] / best["text", "starlette"]
    json_ratio = best["json", "tether"] / best["json", "raw"]
    text_ok = text_overhead <= TEXT_TARGET and text_ratio <= TEXT_TARGET
    json_ok = json_ratio <= JSON_TARGET
    print(
        f"text: tether overhead / starlette overhead = {text_overhead:.3f}, "
        f"tether / starlette = {text_ratio:.3f} (target for both <= {TEXT_TARGET}): "
        f"{'ok' if text_ok else 'MISSED'}"
    )
    print(
        f"json: tether / raw = {json_ratio:.3f} (target <= {JSON_TARGET}): "
        f"{'ok' if json_ok else 'MISSED'}"
    )
    return 0 if text_ok and json_ok else 1


if __name__ == "__main__":
    sys.exit(main())

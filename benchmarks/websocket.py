"""Per-message cost of an in-process WebSocket echo loop: tether, Starlette and raw ASGI.

Each loop accepts the connection, then receives and sends back N messages, for text and
for JSON. All implementations get the same trivial in-memory ``receive`` and ``send``
callables, so the differences are the wrappers' own cost. The raw loops use the ASGI
callables directly; the raw JSON loop decodes with ``json.loads`` and encodes with
``json.dumps`` (compact separators, non-ASCII kept), the standard library way. Tether's
JSON loop runs twice, once with each codec of `tether._json`: the standard library's
``json``, and orjson (the ``fast`` extra). For reference, the text loop also runs through
two wrappers without a single check: one whose ``receive_text`` and ``send_text`` are bare
coroutines, what any wrapper keeping those two methods coroutines costs at least; and one
whose ``send_text`` is a plain function handing back the server's own awaitable, leaving
``receive_text`` the only coroutine of its own: what any wrapper costs at least whose
``receive_text`` inspects the message (a coroutine is the cheapest way to await the server's
``receive`` and turn its message into text). Each loop is timed by the thread's CPU time.

Targets (the process exits with status 1 when one is missed):

- text: tether's loop takes at most 0.35 times Starlette's;
- JSON with ``json``: tether's loop takes at most 1.05 times the raw loop;
- JSON with orjson: tether's loop takes at most 0.5 times the raw (standard library) loop.

Run it with ``python benchmarks/websocket.py [--messages N] [--repeat R]``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from starlette.websockets import WebSocket as StarletteWebSocket

from tether import _json as tether_codecs
from tether import websockets as tether_websockets

Message = dict[str, Any]
Loop = Callable[[Message, Any, Any, int], Coroutine[Any, Any, None]]

SCOPE: Message = {"type": "websocket", "path": "/", "headers": [], "subprotocols": []}
TEXT = "hello, websocket"
JSON_VALUE = {"user": "ana", "text": "hola, ¿qué tal?", "n": 42, "tags": ["a", "b"]}

TEXT_TARGET = 0.35
JSON_TARGET = 1.05
FAST_JSON_TARGET = 0.5


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


class BareWebSocket:
    """receive_text and send_text as bare coroutines: the floor of any such wrapper."""

    def __init__(self, scope: Message, receive: Any, send: Any) -> None:
        self._receive = receive
        self._send = send

    async def accept(self) -> None:
        await self._receive()
        await self._send({"type": "websocket.accept"})

    async def receive_text(self) -> str:
        text: str = (await self._receive())["text"]
        return text

    async def send_text(self, data: str) -> None:
        await self._send({"type": "websocket.send", "text": data})


class OneCoroutineWebSocket(BareWebSocket):
    """receive_text a bare coroutine, send_text a plain function: the floor of any wrapper."""

    def send_text(self, data: str) -> Awaitable[None]:
        awaitable: Awaitable[None] = self._send({"type": "websocket.send", "text": data})
        return awaitable


async def one_coroutine_text(scope: Message, receive: Any, send: Any, count: int) -> None:
    websocket = OneCoroutineWebSocket(scope, receive, send)
    await websocket.accept()
    for _ in range(count):
        await websocket.send_text(await websocket.receive_text())


async def bare_text(scope: Message, receive: Any, send: Any, count: int) -> None:
    websocket = BareWebSocket(scope, receive, send)
    await websocket.accept()
    for _ in range(count):
        await websocket.send_text(await websocket.receive_text())


async def tether_text(scope: Message, receive: Any, send: Any, count: int) -> None:
    websocket = tether_websockets.WebSocket(scope, receive, send)
    await websocket.accept()
    for _ in range(count):
        await websocket.send_text(await websocket.receive_text())


async def tether_json(scope: Message, receive: Any, send: Any, count: int) -> None:
    websocket = tether_websockets.WebSocket(scope, receive, send)
    await websocket.accept()
    for _ in range(count):
        await websocket.send_json(await websocket.receive_json())


def with_codec(name: str) -> Loop:
    """tether's JSON loop with the given codec of `tether._json` chosen before it starts."""

    def loop(scope: Message, receive: Any, send: Any, count: int) -> Coroutine[Any, Any, None]:
        tether_json_codec(name)
        return tether_json(scope, receive, send, count)

    loop.__name__ = f"tether_json_{name}"
    return loop


def tether_json_codec(name: str) -> None:
    if tether_codecs.use(name) != name:
        raise SystemExit(f"tether's {name} codec is not available")


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
        # The thread's CPU time, not the wall clock: on a machine shared with other processes
        # the time spent descheduled would count for whichever loop was running then.
        start = time.thread_time_ns()
        # The fakes never suspend, so one step runs the whole loop without an event loop.
        try:
            coroutine.send(None)
        except StopIteration:
            elapsed = time.thread_time_ns() - start
        else:
            coroutine.close()
            raise SystemExit(f"{loop.__name__} suspended, but the fakes never block")
        if len(sent) != count + 1:
            raise SystemExit(f"{loop.__name__} echoed {len(sent) - 1} of {count} messages")
        best = min(best, elapsed / count)
    return best


def check_echo(codecs: list[str]) -> None:
    """Check on a real event loop that the JSON loops send identical frames."""
    frame = {"type": "websocket.receive", "text": json.dumps(JSON_VALUE)}
    outputs = []
    for loop in (raw_json, starlette_json, *(with_codec(name) for name in codecs)):
        receive, send, sent = make_fakes(frame, 3)
        asyncio.run(loop(dict(SCOPE), receive, send, 3))
        outputs.append([message.get("text") for message in sent[1:]])
    if any(output != outputs[0] for output in outputs):
        raise SystemExit(f"the JSON loops disagree: {outputs}")


def fast_codec_available() -> bool:
    try:
        tether_codecs.use("orjson")
    except ImportError as error:
        print(f"orjson cannot be used ({error}); install tether[fast]")
        return False
    return True


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=20_000, help="messages per run")
    parser.add_argument("--repeat", type=int, default=15, help="runs per loop; the best counts")
    args = parser.parse_args()
    fast = fast_codec_available()
    codecs = ["json", "orjson"] if fast else ["json"]
    check_echo(codecs)

    text_frame = {"type": "websocket.receive", "text": TEXT}
    json_frame = {"type": "websocket.receive", "text": json.dumps(JSON_VALUE)}
    loops: dict[tuple[str, str], tuple[Loop, Message]] = {
        ("text", "raw"): (raw_text, text_frame),
        ("text", "bare"): (bare_text, text_frame),
        ("text", "one-coroutine"): (one_coroutine_text, text_frame),
        ("text", "starlette"): (starlette_text, text_frame),
        ("text", "tether"): (tether_text, text_frame),
        ("json", "raw"): (raw_json, json_frame),
        ("json", "starlette"): (starlette_json, json_frame),
    }
    for name in codecs:
        loops["json", f"tether/{name}"] = (with_codec(name), json_frame)
    best = {key: float("inf") for key in loops}
    # Interleave the runs so that noise from other processes spreads over every loop.
    for _ in range(args.repeat):
        for key, (loop, frame) in loops.items():
            best[key] = min(best[key], time_loop(loop, frame, args.messages, 1))

    print(f"per-message time, best of {args.repeat} runs of {args.messages} messages")
    for kind, name in loops:
        value = best[kind, name]
        raw, starlette = best[kind, "raw"], best[kind, "starlette"]
        print(
            f"  {kind:<4} {name:<13} {value:8.1f} ns  ({value / raw:.3f}x raw, "
            f"{value / starlette:.3f}x starlette)"
        )

    text_ratio = best["text", "tether"] / best["text", "starlette"]
    bare_ratio = best["text", "bare"] / best["text", "starlette"]
    one_ratio = best["text", "one-coroutine"] / best["text", "starlette"]
    json_ratio = best["json", "tether/json"] / best["json", "raw"]
    results = [
        report("text: tether / starlette", text_ratio, TEXT_TARGET),
        report("json: tether with json / raw", json_ratio, JSON_TARGET),
    ]
    print(f"      (bare coroutines / starlette = {bare_ratio:.3f}: two coroutines, no check)")
    print(f"      (one coroutine / starlette = {one_ratio:.3f}: the floor of any wrapper)")
    if fast:
        fast_ratio = best["json", "tether/orjson"] / best["json", "raw"]
        results.append(report("json: tether with orjson / raw", fast_ratio, FAST_JSON_TARGET))
    else:
        target = FAST_JSON_TARGET
        print(f"json: tether with orjson / raw: not measured (target <= {target}): MISSED")
        results.append(False)
    return 0 if all(results) else 1


def report(what: str, ratio: float, target: float) -> bool:
    """Print one ratio against its target; return whether it is met."""
    met = ratio <= target
    print(f"{what} = {ratio:.3f} (target <= {target}): {'ok' if met else 'MISSED'}")
    return met


if __name__ == "__main__":
    sys.exit(main())

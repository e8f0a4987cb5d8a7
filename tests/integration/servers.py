"""Run an ASGI application under a real server on 127.0.0.1, in a background thread.

Usage::

    with serve(app, "hypercorn") as base_url:  # "ws://127.0.0.1:PORT"
        ...

`SERVERS` lists every server name `serve` knows, for ``pytest.mark.parametrize``:

- ``"uvicorn-websockets"``: uvicorn with its current websockets-based implementation,
  ``ws="websockets-sansio"`` (what ``ws="auto"`` picks);
- ``"uvicorn-websockets-legacy"``: uvicorn's deprecated ``ws="websockets"``
  implementation, built on the legacy API of the websockets library;
- ``"uvicorn-wsproto"``: uvicorn with ``ws="wsproto"``;
- ``"hypercorn"``: hypercorn on asyncio.

Each server listens on a socket bound here to a free port, so there is no race for the
port and connections queue on it from the start; `serve` returns once the server runs
and stops it on exit, both within `TIMEOUT` seconds. The applications get no lifespan
events.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import socket
import threading
import time
import warnings
from collections.abc import Callable, Iterator

import uvicorn
from hypercorn.asyncio import serve as hypercorn_serve
from hypercorn.config import Config as HypercornConfig

from tether.types import ASGIApp, Receive, Scope, Send

__all__ = ["SERVERS", "TIMEOUT", "serve"]

SERVERS = ("uvicorn-websockets", "uvicorn-websockets-legacy", "uvicorn-wsproto", "hypercorn")
TIMEOUT = 10.0

_UVICORN_WS = {
    "uvicorn-websockets": "websockets-sansio",
    "uvicorn-websockets-legacy": "websockets",
    "uvicorn-wsproto": "wsproto",
}
_UVICORN_LEGACY_MODULE = "uvicorn.protocols.websockets.websockets_impl"


@contextlib.contextmanager
def serve(app: ASGIApp, server: str) -> Iterator[str]:
    """Serve ``app`` with ``server`` on a free port of 127.0.0.1 while the block runs.

    Args:
        app: The ASGI application.
        server: One of `SERVERS`.

    Yields:
        The base URL of the server, ``ws://127.0.0.1:PORT``.

    Raises:
        ValueError: If ``server`` is not one of `SERVERS`.
        RuntimeError: If the server does not start or stop within `TIMEOUT` seconds.
    """
    if server not in SERVERS:
        raise ValueError(f"unknown server {server!r}; expected one of {SERVERS}")
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    if server == "hypercorn":
        runner = _run_hypercorn(_answer_lifespan(app), sock)
    else:
        runner = _run_uvicorn(app, _UVICORN_WS[server], sock)
    with runner:
        yield f"ws://127.0.0.1:{port}"


@contextlib.contextmanager
def _run_uvicorn(app: ASGIApp, ws: str, sock: socket.socket) -> Iterator[None]:
    """Run uvicorn in a thread on ``sock``; its main loop exits when ``should_exit`` is set."""
    if ws == "websockets":
        # Importing the deprecated implementation warns; import it once, quietly, here.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            warnings.simplefilter("ignore", UserWarning)
            importlib.import_module(_UVICORN_LEGACY_MODULE)
    config = uvicorn.Config(
        app,
        ws=ws,
        lifespan="off",
        log_level="warning",
        timeout_graceful_shutdown=2,
    )
    server = uvicorn.Server(config)
    # Server.run installs no signal handlers outside the main thread.
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        _wait_for(lambda: server.started or not thread.is_alive(), "uvicorn to start")
        if not server.started:
            raise RuntimeError("uvicorn exited during startup")
        yield
    finally:
        server.should_exit = True
        thread.join(TIMEOUT)
        sock.close()
        if thread.is_alive():
            raise RuntimeError(f"uvicorn did not stop within {TIMEOUT} seconds")


@contextlib.contextmanager
def _run_hypercorn(app: ASGIApp, sock: socket.socket) -> Iterator[None]:
    """Run hypercorn in a thread with its own event loop, serving the listening ``sock``."""
    config = HypercornConfig()
    sock.listen()
    config.bind = [f"fd://{sock.detach()}"]
    config.loglevel = "WARNING"
    config.graceful_timeout = 2
    started = threading.Event()
    loop: asyncio.AbstractEventLoop | None = None
    stop: asyncio.Event | None = None

    async def main() -> None:
        nonlocal loop, stop
        loop = asyncio.get_running_loop()
        stop = asyncio.Event()
        started.set()
        await hypercorn_serve(app, config, shutdown_trigger=stop.wait)  # type: ignore[arg-type]

    thread = threading.Thread(target=asyncio.run, args=(main(),), daemon=True)
    thread.start()
    try:
        if not started.wait(TIMEOUT):
            raise RuntimeError("hypercorn's event loop did not start")
        yield
    finally:
        if loop is not None and stop is not None and not loop.is_closed():
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(stop.set)
        thread.join(TIMEOUT)
        if thread.is_alive():
            raise RuntimeError(f"hypercorn did not stop within {TIMEOUT} seconds")


def _answer_lifespan(app: ASGIApp) -> ASGIApp:
    """Wrap ``app`` so that lifespan events are acknowledged without reaching it."""

    async def wrapped(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "lifespan":
            await app(scope, receive, send)
            return
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await send({"type": "lifespan.shutdown.complete"})
                return

    return wrapped


def _wait_for(condition: Callable[[], bool], what: str) -> None:
    """Poll ``condition`` until it holds, for at most `TIMEOUT` seconds."""
    deadline = time.monotonic() + TIMEOUT
    while not condition():
        if time.monotonic() > deadline:
            raise RuntimeError(f"timed out after {TIMEOUT} seconds waiting for {what}")
        time.sleep(0.02)

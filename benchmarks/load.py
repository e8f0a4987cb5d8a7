"""Many concurrent WebSocket clients against uvicorn: lost messages and memory per connection.

uvicorn serves `load_app.py`'s echo endpoint in a subprocess on 127.0.0.1, once with
tether and once with Starlette, in turns. For each run, N ``websockets`` clients connect
(all of them before any sends), each sends M numbered messages one after the other and
checks that the echoes come back exactly once and in order; while every connection is
still open, the server's resident memory is read from ``/proc`` and compared with its
memory before the first connection.

Targets (the process exits with status 1 when one is missed):

- no message is lost, duplicated or reordered, for either implementation;
- tether's server memory per connection is at most 1.25 times Starlette's.

Run it with ``python benchmarks/load.py [--connections N] [--messages M] [--repeat R]``
(Linux only: the memory comes from ``/proc``); the defaults are 2,000 x 100.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import resource
import socket
import subprocess
import sys
import time
from pathlib import Path

from websockets.asyncio.client import connect

HERE = Path(__file__).resolve().parent
MEMORY_TARGET = 1.25
STARTUP_TIMEOUT = 20.0
RUN_TIMEOUT = 600.0


def rss_bytes(pid: int) -> int:
    """The resident memory of a process, from ``/proc/PID/status``."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise RuntimeError(f"no VmRSS for process {pid}")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def start_server(app: str, port: int) -> subprocess.Popen[bytes]:
    """Start uvicorn on 127.0.0.1:port and return once it accepts connections."""
    server = subprocess.Popen(
        [
            sys.executable, "-m", "uvicorn", f"load_app:{app}",
            "--app-dir", str(HERE), "--host", "127.0.0.1", "--port", str(port),
            "--log-level", "warning", "--lifespan", "off", "--backlog", "4096",
        ]
    )  # fmt: skip
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"uvicorn exited with status {server.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return server
        except OSError:
            time.sleep(0.05)  # polling for the server to listen
    server.kill()
    raise RuntimeError("uvicorn did not start")


class Gate:
    """Opens once ``count`` clients arrived at it."""

    def __init__(self, count: int) -> None:
        self.missing = count
        self.event = asyncio.Event()

    async def arrive(self) -> None:
        self.missing -= 1
        if self.missing == 0:
            self.event.set()
        await self.event.wait()


async def client(url: str, number: int, messages: int, gates: tuple[Gate, Gate, Gate]) -> int:
    """Run one client; return how many echoes were missing, wrong or out of order."""
    connected, done, release = gates
    pending = [connected, done]  # the gates this client has still to pass
    correct = 0
    try:
        async with connect(f"{url}/echo/{number}", open_timeout=120, max_queue=None) as ws:
            await pending.pop(0).arrive()
            for sequence in range(messages):
                await ws.send(str(sequence))
                if await ws.recv() == f"{number}:{sequence}":
                    correct += 1
            await pending.pop(0).arrive()
            await release.event.wait()
    except Exception:
        # A failed client still passes its gates, so that the others are not held back;
        # whatever it did not receive counts as lost.
        for gate in pending:
            gate.missing -= 1
            if gate.missing == 0:
                gate.event.set()
    return messages - correct


async def run(app: str, connections: int, messages: int) -> tuple[int, float, float]:
    """One run: (lost messages, server memory per connection in bytes, seconds)."""
    port = free_port()
    server = start_server(app, port)
    try:
        baseline = rss_bytes(server.pid)
        gates = (Gate(connections), Gate(connections), Gate(1))
        started = time.perf_counter()
        tasks = [
            asyncio.create_task(client(f"ws://127.0.0.1:{port}", n, messages, gates))
            for n in range(connections)
        ]
        await asyncio.wait_for(gates[1].event.wait(), RUN_TIMEOUT)
        elapsed = time.perf_counter() - started
        loaded = rss_bytes(server.pid)
        gates[2].event.set()
        lost = sum(await asyncio.wait_for(asyncio.gather(*tasks), RUN_TIMEOUT))
        return lost, (loaded - baseline) / connections, elapsed
    finally:
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--connections", type=int, default=2000)
    parser.add_argument("--messages", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=2, help="runs per implementation")
    args = parser.parse_args()
    # Each connection needs a descriptor on both sides: raise the soft limit to the hard one.
    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    os.environ.setdefault("PYTHONUNBUFFERED", "1")

    results: dict[str, list[tuple[int, float, float]]] = {"tether_app": [], "starlette_app": []}
    for _ in range(args.repeat):
        for app, runs in results.items():
            runs.append(asyncio.run(run(app, args.connections, args.messages)))

    print(f"{args.connections} connections x {args.messages} messages, {args.repeat} runs each")
    memory = {}
    lost_total = 0
    for app, runs in results.items():
        lost = sum(result[0] for result in runs)
        lost_total += lost
        memory[app] = min(result[1] for result in runs)
        seconds = min(result[2] for result in runs)
        print(
            f"  {app.removesuffix('_app'):<9} lost {lost:>6}  "
            f"memory/connection {memory[app] / 1024:7.1f} KiB  best run {seconds:5.1f} s"
        )
    ratio = memory["tether_app"] / memory["starlette_app"]
    ok = lost_total == 0 and ratio <= MEMORY_TARGET
    print(
        f"lost messages {lost_total} (target 0); tether / starlette memory per connection = "
        f"{ratio:.3f} (target <= {MEMORY_TARGET}): {'ok' if ok else 'MISSED'}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

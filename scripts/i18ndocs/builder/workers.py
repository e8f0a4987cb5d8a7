"""Running work in child processes that never outlive the build that started them.

Each language builds in a process of its own (MkDocs and its plugins keep global state). A
build killed with SIGKILL cannot clean up after itself, so the children see to it:

* each child holds the read end of a pipe whose write end only the build holds; a thread in
  the child ends it as soon as that pipe reports end-of-file, which the kernel causes when
  the build ends in any way, SIGKILL included (the children's own parent is a fork server
  that outlives the build while children run, so watching the parent is not enough);
* on Linux each child also asks the kernel to kill it when its parent ends
  (``PR_SET_PDEATHSIG``), which covers children started without a fork server.

When the build itself stops early (an exception, Ctrl+C, SIGTERM turned into an exception by
the command line), `run_all` terminates the children it started before returning.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import sys
import threading
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection, wait
from multiprocessing.context import BaseContext
from multiprocessing.process import BaseProcess
from typing import Any, Generic, TypeVar

T = TypeVar("T")
PR_SET_PDEATHSIG = 1


def die_with_parent(alive: Connection) -> None:
    """Make this process end when the build that started it does.

    Args:
        alive: The read end of a pipe whose write end only the build holds: reading it
            ends (EOF) when the build ends, however it ends.
    """
    parent = os.getppid()
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the parent ended before the request took effect
        os._exit(1)

    def watch() -> None:
        with contextlib.suppress(EOFError, OSError):
            alive.recv_bytes()
        os._exit(1)

    threading.Thread(target=watch, name="orphan-guard", daemon=True).start()


def _child(
    connection: Connection, alive: Connection, function: Callable[..., Any], args: tuple[Any, ...]
) -> None:
    """The body of a child process: run the function and send its result back."""
    die_with_parent(alive)
    try:
        connection.send(function(*args))
    finally:
        connection.close()


class Job(Generic[T]):
    """One call to run in a child process.

    Args:
        key: What identifies the job to the caller.
        function: A picklable function returning a picklable result.
        args: Its arguments.
        on_crash: Builds the result to report when the child ends without one.
    """

    def __init__(
        self,
        key: str,
        function: Callable[..., T],
        args: tuple[Any, ...],
        on_crash: Callable[[str], T],
    ) -> None:
        self.key = key
        self.function = function
        self.args = args
        self.on_crash = on_crash


def run_all(
    context: BaseContext,
    jobs: Sequence[Job[T]],
    limit: int,
    on_result: Callable[[T], None] | None = None,
) -> dict[str, T]:
    """Run jobs in child processes, at most ``limit`` at a time.

    Args:
        context: The multiprocessing context that starts the children.
        jobs: The jobs to run.
        limit: How many children may run at once.
        on_result: Called with each result as it arrives.

    Returns:
        Each job's result by key; a child that ended without sending one gives its job's
        ``on_crash`` result.
    """
    waiting = list(jobs)
    running: dict[Connection, tuple[Job[T], BaseProcess]] = {}
    results: dict[str, T] = {}
    keep_alive: list[Connection] = []  # closed by the kernel if this process is killed
    try:
        while waiting or running:
            while waiting and len(running) < max(1, limit):
                job = waiting.pop(0)
                receiver, sender = context.Pipe(duplex=False)
                alive_reader, alive_writer = context.Pipe(duplex=False)
                process = context.Process(  # type: ignore[attr-defined]
                    target=_child,
                    args=(sender, alive_reader, job.function, job.args),
                    daemon=True,
                )
                process.start()
                sender.close()
                alive_reader.close()
                keep_alive.append(alive_writer)
                running[receiver] = (job, process)
            for ready in wait(list(running)):
                assert isinstance(ready, Connection)
                job, process = running.pop(ready)
                try:
                    result = ready.recv()
                except (EOFError, OSError):
                    process.join()
                    result = job.on_crash(f"the build process ended with code {process.exitcode}")
                ready.close()
                process.join()
                results[job.key] = result
                if on_result is not None:
                    on_result(result)
    finally:
        for receiver, (_, process) in running.items():
            process.terminate()
            process.join()
            receiver.close()
        for writer in keep_alive:
            writer.close()
    return results

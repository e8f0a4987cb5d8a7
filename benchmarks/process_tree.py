"""The process tree of a command, for the docs benchmarks: its CPU time and what it holds.

A docs build forks its languages from a multiprocessing fork server that the build never
waits for, so ``getrusage(RUSAGE_CHILDREN)`` alone misses their time. A benchmark makes itself
a child subreaper (`become_subreaper`): the orphaned fork server is reparented to it, and
reaping it (`reap_orphans`) brings in its own and its workers' time (`children_cpu`).
`TreeWatch` samples every process of the tree through ``/proc`` while a command runs. Linux
only.
"""

from __future__ import annotations

import ctypes
import os
import resource
import sys
import threading
import time

PR_SET_CHILD_SUBREAPER = 36
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
REAP_TIMEOUT = 30.0


def become_subreaper() -> None:
    """Make orphaned descendants of this process its children, so that it can reap them.

    Reaping them is what adds their CPU time (and that of their own reaped children) to
    ``getrusage(RUSAGE_CHILDREN)``.
    """
    if not sys.platform.startswith("linux"):
        sys.exit("this benchmark needs Linux (/proc and prctl)")
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        sys.exit(f"prctl(PR_SET_CHILD_SUBREAPER) failed: {os.strerror(ctypes.get_errno())}")


def reap_orphans(timeout: float = REAP_TIMEOUT) -> int:
    """Wait for every remaining child (the orphans reparented here) and return their number."""
    deadline = time.monotonic() + timeout
    reaped = 0
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return reaped
        if pid:
            reaped += 1
        elif time.monotonic() > deadline:
            sys.exit(f"processes left by a build did not end within {timeout:.0f}s")
        else:
            time.sleep(0.005)


def children_cpu() -> float:
    """User + system CPU seconds of every reaped descendant so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def read_proc(path: str) -> str | None:
    """A /proc file's text, or None when the process is gone."""
    try:
        with open(path, encoding="ascii", errors="replace") as file:
            return file.read()
    except OSError:
        return None


def _children(pid: int) -> set[int]:
    """The children of a process, from every thread's ``children`` file."""
    found: set[int] = set()
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return found
    for task in tasks:
        text = read_proc(f"/proc/{pid}/task/{task}/children")
        if text:
            found.update(int(child) for child in text.split())
    return found


def cpu_ticks(pid: int) -> int | None:
    """A process's own user + system time in clock ticks (``/proc/<pid>/stat``)."""
    text = read_proc(f"/proc/{pid}/stat")
    if text is None:
        return None
    fields = text.rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


class TreeWatch(threading.Thread):
    """Samples a process and all its descendants through /proc every ``interval`` seconds.

    Descendants are found from the ``children`` files of the processes already known, and of
    this process (a subreaper: orphans of the tree are reparented here while it runs).
    Subclasses say what to read from the live processes in `sample`.
    """

    def __init__(self, root: int, interval: float) -> None:
        super().__init__(name="tree-watch", daemon=True)
        self.known: set[int] = {root}
        self.interval = interval
        self._stopping = threading.Event()
        if not os.path.exists(f"/proc/{root}/task/{root}/children"):
            sys.exit("this kernel has no /proc/<pid>/task/<tid>/children files")

    def live(self) -> list[int]:
        """Refresh the tree and return the processes of it still running."""
        pending = list(self.known | _children(os.getpid()))
        while pending:
            pid = pending.pop()
            self.known.add(pid)
            pending += [child for child in _children(pid) if child not in self.known]
        return [pid for pid in self.known if os.path.exists(f"/proc/{pid}")]

    def sample(self, pids: list[int]) -> None:
        """Read what the subclass measures from the live processes."""

    def run(self) -> None:
        """Sample until stopped."""
        while not self._stopping.is_set():
            self.sample(self.live())
            self._stopping.wait(self.interval)

    def stop(self) -> None:
        """Stop sampling and wait for the thread to end."""
        self._stopping.set()
        self.join()


class CpuWatch(TreeWatch):
    """Keeps the last CPU time seen of every process of the tree."""

    def __init__(self, root: int, interval: float = 0.01) -> None:
        super().__init__(root, interval)
        self.ticks: dict[int, int] = {}

    def sample(self, pids: list[int]) -> None:
        """Record each live process's CPU time so far."""
        for pid in pids:
            ticks = cpu_ticks(pid)
            if ticks is not None:
                self.ticks[pid] = ticks

    @property
    def seconds(self) -> float:
        """The sum over the tree of each process's last sampled CPU time."""
        return sum(self.ticks.values()) / CLOCK_TICKS

"""Cache entries computed once by builds running at once: one claims and computes, others wait.

A cold build starts every language at the same moment with the same empty cache folder, and
most of what fills it (a highlighted listing, a formatted signature, a compiled template) is
the same in every language. `computed_once` makes one process compute each entry: the first
to miss it takes an exclusive lock on a claim file beside it (``.<name>.claim``), computes and
writes the entry; the others, finding the claim taken, wait until it is released and read the
entry instead of computing it again. A waiter may do other work meanwhile (``meanwhile``), such
as computing an entry nobody has claimed yet (`computed_if_unclaimed`), instead of idling.

The lock is the kernel's (``flock``), so a claimer that crashes or is killed releases its claim
as it ends, and the next process to ask computes the entry. A waiter gives up after a timeout
and computes the entry itself, so a stuck claimer never stops a build. Without ``fcntl`` (not
POSIX) every process computes its own entries, as before.

`read_through` keeps what is computed from one file (a catalog parsed and checked, the shape
of a code file) under the digest of that file's bytes and of the pipeline's own code.
"""

from __future__ import annotations

import logging
import os
import pickle
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from i18ndocs.project.cachefiles import digest, write_atomically
from i18ndocs.project.resources import pipeline_digest

T = TypeVar("T")

log = logging.getLogger(__name__)

WAIT_LIMIT = 60.0
"""How many seconds a process waits for another's claim before computing the entry itself."""

_FIRST_PAUSE = 0.0005
_LAST_PAUSE = 0.005


def claim_path(entry: Path) -> Path:
    """Name the claim file of a cache entry.

    Args:
        entry: The cache entry.

    Returns:
        The hidden file beside it whose lock is the claim.
    """
    return entry.with_name(f".{entry.name}.claim")


Meanwhile = Callable[[], bool]
"""Work a waiter does while another process holds the claim: returns whether it did any (the
claim is tried again at once), or False when it has none (the waiter pauses)."""


@contextmanager
def claimed(
    entry: Path,
    timeout: float = WAIT_LIMIT,
    meanwhile: Meanwhile | None = None,
    wait: bool = True,
) -> Iterator[bool]:
    """Hold the claim on a cache entry for the duration of the block.

    Args:
        entry: The cache entry; its folder must exist.
        timeout: How many seconds to wait for another process's claim.
        meanwhile: Work to do while waiting, if any.
        wait: Whether to wait at all; if not, a claim another process holds is not taken.

    Yields:
        Whether the claim is held: False when the wait timed out, ``wait`` is false and
        another process holds it, or locks are not available.
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX: each process computes its own
        yield False
        return
    path = claim_path(entry)
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + timeout
        pause = _FIRST_PAUSE
        while True:
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if not wait:
                    yield False
                    return
                if time.monotonic() >= deadline:
                    log.warning(
                        "i18ndocs: waited %.0f s for another build to write %s; computing it here",
                        timeout,
                        entry,
                    )
                    yield False
                    return
                if meanwhile is not None and meanwhile():
                    continue
                time.sleep(pause)
                pause = min(pause * 2, _LAST_PAUSE)
        try:
            yield True
        finally:
            path.unlink(missing_ok=True)  # before unlocking: the next claimer opens a new file
            fcntl.flock(descriptor, fcntl.LOCK_UN)
    finally:
        os.close(descriptor)


def computed_once(
    entry: Path,
    compute: Callable[[], bytes],
    timeout: float = WAIT_LIMIT,
    meanwhile: Meanwhile | None = None,
) -> bytes:
    """Read a cache entry, or compute and write it while holding its claim.

    Args:
        entry: The cache entry; its folder must exist.
        compute: Computes the entry's content.
        timeout: How many seconds to wait for another process computing it.
        meanwhile: Work to do while waiting for that process, if any.

    Returns:
        The entry's content, computed by this process or read from the one that did.
    """
    try:
        return entry.read_bytes()
    except FileNotFoundError:
        pass
    with claimed(entry, timeout, meanwhile):
        try:  # whoever held the claim before has written it
            return entry.read_bytes()
        except FileNotFoundError:
            pass
        data = compute()
        write_atomically(entry, data)
        return data


def computed_if_unclaimed(entry: Path, compute: Callable[[], bytes]) -> bool:
    """Compute and write a cache entry now if it is missing and no process has claimed it.

    Args:
        entry: The cache entry; its folder must exist.
        compute: Computes the entry's content.

    Returns:
        Whether this process computed it (never after waiting: a claimed entry is left alone).
    """
    if entry.exists():
        return False
    with claimed(entry, wait=False) as held:
        if not held or entry.exists():  # claimed, or written by the claimer before this one
            return False
        write_atomically(entry, compute())
        return True


def read_through(source: Path, folder: Path, kind: str, compute: Callable[[], T]) -> T:
    """Return what is computed from a file, kept between builds and computed once at a time.

    Args:
        source: The file the value is computed from, and only it.
        folder: The cache's folder (created when missing).
        kind: What is computed, with anything else it depends on (a language, say).
        compute: Computes the value; what it raises is raised, and nothing is kept.

    Returns:
        The value kept for the file's bytes and the pipeline's code, or computed now.
    """
    entry = folder / digest([kind, pipeline_digest(), source.read_bytes()])
    folder.mkdir(parents=True, exist_ok=True)
    data = computed_once(entry, lambda: pickle.dumps(compute()))
    try:
        kept: T = pickle.loads(data)
        return kept
    except Exception:  # damaged, or from another Python: computed again
        value = compute()
        write_atomically(entry, pickle.dumps(value))
        return value

"""Staging folders and the atomic swap that turns one into the site, safe against faults.

A build writes into a staging folder next to the site folder (``.site-<random>``), so the
swap is two renames on one file system. Faults this module guards against:

* a build killed before its swap leaves its staging folder behind: each staging folder holds
  a lock file locked for the build's lifetime; a folder whose lock nobody holds is stale and
  the next build removes it (the operating system releases the lock of a killed process);
* two builds of one site at once: creating staging folders, carrying languages over from the
  current site and swapping happen under one lock per site, kept in the cache folder, so each
  swap starts from a complete site and leaves a complete one.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import IO

STAGING_PREFIX = ".site-"
BUILD_LOCK = ".build.lock"


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[IO[bytes]]:
    """Hold an exclusive lock on a file for the duration of a ``with`` block."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("ab") as stream:
        fcntl.flock(stream, fcntl.LOCK_EX)
        try:
            yield stream
        finally:
            fcntl.flock(stream, fcntl.LOCK_UN)


def site_lock(cache_dir: Path, site_dir: Path) -> contextlib.AbstractContextManager[IO[bytes]]:
    """Lock one site folder against other builds' swaps.

    Args:
        cache_dir: The pipeline's cache folder, where the lock file lives.
        site_dir: The site folder (resolved).

    Returns:
        A context manager holding the lock.
    """
    key = hashlib.sha256(str(site_dir).encode()).hexdigest()[:16]
    return _locked(cache_dir / "locks" / f"site-{key}.lock")


def _is_stale(folder: Path) -> bool:
    """Whether a staging folder belongs to no running build."""
    lock = folder / BUILD_LOCK
    try:
        stream = lock.open("rb")
    except FileNotFoundError:
        return True  # staging folders get their lock at creation, under the site lock
    except OSError:
        return False
    with stream:
        try:
            fcntl.flock(stream, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        fcntl.flock(stream, fcntl.LOCK_UN)
        return True


def remove_stale(site_dir: Path) -> list[Path]:
    """Remove the staging folders of builds that no longer run; call it under `site_lock`.

    Args:
        site_dir: The site folder (resolved) whose siblings are checked.

    Returns:
        The folders removed.
    """
    removed = []
    prefix = f"{STAGING_PREFIX}{site_dir.name}-"
    for folder in sorted(site_dir.parent.glob(f"{prefix}*")):
        if folder.is_dir() and not folder.is_symlink() and _is_stale(folder):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed


class Staging:
    """A staging folder next to the site folder, locked for as long as the build runs.

    Create it under `site_lock`; `discard` removes it when the build did not swap it in.

    Args:
        site_dir: The site folder (resolved) the staging folder will replace.
    """

    def __init__(self, site_dir: Path) -> None:
        self.site_dir = site_dir
        self.path = site_dir.parent / f"{STAGING_PREFIX}{site_dir.name}-{uuid.uuid4().hex[:12]}"
        self.path.mkdir()
        self._lock = (self.path / BUILD_LOCK).open("ab")
        fcntl.flock(self._lock, fcntl.LOCK_EX)

    def swap(self) -> None:
        """Replace the site folder with the staging folder; call it under `site_lock`.

        The old site is renamed away, the staging folder renamed in, then the old site
        deleted, so the site folder is complete at every moment a reader can look.
        """
        os.unlink(self.path / BUILD_LOCK)
        retired = (
            self.site_dir.parent
            / f"{STAGING_PREFIX}{self.site_dir.name}-old-{uuid.uuid4().hex[:12]}"
        )
        if self.site_dir.exists():
            self.site_dir.rename(retired)
        self.path.rename(self.site_dir)
        self.release()
        if retired.exists():
            shutil.rmtree(retired)

    def release(self) -> None:
        """Release the staging folder's lock."""
        if not self._lock.closed:
            self._lock.close()

    def discard(self) -> None:
        """Remove the staging folder if it was not swapped in, and release its lock."""
        if self.path.exists():
            shutil.rmtree(self.path, ignore_errors=True)
        self.release()


@contextlib.contextmanager
def staged(cache_dir: Path, target: Path) -> Iterator[Staging]:
    """Stage a build of ``target``: stale staging folders removed, a new one made and locked.

    The staging folder is discarded on leaving unless it was swapped in.

    Args:
        cache_dir: The pipeline's cache folder, where the lock lives (`site_lock`).
        target: The folder (resolved) the staging folder will replace.

    Yields:
        The staging folder.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    with site_lock(cache_dir, target):
        remove_stale(target)
        staging = Staging(target)
    try:
        yield staging
    finally:
        staging.discard()

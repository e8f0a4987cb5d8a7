"""Writing the files of the cache folder, which builds running at once share, and their keys.

Each writer writes a temporary file of its own beside the target and renames it into place,
so a reader finds either the whole previous file, the whole new one, or none: never a part.
Entries are named by `digest` of what they are computed from, the versions of the packages
computing them included (`package_versions`).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path


def write_atomically(path: Path, data: bytes) -> None:
    """Write a file whole, through a temporary file renamed into place.

    Args:
        path: The file to write; its folder must exist.
        data: Its content.
    """
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def digest(parts: Iterable[str | bytes]) -> str:
    """Hash strings and bytes into one hex digest, each part delimited.

    Args:
        parts: What to hash, in order.

    Returns:
        The SHA-256 hex digest.
    """
    hashed = hashlib.sha256()
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        hashed.update(len(data).to_bytes(8, "little"))
        hashed.update(data)
    return hashed.hexdigest()


def package_versions(*names: str) -> str:
    """Name the installed versions of packages, so that upgrading one changes a cache's keys.

    Args:
        names: The packages' distribution names.

    Returns:
        ``name=version`` for each, or the bare name of one not installed, comma-separated.
    """
    found = []
    for name in names:
        try:
            found.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            found.append(name)
    return ",".join(found)

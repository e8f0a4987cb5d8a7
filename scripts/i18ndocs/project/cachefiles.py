"""Writing the files of the cache folder, which builds running at once share.

Each writer writes a temporary file of its own beside the target and renames it into place,
so a reader finds either the whole previous file, the whole new one, or none: never a part.
`read_through` keeps what is computed from one file (a catalog parsed and checked, say) under
the digest of that file's bytes and of the pipeline's own code.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from i18ndocs.project.resources import pipeline_digest

T = TypeVar("T")


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


def read_through(source: Path, folder: Path, kind: str, compute: Callable[[], T]) -> T:
    """Return what is computed from a file, kept in a cache folder between builds.

    Args:
        source: The file the value is computed from, and only it.
        folder: The cache's folder (created when missing).
        kind: What is computed, with anything else it depends on (a language, say).
        compute: Computes the value; what it raises is raised, and nothing is kept.

    Returns:
        The value kept for the file's bytes and the pipeline's code, or computed now.
    """
    hashed = hashlib.sha256()
    for part in (kind.encode(), pipeline_digest().encode(), source.read_bytes()):
        hashed.update(len(part).to_bytes(8, "little") + part)
    entry = folder / hashed.hexdigest()
    try:
        kept: T = pickle.loads(entry.read_bytes())
        return kept
    except Exception:  # missing, damaged or from another Python: computed again
        pass
    value = compute()
    folder.mkdir(parents=True, exist_ok=True)
    write_atomically(entry, pickle.dumps(value))
    return value

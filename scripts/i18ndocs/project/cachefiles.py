"""Writing the files of the cache folder, which builds running at once share.

Each writer writes a temporary file of its own beside the target and renames it into place,
so a reader finds either the whole previous file, the whole new one, or none: never a part."""

from __future__ import annotations

import os
import tempfile
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

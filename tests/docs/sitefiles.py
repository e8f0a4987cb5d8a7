"""A built site's files, for comparing two builds byte for byte."""

from __future__ import annotations

import hashlib
from pathlib import Path


def contents(site: Path) -> dict[str, str]:
    """Every file of a folder by relative path, as a digest of its bytes."""
    return {
        path.relative_to(site).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(site.rglob("*"))
        if path.is_file()
    }

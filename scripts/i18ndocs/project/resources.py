"""The pipeline's own files (templates, its code for the site's words), found as package data.

They are looked up through `importlib.resources`, never by arithmetic on ``__file__``, so a
module may move inside the package without a file silently going missing.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from pathlib import Path

from i18ndocs.project.cachefiles import digest

PACKAGE = __name__.partition(".")[0]


def pipeline_folder(*parts: str) -> Path:
    """Return a folder of the installed pipeline package on disk.

    Args:
        parts: The path inside the package; none for the package itself.

    Returns:
        The folder.

    Raises:
        RuntimeError: The package is not installed as files (a zip import, say): MkDocs needs
            the templates on disk.
    """
    found = files(PACKAGE).joinpath(*parts)
    if not isinstance(found, Path) or not found.is_dir():
        raise RuntimeError(f"{PACKAGE} must be installed as files: {'/'.join(parts)} not found")
    return found


@cache
def pipeline_digest() -> str:
    """Hash the pipeline's own code and templates, once per process.

    Returns:
        A digest of the path and bytes of each ``.py`` and ``.jinja`` file of the package
        (a process runs the code it imported: ``serve`` needs a restart when it changes).
    """
    folder = pipeline_folder()
    paths = sorted({*folder.rglob("*.py"), *folder.rglob("*.jinja")})
    return digest(
        part for path in paths for part in (path.relative_to(folder).as_posix(), path.read_bytes())
    )

"""The translation status, computed once per state of the sources and shared by every build.

Every language's site carries the same status report (only its rendering differs), and
computing it means loading the documented package with griffe and reading every page and
catalog of every language. `shared_report` keeps the report under ``.cache/docs/status``,
keyed by the contents of everything it is computed from; the language processes of one build
take turns through a lock, so the first computes it and the others read it.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Iterator

    from .settings import Settings
    from .status import StatusReport

PIPELINE = Path(__file__).resolve().parent
"""The pipeline's own files: the site's words are extracted from them."""
KEPT = 8
"""How many reports (states of the sources) the cache keeps."""


def _files(folder: Path) -> Iterable[Path]:
    if folder.is_file():
        yield folder
        return
    for path in sorted(folder.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            yield path


def fingerprint(settings: Settings) -> str:
    """Hash the names and contents of every file a status report is computed from.

    Args:
        settings: The project's settings.

    Returns:
        A hexadecimal digest that changes with any of those files.
    """
    digest = hashlib.sha256()
    for top in (settings.config_path, settings.docs_root, *settings.code_paths, PIPELINE):
        for path in _files(top):
            digest.update(f"{path}\0{path.stat().st_size}\0".encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


@contextmanager
def _exclusive(lock: Path) -> Iterator[None]:
    """Hold an exclusive lock on a file (where the platform has ``fcntl``)."""
    with lock.open("a") as handle:
        try:
            import fcntl
        except ImportError:  # pragma: no cover - not POSIX: each process computes its own
            yield
            return
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def shared_report(settings: Settings, compute: Callable[[], StatusReport]) -> StatusReport:
    """Return the status report of the sources as they are, computing it only when needed.

    Args:
        settings: The project's settings (where the cache is, what the report reads).
        compute: Computes the report.

    Returns:
        The report, from the cache when the sources have not changed since it was computed.
    """
    folder = settings.cache_dir / "status"
    folder.mkdir(parents=True, exist_ok=True)
    entry = folder / fingerprint(settings)
    with _exclusive(folder / ".lock"):
        try:
            report: Any = pickle.loads(entry.read_bytes())
            return report  # type: ignore[no-any-return]
        except (FileNotFoundError, EOFError, pickle.UnpicklingError, AttributeError):
            pass
        report = compute()
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".tmp-")
        with os.fdopen(handle, "wb") as stream:
            pickle.dump(report, stream)
        os.replace(temporary, entry)
        entries = sorted(
            (path for path in folder.iterdir() if not path.name.startswith(".")),
            key=lambda path: path.stat().st_mtime,
        )
        for old in entries[:-KEPT]:
            old.unlink(missing_ok=True)
        return report  # type: ignore[no-any-return]

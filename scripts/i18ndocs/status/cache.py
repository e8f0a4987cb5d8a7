"""The translation status, computed once per state of the sources and shared by every build.

Every language's site carries the same status report (only its rendering differs), and
computing it means loading the documented package with griffe and reading every page and
catalog of every language. `shared_report` keeps the report under ``.cache/docs/status`` and
the English units it counts under ``.cache/docs/units``, each keyed by the contents of
everything it is computed from; the language processes of one build take turns through a
lock, so the first computes them and the others read them.
"""

from __future__ import annotations

import hashlib
import json
import pickle
from collections.abc import Callable, Iterable, Sequence
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Literal, TypeVar, overload

from i18ndocs.pages.directives import code_locations, page_directives
from i18ndocs.project.cachefiles import write_atomically
from i18ndocs.project.resources import pipeline_folder

if TYPE_CHECKING:
    from collections.abc import Iterator

    from i18ndocs.project.settings import Settings
    from i18ndocs.status.model import SourceUnit, StatusReport

Kept = TypeVar("Kept")

KEPT = 8
"""How many entries (states of the sources) each cache folder keeps."""


def _files(folder: Path) -> Iterable[Path]:
    if folder.is_file():
        yield folder
        return
    for path in sorted(folder.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            yield path


def contents_key(tops: Iterable[Path], *extra: str) -> str:
    """Hash the names and contents of files, and some more text.

    Args:
        tops: Files, and folders whose files (``__pycache__`` aside) are all read.
        extra: More text the result depends on.

    Returns:
        A hexadecimal digest that changes with any of them.
    """
    digest = hashlib.sha256("\0".join(extra).encode())
    for top in tops:
        for path in _files(top):
            try:
                data = path.read_bytes()
            except FileNotFoundError:  # removed while being read: not part of the state
                continue
            digest.update(f"\0{path}\0{len(data)}\0".encode())
            digest.update(data)
    return digest.hexdigest()


@contextmanager
def _exclusive(lock: Path, wait: bool = True) -> Iterator[bool]:
    """Hold an exclusive lock on a file (where the platform has ``fcntl``).

    Yields:
        Whether it is held: False when ``wait`` is false and another process holds it.
    """
    with lock.open("a") as handle:
        try:
            import fcntl
        except ImportError:  # pragma: no cover - not POSIX: each process computes its own
            yield True
            return
        try:
            fcntl.flock(handle, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def shared_report(
    settings: Settings,
    compute: Callable[[Sequence[SourceUnit]], StatusReport],
    units: Callable[[], Sequence[SourceUnit]],
) -> StatusReport:
    """Return the status report of the sources as they are, computing it only when needed.

    The English units (what is to translate) are kept apart, keyed by the code, the pipeline,
    ``mkdocs.yml`` and which pages render which objects: editing a page's prose or a
    translation changes the report, not them.

    Args:
        settings: The project's settings (where the cache is, what the report reads).
        compute: Computes the report from the English units.
        units: Computes the English units.

    Returns:
        The report, from the cache when the sources have not changed since it was computed.
    """
    units_key, report_key = _report_keys(settings)
    from_units = partial(_from_units, settings, units_key, compute, units)
    return _cached(settings.cache_dir / "status", report_key, from_units)


def site_report(settings: Settings) -> StatusReport:
    """Return the report every language's status page shows (`shared_report` of the sources).

    Args:
        settings: The project's settings.

    Returns:
        The report of every language, its English units those the pages render.
    """
    return shared_report(settings, partial(_site_status, settings), partial(_site_units, settings))


def prepare_site_report(settings: Settings) -> StatusReport | None:
    """Compute the site's report now, unless another build is computing it.

    The status page is read last: a build that prepares the report when it starts, while
    the others go on with their pages, spares them waiting for it at the end.

    Args:
        settings: The project's settings.

    Returns:
        The report (`site_report`), or None when another build holds the cache's lock.
    """
    units_key, report_key = _report_keys(settings)
    compute, units = partial(_site_status, settings), partial(_site_units, settings)
    from_units = partial(_from_units, settings, units_key, compute, units)
    return _cached(settings.cache_dir / "status", report_key, from_units, wait=False)


def _from_units(
    settings: Settings,
    units_key: str,
    compute: Callable[[Sequence[SourceUnit]], StatusReport],
    units: Callable[[], Sequence[SourceUnit]],
) -> StatusReport:
    """Compute the report from the English units, kept apart under their own key."""
    return compute(_cached(settings.cache_dir / "units", units_key, units))


def _site_units(settings: Settings) -> Sequence[SourceUnit]:
    from i18ndocs.status.units import source_units

    return source_units(settings)


def _site_status(settings: Settings, units: Sequence[SourceUnit]) -> StatusReport:
    from i18ndocs.status.report import collect_status

    return collect_status(settings.docs_root, settings.languages, units, settings.cache_dir)


def _report_keys(settings: Settings) -> tuple[str, str]:
    """The keys of the English units and of the report, from the sources as they are."""
    directives = page_directives(settings.language_dir(settings.source.code))
    tops = (pipeline_folder(), *code_locations(settings))
    units_key = contents_key(tops, settings.config_text, json.dumps(directives, sort_keys=True))
    folders = [settings.language_dir(language.code) for language in settings.languages]
    return units_key, contents_key(folders, units_key)


@overload
def _cached(folder: Path, key: str, compute: Callable[[], Kept]) -> Kept: ...


@overload
def _cached(
    folder: Path, key: str, compute: Callable[[], Kept], wait: Literal[False]
) -> Kept | None: ...


def _cached(folder: Path, key: str, compute: Callable[[], Kept], wait: bool = True) -> Kept | None:
    """Read an entry of a cache folder, or compute and write it, holding the folder's lock.

    Returns None, without waiting, when ``wait`` is false and another process holds the lock.
    """
    folder.mkdir(parents=True, exist_ok=True)
    entry = folder / key
    with _exclusive(folder / ".lock", wait) as held:
        if not held:
            return None
        try:
            kept: Kept = pickle.loads(entry.read_bytes())
            return kept
        except FileNotFoundError:
            pass
        except (OSError, EOFError, pickle.UnpicklingError, ImportError, AttributeError, TypeError):
            pass  # unreadable, cut short or from another version of the pipeline: recompute
        value = compute()
        write_atomically(entry, pickle.dumps(value))
        entries = sorted(
            (path for path in folder.iterdir() if not path.name.startswith(".")),
            key=lambda path: path.stat().st_mtime,
        )
        for old in entries[:-KEPT]:
            old.unlink(missing_ok=True)
        return value

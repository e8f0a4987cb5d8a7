"""A disk cache for the signatures mkdocstrings-python formats, shared by builds and languages.

With ``separate_signature``, mkdocstrings-python formats every signature longer than its line
length with Black or, as here, by running ``ruff format`` once per signature: dozens of
processes per language, each giving the same text in every language and every build. This
module wraps the handler's formatter so that each distinct signature is formatted once and
kept under ``.cache/docs/signatures``, keyed by the formatter, the line length and the text;
languages building at once format each signature once between them (`i18ndocs.project.claims`).

The handler replaces each cross-reference in a signature by a random name of the same
length before formatting, and puts it back afterwards. The cache keys a signature with those
names numbered in order instead, so the same signature gives the same key in every process.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from pathlib import Path

from i18ndocs.project.cachefiles import package_versions
from i18ndocs.project.claims import computed_once

Formatter = Callable[[str, int], str]

FORMATTERS = ("black", "ruff")
"""The formatters mkdocstrings-python may run, whose versions key the cache."""

# The names the handler stands cross-references in with (its own pattern for them).
_PLACEHOLDER = re.compile(r"\b_[A-Za-z0-9]{2,}\b")


def _numbered(code: str) -> tuple[str, dict[str, str]] | None:
    """Rename the placeholder-like names of a signature ``_0``, ``_1``, ... at their lengths.

    Args:
        code: The signature's code, as given to the formatter.

    Returns:
        The renamed code and the map from each new name back to the original, or None when
        the names cannot be numbered without a clash.
    """
    originals = list(dict.fromkeys(_PLACEHOLDER.findall(code)))
    renamed = {f"_{index:0{len(name) - 1}d}": name for index, name in enumerate(originals)}
    clash = any(new in originals for new in renamed)
    if clash or any(len(new) != len(name) for new, name in renamed.items()):
        return None
    back = {name: new for new, name in renamed.items()}
    return _PLACEHOLDER.sub(lambda match: back[match[0]], code), renamed


def cached_formatter(formatter: Formatter, folder: Path) -> Formatter:
    """Wrap a signature formatter with a cache on disk.

    Entries are written to a temporary file and renamed into place, so builds running in
    parallel never read a partial entry; one of them formats a signature, the others wait
    for it.

    Args:
        formatter: The handler's formatter: takes code and a line length, returns the code
            formatted.
        folder: Where entries are kept (created when missing).

    Returns:
        A formatter giving the same results, each computed once.
    """
    folder.mkdir(parents=True, exist_ok=True)
    versions = package_versions(*FORMATTERS)

    def format_cached(code: str, line_length: int) -> str:
        numbered = _numbered(code)
        if numbered is None:
            return formatter(code, line_length)
        stable, renamed = numbered
        key = hashlib.sha256(f"{versions}\0{line_length}\0{stable}".encode()).hexdigest()
        entry = folder / key
        formatted = computed_once(entry, lambda: formatter(stable, line_length).encode()).decode()
        return _PLACEHOLDER.sub(lambda match: renamed.get(match[0], match[0]), formatted)

    return format_cached


def cache_signature_formatting(folder: Path) -> bool:
    """Make mkdocstrings-python format signatures through `cached_formatter`, in this process.

    The handler looks its formatter up through a private function; when a release of the
    handler no longer has it, signatures are simply formatted as before.

    Args:
        folder: Where entries are kept.

    Returns:
        Whether the handler's formatter is now cached.
    """
    from mkdocstrings_handlers.python._internal import rendering

    get_formatter = getattr(rendering, "_get_formatter", None)
    if get_formatter is None or getattr(get_formatter, "i18ndocs_cached", False):
        return get_formatter is not None
    formatter = cached_formatter(get_formatter(), folder)

    def get_cached_formatter() -> Formatter:
        return formatter

    get_cached_formatter.i18ndocs_cached = True  # type: ignore[attr-defined]
    rendering._get_formatter = get_cached_formatter  # type: ignore[assignment]
    return True

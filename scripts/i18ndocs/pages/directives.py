"""Which objects the pages document (their ``:::`` directives), and where that code is.

mkdocstrings renders an object wherever a page has a ``::: package.module.Object`` line; the
packages so named are the documented code, found on the Python handler's ``paths`` the way
mkdocstrings finds them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from i18ndocs.project.settings import Settings

_DIRECTIVE = re.compile(r"^:::\s+([\w.]+)", re.MULTILINE)


@dataclass(frozen=True)
class ApiSources:
    """Where the documented code is, read from the site's configuration.

    Attributes:
        packages: Top-level packages named by the English pages' ``:::`` directives.
        search_paths: Where mkdocstrings' Python handler finds them (`Settings.search_paths`).
    """

    packages: tuple[str, ...]
    search_paths: tuple[Path, ...]


def page_directives(docs_dir: Path) -> dict[str, list[str]]:
    """Map each page of a docs folder to the object paths its ``:::`` directives render.

    Args:
        docs_dir: A language's docs folder.

    Returns:
        The identifiers by page path (relative, POSIX), for pages with at least one.
    """
    pages: dict[str, list[str]] = {}
    for page in sorted(docs_dir.rglob("*.md")):
        found = _DIRECTIVE.findall(page.read_text(encoding="utf-8"))
        if found:
            pages[page.relative_to(docs_dir).as_posix()] = found
    return pages


def api_sources(settings: Settings) -> ApiSources:
    """Find the documented packages and where they live.

    Args:
        settings: The project's settings.

    Returns:
        The packages named by the English pages, and mkdocstrings' search paths.
    """
    packages = {
        identifier.split(".")[0]: None
        for identifiers in page_directives(settings.language_dir(settings.source.code)).values()
        for identifier in identifiers
    }
    return ApiSources(tuple(packages), settings.search_paths)


def code_locations(settings: Settings) -> list[Path]:
    """Find the documented packages' folders (or modules) where mkdocstrings finds them.

    Args:
        settings: The project's settings.

    Returns:
        The existing package folders and module files, in search path order.
    """
    sources = api_sources(settings)
    return [
        candidate
        for package in sources.packages
        for folder in sources.search_paths
        for candidate in (folder / package, folder / f"{package}.py")
        if candidate.exists()
    ]

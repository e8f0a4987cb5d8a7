"""Which objects the pages document (their ``:::`` directives), and where that code is.

mkdocstrings renders an object wherever a page has a ``::: package.module.Object`` line; the
packages so named are the documented code, found on the Python handler's ``paths`` the way
mkdocstrings finds them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from i18ndocs.project.languages import read_config

_DIRECTIVE = re.compile(r"^:::\s+([\w.]+)", re.MULTILINE)


@dataclass(frozen=True)
class ApiSources:
    """Where the documented code is, read from the site's configuration.

    Attributes:
        packages: Top-level packages named by the English pages' ``:::`` directives.
        search_paths: mkdocstrings' python handler ``paths``, relative to the root resolved.
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


def api_sources(root: Path, docs_dir: Path) -> ApiSources:
    """Find the documented packages and where they live.

    Args:
        root: The folder holding ``mkdocs.yml``.
        docs_dir: The source language's docs folder.

    Returns:
        The packages and their search paths.
    """
    packages = {
        identifier.split(".")[0]: None
        for identifiers in page_directives(docs_dir).values()
        for identifier in identifiers
    }
    paths: list[str] = ["."]
    for entry in read_config(root).get("plugins") or []:
        if isinstance(entry, dict) and "mkdocstrings" in entry:
            options = entry["mkdocstrings"] or {}
            python = (options.get("handlers") or {}).get("python") or {}
            paths = list(python.get("paths") or paths)
    return ApiSources(tuple(packages), tuple((root / path).resolve() for path in paths))


def code_locations(root: Path, docs_dir: Path) -> list[Path]:
    """Find the documented packages' folders (or modules) where mkdocstrings finds them.

    Args:
        root: The folder holding ``mkdocs.yml``.
        docs_dir: The source language's docs folder.

    Returns:
        The existing package folders and module files, in search path order.
    """
    sources = api_sources(root, docs_dir)
    return [
        candidate
        for package in sources.packages
        for folder in sources.search_paths
        for candidate in (folder / package, folder / f"{package}.py")
        if candidate.exists()
    ]

"""Which objects the pages document (their ``:::`` directives), and where that code is.

mkdocstrings renders an object wherever a page has a ``::: package.module.Object`` line,
optionally followed by a block indented by four spaces holding YAML, whose ``options`` override
the Python handler's global options for that object and everything it renders. The packages so
named are the documented code, found on the Python handler's ``paths`` the way mkdocstrings
finds them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from i18ndocs.pages.frontmatter import SAFE_LOADER
from i18ndocs.project.errors import DocsError
from i18ndocs.project.settings import Settings, plugin_entries

_DIRECTIVE = re.compile(r"^(#{1,6} *)?:::\s*([\w.]+)\s*$")
_INDENTED = re.compile(r"^(?: {4}|\t)")


@dataclass(frozen=True)
class Directive:
    """One ``:::`` line of a page, with the handler options it sets.

    Attributes:
        page: The page, relative to its language folder (POSIX).
        identifier: The object it renders, such as ``package.module.Object``.
        options: The options of its YAML block (``options:``), empty when it has none.
        line: The ``:::`` line's number in the page.
        heading_level: The number of ``#`` before ``:::`` (0 without), which mkdocstrings
            gives the object's heading.
        handler: The handler its YAML block names (``handler:``), None for the default.
    """

    page: str
    identifier: str
    options: Mapping[str, Any] = field(default_factory=dict)
    line: int = 0
    heading_level: int = 0
    handler: str | None = None


@dataclass(frozen=True)
class ApiSources:
    """Where the documented code is, read from the site's configuration.

    Attributes:
        packages: Top-level packages named by the English pages' ``:::`` directives.
        search_paths: Where mkdocstrings' Python handler finds them (`Settings.search_paths`).
    """

    packages: tuple[str, ...]
    search_paths: tuple[Path, ...]


def _block_options(shown: str, lines: list[str], start: int) -> tuple[str | None, dict[str, Any]]:
    """Read the YAML block indented under the ``:::`` line at ``start`` (0-based).

    Returns:
        The handler it names (None when it names none) and its options.
    """
    import yaml  # type: ignore[import-untyped, unused-ignore]

    block: list[str] = []
    for line in lines[start + 1 :]:
        if line.strip() and not _INDENTED.match(line):
            break
        block.append(line)
    text = "\n".join(line[4:] if line.startswith("    ") else line.lstrip("\t") for line in block)
    if not text.strip():
        return None, {}
    try:
        data = yaml.load(text, Loader=SAFE_LOADER)
    except yaml.YAMLError as error:
        problem = getattr(error, "problem", None) or "not valid YAML"
        raise DocsError(
            shown, start + 2, f"the options under {lines[start].strip()!r} are not YAML: {problem}"
        ) from None
    handler = data.get("handler") if isinstance(data, Mapping) else None
    options = data.get("options") if isinstance(data, Mapping) else None
    if options is None:
        return str(handler) if handler else None, {}
    if not isinstance(options, Mapping):
        raise DocsError(shown, start + 2, "the options of a ::: directive must be a mapping")
    return str(handler) if handler else None, dict(options)


def read_directives(docs_dir: Path) -> list[Directive]:
    """List the ``:::`` directives of a docs folder's pages, with their options.

    Args:
        docs_dir: A language's docs folder.

    Returns:
        The directives, page by page (sorted paths), in page order.

    Raises:
        DocsError: A directive's YAML block does not parse (names the page and line).
    """
    found: list[Directive] = []
    for page in sorted(docs_dir.rglob("*.md")):
        found += file_directives(page, page.relative_to(docs_dir).as_posix())
    return found


def file_directives(path: Path, page: str) -> list[Directive]:
    """List the ``:::`` directives of one page, with their options.

    Args:
        path: The page's file.
        page: The page, as directives name it (relative to its language folder, POSIX).

    Returns:
        The page's directives, in order.

    Raises:
        DocsError: A directive's YAML block does not parse (names the page and line).
    """
    found: list[Directive] = []
    lines = path.read_text(encoding="utf-8").split("\n")
    fence: str | None = None
    for number, line in enumerate(lines):
        stripped = line.strip()
        if stripped.startswith(("```", "~~~")):
            run = stripped[:3]
            fence = None if fence == run else (fence or run)
            continue
        match = _DIRECTIVE.match(line) if fence is None else None
        if match is not None:
            handler, options = _block_options(str(path), lines, number)
            level = (match[1] or "").count("#")
            found.append(Directive(page, match[2], options, number + 1, level, handler))
    return found


def page_directives(docs_dir: Path) -> dict[str, list[str]]:
    """Map each page of a docs folder to the object paths its ``:::`` directives render.

    Args:
        docs_dir: A language's docs folder.

    Returns:
        The identifiers by page path (relative, POSIX), for pages with at least one.
    """
    pages: dict[str, list[str]] = {}
    for directive in read_directives(docs_dir):
        pages.setdefault(directive.page, []).append(directive.identifier)
    return pages


def handler_options(settings: Settings) -> dict[str, Any]:
    """Return the Python handler's global options (``plugins.mkdocstrings...python.options``).

    Args:
        settings: The project's settings.

    Returns:
        The options as ``mkdocs.yml`` writes them; empty when it sets none.
    """
    for name, options in plugin_entries(settings.config):
        if name != "mkdocstrings":
            continue
        found: Any = options or {}
        for key in ("handlers", "python", "options"):
            found = found.get(key) if isinstance(found, Mapping) else None
        return dict(found) if isinstance(found, Mapping) else {}
    return {}


def api_sources(settings: Settings) -> ApiSources:
    """Find the documented packages and where they live.

    Args:
        settings: The project's settings.

    Returns:
        The packages named by the English pages, and mkdocstrings' search paths.
    """
    packages = {
        directive.identifier.split(".")[0]: None
        for directive in read_directives(settings.language_dir(settings.source.code))
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

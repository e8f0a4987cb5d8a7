"""Where the site may be written: never over, inside or around the sources or the repository.

Building replaces the whole site folder, deleting the previous one. A site folder given by
mistake (``--site-dir .``, ``--site-dir docs``, a home folder) would delete or overwrite the
project itself, so the folder is checked before anything is written:

* it may not be the repository root, nor contain it;
* it may not be, contain or lie inside a source folder (the language folders, the documented
  code, what ``serve`` watches);
* an existing folder is replaced only when it is empty or looks like a site this pipeline
  built (nothing but site-level files and language folders holding an ``index.html``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path

from i18ndocs.plugin.hosting import LLMS_TXT
from i18ndocs.project.errors import DocsError

# What the root of a built site holds besides one folder per language.
SITE_FILES = frozenset(
    {"index.html", "404.html", "sitemap.xml", "sitemap.xml.gz", "robots.txt", LLMS_TXT}
)
_LANGUAGE_FOLDER = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$")


def overlaps(first: Path, second: Path) -> bool:
    """Whether one path is the other or lies inside it.

    Args:
        first: A resolved path.
        second: Another resolved path.

    Returns:
        True when either path contains the other.
    """
    return first == second or first.is_relative_to(second) or second.is_relative_to(first)


def looks_like_site(folder: Path, files: frozenset[str] = SITE_FILES) -> bool:
    """Tell whether an existing folder is a site this pipeline built (or is empty).

    Args:
        folder: An existing folder.
        files: The names of the files its root may hold besides language folders.

    Returns:
        True when the folder holds nothing but ``files`` (by default the site-level ones:
        ``index.html``, ``404.html``, sitemaps, ``llms.txt``) and language folders that each
        hold an ``index.html``.
    """
    for entry in folder.iterdir():
        if entry.name in files and entry.is_file() and not entry.is_symlink():
            continue
        if (
            entry.is_dir()
            and not entry.is_symlink()
            and _LANGUAGE_FOLDER.match(entry.name)
            and (entry / "index.html").is_file()
        ):
            continue
        return False
    return True


def check_site_dir(
    root: Path,
    site_dir: Path,
    sources: Iterable[Path],
    option: str,
    *,
    kind: str = "site",
    replaceable: Callable[[Path], bool] = looks_like_site,
) -> Path:
    """Refuse a site folder whose replacement would harm the project or anything else.

    Args:
        root: The repository root (the folder holding ``mkdocs.yml``).
        site_dir: The folder the site is to replace.
        sources: The folders and files the site is built from.
        option: How the reader gave the folder (``--site-dir``), named in errors.
        kind: What the folder holds once built (``site``, ``shard``), named in errors.
        replaceable: Whether an existing folder may be replaced (`looks_like_site`).

    Returns:
        The site folder, resolved.

    Raises:
        DocsError: The folder is, contains or lies inside the repository root or a source,
            or it exists and is not a site (``replaceable`` says no).
    """
    root = root.resolve()
    target = site_dir.resolve()
    if target == root or root.is_relative_to(target):
        raise DocsError(
            option, None, f"{site_dir} is or contains the repository root {root}; refusing it"
        )
    for source in sources:
        source = source.resolve()
        if overlaps(target, source):
            raise DocsError(
                option,
                None,
                f"{site_dir} overlaps the source folder {source}; choose a folder of its own",
            )
    if target.exists() and (not target.is_dir() or not replaceable(target)):
        raise DocsError(
            option,
            None,
            f"{site_dir} exists and is not a {kind} built by this pipeline; refusing to replace it",
        )
    return target

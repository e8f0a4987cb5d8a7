"""Checks on a translated page before it is rendered: safe markup, the English heading ids.

* A translation may not add raw HTML, event handlers or script links that its English page
  lacks (`i18ndocs.pages.pagesafety`): each is an error at its line.
* Translated headings keep the English ids, so links and the language selector land right;
  headings that differ from the English page's are a warning (`i18ndocs.pages.headings`).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from markdown.extensions.toc import (  # type: ignore[import-untyped]
    slugify as default_slugify,
)

from i18ndocs.pages.frontmatter import read_front_matter, read_page
from i18ndocs.pages.headings import keep_english_ids
from i18ndocs.pages.pagesafety import unsafe_page_additions

log = logging.getLogger("mkdocs.plugins.i18ndocs")


def check_translation(markdown: str, path: Path, english: Path, toc: dict[str, Any]) -> str:
    """Report unsafe additions in a translated page and give its headings the English ids.

    Args:
        markdown: The page's Markdown, front matter removed.
        path: The translated page's file.
        english: Its English page's file.
        toc: The ``toc`` extension's settings (its ``slugify`` and ``separator``).

    Returns:
        The Markdown, its headings carrying the English ids where they match.
    """
    raw = read_page(path)
    offset = len(raw.splitlines()) - len(markdown.splitlines())
    source = read_front_matter(read_page(english)).body
    for line, message in unsafe_page_additions(source, markdown):
        log.error(f"{path}:{line + offset}: {message}")
    slugify = toc.get("slugify") or default_slugify
    kept, difference = keep_english_ids(source, markdown, slugify, toc.get("separator", "-"))
    if difference is not None:
        number, _, detail = difference.removeprefix("line ").partition(": ")
        log.warning(
            f"{path}:{int(number) + offset}: headings differ from the English page: {detail}"
        )
    return kept

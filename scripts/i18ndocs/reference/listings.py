"""A disk cache for the highlighted source listings of reference pages.

Every documented object shows its source, highlighted by Pygments with line numbers: the
same HTML in every language and in every build until the code changes, and about a tenth of a
language's build time. The pipeline's templates render listings through `cached_listings`,
which highlights each distinct listing once with mkdocstrings' own ``highlight`` filter and
keeps the HTML under ``.cache/docs/listings``, keyed by the source text, its first line
number, its anchors' prefix, the highlighting settings and the versions of the packages that
produce it. Languages building at once highlight each listing once between them
(`i18ndocs.project.claims`).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from markupsafe import Markup

from i18ndocs.project.cachefiles import package_versions
from i18ndocs.project.claims import computed_once

Listing = Callable[[str, int, str], Markup]
"""Renders a listing: the source, its first line number and its anchors' prefix."""

_PRODUCERS = ("pygments", "pymdown-extensions", "mkdocstrings", "mkdocstrings-python")


def cached_listings(
    filters: Mapping[str, Callable[..., Any]], settings: object, folder: Path
) -> Listing:
    """Make the listing renderer the pipeline's templates call, with a cache on disk.

    Entries are written to a temporary file and renamed into place, so builds running in
    parallel never read a partial entry; one of them highlights a listing, the others wait
    for it.

    Args:
        filters: The mkdocstrings handler's template filters; ``highlight`` is looked up on
            each miss, since the handler replaces it for every page.
        settings: The project's highlighting settings (``pymdownx.highlight``'s options),
            part of every key.
        folder: Where entries are kept (created when missing).

    Returns:
        A function giving the HTML the ``highlight`` filter gives, computed once per listing.
    """
    folder.mkdir(parents=True, exist_ok=True)
    salt = f"{package_versions(*_PRODUCERS)}\0{json.dumps(settings, sort_keys=True, default=str)}"

    def listing(source: str, linestart: int, id_prefix: str) -> Markup:
        text = f"{salt}\0{linestart}\0{id_prefix}\0{source}"
        entry = folder / hashlib.sha256(text.encode()).hexdigest()

        def highlight() -> bytes:
            html = filters["highlight"](
                source, language="python", linestart=linestart, linenums=True, id_prefix=id_prefix
            )
            return str(html).encode()

        return Markup(computed_once(entry, highlight).decode())

    return listing

"""What the browser tests share besides fixtures: the served site and the edited copy's pages."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

FALLBACK_PAGE = "guide/testing.md"
"""Deleted from every translation in the edited copy: built from English with a banner."""
OUTDATED_PAGE = "guide/websockets.md"
"""Changed in English in the edited copy: its translations carry the outdated banner."""


@dataclass(frozen=True)
class ServedSite:
    """A built site and the URL it is served from."""

    folder: Path
    url: str

    def pages(self, lang: str) -> list[str]:
        """Every HTML page of a language, as a path relative to the site's root URL."""
        root = self.folder / lang
        found = []
        for path in sorted(root.rglob("*.html")):
            relative = path.relative_to(self.folder).as_posix()
            found.append(relative.removesuffix("index.html"))
        return found

"""Source listings kept away from the search indexer, which only has to skip them.

The pipeline's templates show each object's source as a highlighted listing, most of a
reference page's HTML, between two comments (`LISTING_START`, `LISTING_END`). Searching is
for prose and signatures, not every listing whose code contains a word; yet Material's search
would parse every highlighted token of them. So the plugin hands the search plugin the page
with each listing replaced by a short placeholder comment (`Listings.hide`), and after every
plugin has seen the page, puts the listings back where the placeholders are (`Listings.show`),
without the marking comments.
"""

from __future__ import annotations

LISTING_START = "<!--i18ndocs:listing-->"
"""What the pipeline's templates write just before a source listing."""
LISTING_END = "<!--/i18ndocs:listing-->"
"""What they write just after it."""


class Listings:
    """The source listings taken out of one page while other plugins look at it."""

    def __init__(self) -> None:
        self.kept: list[str] = []

    def hide(self, html: str) -> str:
        """Replace the page's listings by placeholders, keeping them (without their markers).

        Args:
            html: The page's content.

        Returns:
            The content with a placeholder comment where each listing was; the same string
            when it has none.
        """
        start = html.find(LISTING_START)
        if start < 0:
            return html
        parts: list[str] = []
        position = 0
        while start >= 0:
            end = html.find(LISTING_END, start)
            if end < 0:
                break
            parts += [html[position:start], self._placeholder(len(self.kept))]
            self.kept.append(html[start + len(LISTING_START) : end])
            position = end + len(LISTING_END)
            start = html.find(LISTING_START, position)
        parts.append(html[position:])
        return "".join(parts)

    def show(self, html: str) -> str:
        """Put the kept listings back in place of their placeholders.

        Args:
            html: The page's content as the other plugins left it.

        Returns:
            The content with every listing back where it was.
        """
        for index, listing in enumerate(self.kept):
            html = html.replace(self._placeholder(index), listing, 1)
        return html

    @staticmethod
    def _placeholder(index: int) -> str:
        return f"<!--i18ndocs:listing:{index}-->"

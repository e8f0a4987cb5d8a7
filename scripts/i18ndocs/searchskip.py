"""Source listings kept away from the search indexer, which would only skip them.

The pipeline's templates render each object's source as a listing marked
``data-search-exclude``: Material's search leaves it out of the index, but only after its HTML
parser has walked every highlighted token of it, which is most of a reference page. The
plugin hands the search plugin the page without those listings (`without_listings`) and puts
the full page back before the theme renders it, so the index and the page are what they were.
"""

from __future__ import annotations

LISTING_START = '<details class="mkdocstrings-source" data-search-exclude="source">'
"""How the pipeline's templates open a source listing (and nothing else)."""
LISTING_END = "</details>"


def without_listings(html: str) -> str:
    """Cut the pipeline's source listings out of a page's HTML.

    A listing holds highlighted code only, whose text is escaped, so its first closing
    ``</details>`` is its own.

    Args:
        html: The page's content.

    Returns:
        The content without the listings; the same string when it has none.
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
        parts.append(html[position:start])
        position = end + len(LISTING_END)
        start = html.find(LISTING_START, position)
    parts.append(html[position:])
    return "".join(parts)

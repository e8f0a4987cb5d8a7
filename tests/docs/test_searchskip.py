"""The search plugin gets reference pages without their source listings; the pages keep them.

The plugin swaps each listing for a placeholder before Material's search parses the page and
puts it back afterwards, into the page as the other plugins left it (`i18ndocs.plugin.searchskip`).
"""

from __future__ import annotations

import json
import re

import pytest
from material.plugins.search.plugin import Parser  # type: ignore[import-untyped]

from i18ndocs.builder.site import SiteResult
from i18ndocs.plugin.searchskip import LISTING_END, LISTING_START, Listings

BODY = '<details class="mkdocstrings-source"><pre>a &lt;/details&gt; b</pre></details>'
LISTING = LISTING_START + BODY + LISTING_END


def test_listings_are_swapped_out_and_back_without_their_markers() -> None:
    listings = Listings()
    html = f"<p>one</p>{LISTING}<details><p>two</p></details>{LISTING}<p>three</p>"
    hidden = listings.hide(html)
    assert "mkdocstrings-source" not in hidden
    assert "<details><p>two</p></details>" in hidden
    changed = hidden.replace("<p>one</p>", "<p>ONE</p>")  # another plugin's edit is kept
    assert (
        listings.show(changed) == f"<p>ONE</p>{BODY}<details><p>two</p></details>{BODY}<p>three</p>"
    )
    plain = "<p>no listing</p>" + BODY
    assert Listings().hide(plain) is plain
    unclosed = LISTING_START + "never closed"
    assert Listings().hide(unclosed) == unclosed


def sections(html: str) -> list[tuple[str, str]]:
    parser = Parser()
    parser.feed(html)
    parser.close()
    return [("".join(s.title), "".join(s.text)) for s in parser.data]


SOURCE = re.compile(r'<details class="mkdocstrings-source">.*?</details>', re.DOTALL)


@pytest.mark.docs
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_pages_show_listings_and_the_index_leaves_them_out(
    built_site: SiteResult, lang: str
) -> None:
    page = built_site.site_dir / lang / "reference" / "websockets" / "index.html"
    html = page.read_text("utf-8")
    assert len(SOURCE.findall(html)) > 10, "the page shows its listings"
    assert "i18ndocs:listing" not in html, "no marker or placeholder is left"
    assert "data-search-exclude" not in html
    content = html[html.index("<article") : html.index("</article>")]
    expected = [title for title, _ in sections(SOURCE.sub("", content)) if title]
    index = json.loads((built_site.site_dir / lang / "search" / "search_index.json").read_text())
    indexed = [
        (doc["title"], doc["text"])
        for doc in index["docs"]
        if doc["location"].startswith("reference/websockets/")
    ]
    assert len(indexed) == len(expected) > 20
    assert "self._" not in json.dumps(indexed), "no line of a listing is indexed"

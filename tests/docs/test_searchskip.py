"""The search plugin gets reference pages without their source listings, and indexes the same.

Material's search skips elements marked ``data-search-exclude`` only after parsing them; the
plugin cuts the pipeline's listings out before the search plugin sees the page and puts them
back before the theme renders it (`i18ndocs.searchskip`).
"""

from __future__ import annotations

import pytest
from material.plugins.search.plugin import Parser  # type: ignore[import-untyped]

from i18ndocs.build import SiteResult
from i18ndocs.searchskip import LISTING_START, without_listings

LISTING = LISTING_START + "<summary>s</summary><pre>a &lt;/details&gt; b</pre></details>"


def test_listings_are_cut_and_everything_else_kept() -> None:
    html = f"<p>one</p>{LISTING}<details><p>two</p></details>{LISTING}<p>three</p>"
    assert without_listings(html) == "<p>one</p><details><p>two</p></details><p>three</p>"
    plain = "<p>no listing</p><details class='mkdocstrings-source'>x</details>"
    assert without_listings(plain) is plain
    assert without_listings(LISTING_START + "never closed") == LISTING_START + "never closed"


def sections(html: str) -> list[tuple[str, str]]:
    parser = Parser()
    parser.feed(html)
    parser.close()
    return [("".join(s.title), "".join(s.text)) for s in parser.data]


@pytest.mark.docs
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_index_is_what_the_full_page_gives(built_site: SiteResult, lang: str) -> None:
    page = built_site.site_dir / lang / "reference" / "websockets" / "index.html"
    html = page.read_text("utf-8")
    assert html.count(LISTING_START) > 10, "the page shows its listings"
    content = html[html.index("<article") : html.index("</article>")]
    shorter = without_listings(content)
    assert len(shorter) < 0.6 * len(content), "listings are about half of a reference page"
    assert sections(shorter) == sections(content)

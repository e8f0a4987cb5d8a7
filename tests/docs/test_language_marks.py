"""The theme's titles of fallback pages carry the source language's ``lang`` (issue 14)."""

from __future__ import annotations

from pathlib import Path

import pytest
from htmltree import Element, parse_file

from i18ndocs.builder.site import build_site
from i18ndocs.plugin.langmarks import mark_fallback_titles

MISSING = "guide/testing.md"


def test_links_to_fallback_pages_are_marked_and_others_are_not() -> None:
    html = (
        '<a href="../testing/" class="md-nav__link"><span class="md-ellipsis">Testing</span></a>'
        '<a href="../websockets/" class="md-nav__link"><span>WebSockets</span></a>'
        '<a href="#top" class="md-nav__link">Top</a>'
        '<a href="../testing/" class="other">Probar</a>'
        '<a href="../testing/" class="md-footer__link md-footer__link--next">'
        '<span class="md-footer__direction">Siguiente</span>'
        '<div class="md-footer__title"><div class="md-ellipsis">Testing</div></div></a>'
    )
    marked = mark_fallback_titles(html, "guide/websockets/", {"guide/testing/"}, "en", own=False)
    assert marked.count('lang="en"') == 2
    assert '<a href="../testing/" class="md-nav__link" lang="en">' in marked
    assert '<a href="../websockets/" class="md-nav__link">' in marked
    assert '<a href="../testing/" class="other">Probar</a>' in marked
    assert '<span class="md-footer__direction">Siguiente</span>' in marked
    assert '<div class="md-ellipsis" lang="en">Testing</div>' in marked


def _lang_of(element: Element) -> str:
    node: Element | None = element
    while node is not None:
        if "lang" in node.attrs:
            return node.attrs["lang"]
        node = node.parent
    return ""


@pytest.mark.docs
def test_a_fallback_pages_titles_are_english_in_the_theme(repo_copy: Path) -> None:
    (repo_copy / "docs" / "es" / MISSING).unlink()
    result = build_site(repo_copy, repo_copy / "site", ["es"])
    assert result.ok, [str(problem) for problem in result.problems]
    site = repo_copy / "site" / "es"

    home = parse_file(site / "index.html")
    nav = {
        a.attrs["href"]: _lang_of(a)
        for a in home.find_all("a", "md-nav__link")
        if a.attrs.get("href", "").startswith("guide/")
    }
    assert nav == {"guide/websockets/": "es", "guide/testing/": "en"}

    before = parse_file(site / "guide" / "websockets" / "index.html")
    (following,) = before.find_all("a", "md-footer__link--next")
    direction = following.find(cls="md-footer__direction")
    title = following.find(cls="md-ellipsis")
    assert direction is not None
    assert title is not None
    assert _lang_of(direction) == "es"
    assert _lang_of(title) == "en"

    page = parse_file(site / "guide" / "testing" / "index.html")
    (topic,) = (
        div
        for div in page.find_all("div", "md-header__topic")
        if div.attrs.get("data-md-component") == "header-topic"
    )
    assert topic.attrs.get("lang") == "en"
    translated = parse_file(site / "guide" / "websockets" / "index.html")
    assert all("lang" not in div.attrs for div in translated.find_all("div", "md-header__topic"))


@pytest.mark.docs
def test_translated_docstrings_on_a_fallback_reference_page_keep_the_readers_lang(
    repo_copy: Path,
) -> None:
    (repo_copy / "docs" / "es" / "reference" / "connection.md").unlink()
    result = build_site(repo_copy, repo_copy / "site", ["es"])
    assert result.ok, [str(problem) for problem in result.problems]
    page = parse_file(repo_copy / "site" / "es" / "reference" / "connection" / "index.html")
    blocks = page.find_all("div", "doc-contents")
    assert blocks
    assert all(_lang_of(block) == "es" for block in blocks)
    wrapper = page.find("div", "i18ndocs-fallback-content")
    assert wrapper is not None
    assert wrapper.attrs["lang"] == "en"
    translated = parse_file(repo_copy / "site" / "es" / "reference" / "websockets" / "index.html")
    assert all("lang" not in block.attrs for block in translated.find_all("div", "doc-contents"))

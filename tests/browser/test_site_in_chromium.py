"""The built site in a real browser: language selector, Chinese search, root redirect, fonts."""

from __future__ import annotations

import re
import urllib.request
from pathlib import Path
from typing import Any

import jieba
import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOT = Path("/tmp/tether-zh-reference.png")


def test_language_selector_keeps_the_reader_on_the_same_page(browser: Any, site_url: str) -> None:
    page = browser.new_page()
    try:
        page.goto(site_url + "en/reference/websockets/")
        page.hover(".md-header__option .md-select")
        page.click('a.md-select__link[hreflang="es"]')
        page.wait_for_url(site_url + "es/reference/websockets/", timeout=15_000)
        assert page.locator("html").get_attribute("lang") == "es"
        assert page.locator('[id="tether.websockets.WebSocket"]').count() == 1
    finally:
        page.close()


def chinese_word() -> str:
    """A word of two or more Han characters from the Chinese WebSocket guide, as jieba cuts it."""
    text = (ROOT / "docs" / "zh" / "guide" / "websockets.md").read_text("utf-8")
    for run in re.findall(r"[\u4e00-\u9fff]{4,}", text):
        for word in jieba.cut(run):
            if len(word) >= 2 and re.fullmatch(r"[\u4e00-\u9fff]+", word):
                return str(word)
    raise AssertionError("the Chinese guide has no Chinese words")


def test_chinese_search_finds_a_chinese_word(browser: Any, site_url: str) -> None:
    word = chinese_word()
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        page.goto(site_url + "zh/")
        page.click("input.md-search__input")
        # Typing before the search worker has built its index is lost: wait until the
        # results panel shows Material's "type to start searching" placeholder.
        page.wait_for_function(
            """() => {
                const config = JSON.parse(document.getElementById("__config").textContent);
                const meta = document.querySelector(".md-search-result__meta");
                return meta && meta.textContent.trim() ===
                    config.translations["search.result.placeholder"];
            }""",
            timeout=30_000,
        )
        page.keyboard.type(word)
        # Han characters are inserted as text with no key events, while a real input method
        # ends with a key release; Material searches on key release, so give it one.
        page.keyboard.press("End")
        results = page.locator(".md-search-result__item")
        results.first.wait_for(timeout=15_000)
        links = page.locator(".md-search-result__link").evaluate_all(
            "links => links.map(link => link.href)"
        )
        assert links, f"no result for {word!r}"
        assert all("/zh/" in link for link in links)
        with urllib.request.urlopen(links[0].split("#")[0], timeout=10) as response:
            assert word in response.read().decode("utf-8"), (word, links[0])
    finally:
        page.close()


@pytest.mark.parametrize(("locale", "code"), [("es-ES", "es"), ("zh-CN", "zh"), ("de-DE", "en")])
def test_root_sends_readers_to_their_language(
    browser: Any, site_url: str, locale: str, code: str
) -> None:
    context = browser.new_context(locale=locale)
    try:
        page = context.new_page()
        page.goto(site_url)
        page.wait_for_url(f"{site_url}{code}/", timeout=15_000)
    finally:
        context.close()


def test_chinese_reference_page_renders(browser: Any, site_url: str) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        page.goto(site_url + "zh/reference/connection/")
        page.wait_for_load_state("networkidle")
        assert page.locator("text=源代码位于：").count() >= 1  # noqa: RUF001
        page.screenshot(path=str(SCREENSHOT), full_page=False)
        assert SCREENSHOT.stat().st_size > 20_000
    finally:
        page.close()


@pytest.mark.parametrize(("lang", "english"), [("es", "class"), ("zh", "class")])
def test_symbol_badges_read_in_the_page_language(
    browser: Any, site_url: str, lang: str, english: str
) -> None:
    """The badges are drawn by CSS ``content``, so only a browser shows what readers see."""
    page = browser.new_page()
    try:
        page.goto(site_url + f"{lang}/reference/websockets/")
        badge = page.locator("code.doc-symbol-class").first
        badge.wait_for(state="attached")
        content = badge.evaluate("e => getComputedStyle(e, '::after').content")
        assert content.strip('"'), "the badge is empty"
        assert content.strip('"') != english, f"{lang}: the class badge reads {content}"
    finally:
        page.close()

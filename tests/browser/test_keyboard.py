"""Keyboard paths through the site in Chromium, at desktop (1280 px) and mobile (390 px) widths.

Every control Tab reaches must be on screen and visible, with a focus ring of 2 px or more
whose contrast against what surrounds it is 3:1 or more, and Tab must follow the page's
order. The paths: the skip link, the language menu, search and its results, a source block,
and the navigation drawer at narrow widths.
"""

from __future__ import annotations

from typing import Any

import pytest
from site_support import FOCUS_STATE, ServedSite

pytestmark = pytest.mark.browser

WIDTHS = [1280, 390]
PAGE = "es/reference/websockets/"
"""A long page: navigation, table of contents, links, code, source blocks."""

FOCUS_IS_SHOWN = f"""() => {{
    const state = ({FOCUS_STATE})();
    return state !== null && state.visible && state.inViewport && state.ringContrast >= 3;
}}"""

VISIBLE_OPTIONS = "{visibilityProperty: true, opacityProperty: true}"

DOCUMENT_POSITION = """() => {
    const element = document.activeElement;
    if (!element || element === document.body) { return -1; }
    return [...document.querySelectorAll("*")].indexOf(element);
}"""


def open_page(browser: Any, site: ServedSite, width: int, path: str = PAGE) -> Any:
    page = browser.new_page(viewport={"width": width, "height": 800})
    page.goto(site.url + path)
    page.wait_for_function("document.documentElement.dataset.i18ndocsA11y === 'ready'")
    return page


def focus(page: Any) -> dict[str, Any] | None:
    """The focused element's description (see `site_support.FOCUS_STATE`)."""
    state: dict[str, Any] | None = page.evaluate(FOCUS_STATE)
    return state


def assert_focus_shown(page: Any, what: str) -> dict[str, Any]:
    """Wait until the focused element is visible with its ring; fail naming it otherwise."""
    try:
        page.wait_for_function(FOCUS_IS_SHOWN, timeout=2_000)
    except Exception as error:  # Playwright's TimeoutError
        raise AssertionError(f"{what}: focus is not shown: {focus(page)}") from error
    state = focus(page)
    assert state is not None
    return state


def tab_to(page: Any, condition: str, what: str, limit: int = 15) -> dict[str, Any]:
    """Press Tab until the focused element matches a JavaScript condition on ``element``."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(
            f"() => {{ const element = document.activeElement; return {condition}; }}"
        ):
            return assert_focus_shown(page, what)
    raise AssertionError(f"{what}: not reached in {limit} Tab presses; focus is on {focus(page)}")


@pytest.mark.parametrize("width", WIDTHS)
def test_every_tab_stop_is_visible_on_screen_and_in_order(
    browser: Any, served_site: ServedSite, width: int
) -> None:
    page = open_page(browser, served_site, width)
    try:
        stops: list[dict[str, Any]] = []
        failures: list[str] = []
        positions: list[int] = []
        opened_source = False
        for _ in range(1_500):
            page.keyboard.press("Tab")
            position = page.evaluate(DOCUMENT_POSITION)
            if position < 0 or (positions and position == positions[0]):
                break
            try:
                page.wait_for_function(FOCUS_IS_SHOWN, timeout=2_000)
            except Exception:  # Playwright's TimeoutError: record it and go on walking
                failures.append(f"stop {len(stops)}: {focus(page)}")
            state = focus(page)
            assert state is not None
            stops.append(state)
            if positions and position < positions[-1]:
                failures.append(f"stop {len(stops)} goes back in the page: {state}")
            positions.append(position)
            in_source = "element.closest('details.mkdocstrings-source') !== null"
            is_summary = f"element.tagName === 'SUMMARY' && {in_source}"
            if not opened_source and page.evaluate(
                f"() => {{ const element = document.activeElement; return {is_summary}; }}"
            ):
                page.keyboard.press("Enter")
                page.wait_for_function(
                    "() => document.activeElement.parentElement.open &&"
                    " document.activeElement.parentElement.querySelector('.highlight')"
                    ".getBoundingClientRect().height > 50"
                )
                assert_focus_shown(page, "the opened source block's summary")
                opened_source = True
        else:
            raise AssertionError("Tab never left the page")
        assert not failures, f"at {width} px:\n" + "\n".join(failures)
        assert opened_source, "Tab never reached a source block"
        assert stops[0]["classes"].startswith("md-skip"), stops[0]
        assert len(stops) > 50, f"only {len(stops)} tab stops"
    finally:
        page.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_skip_link_leads_to_the_content(browser: Any, served_site: ServedSite, width: int) -> None:
    page = open_page(browser, served_site, width)
    try:
        page.keyboard.press("Tab")
        state = assert_focus_shown(page, "the skip link")
        assert "md-skip" in state["classes"], state
        page.keyboard.press("Enter")
        page.wait_for_function("location.hash.length > 1")
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.closest('article') !== null"), focus(page)
        assert_focus_shown(page, "the first control of the content")
    finally:
        page.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_language_menu_announces_its_state_and_the_current_language(
    browser: Any, served_site: ServedSite, width: int
) -> None:
    page = open_page(browser, served_site, width)
    try:
        button = page.locator(".md-select > button")
        links = page.locator(".md-select__link")
        tab_to(page, "element.matches('.md-select > button')", "the language button")
        assert button.get_attribute("aria-expanded") == "false"
        assert not links.first.is_visible(), "the closed menu shows its languages"
        page.keyboard.press("Enter")
        page.wait_for_function(
            f"document.querySelector('.md-select__link').checkVisibility({VISIBLE_OPTIONS})"
        )
        assert button.get_attribute("aria-expanded") == "true"
        assert button.get_attribute("aria-controls")
        languages = links.evaluate_all(
            "links => links.map(link => [link.getAttribute('lang'), link.hreflang,"
            " link.getAttribute('aria-current')])"
        )
        assert languages == [["en", "en", None], ["es", "es", "true"], ["zh", "zh", None]]
        page.keyboard.press("Tab")
        state = assert_focus_shown(page, "the first language")
        assert "md-select__link" in state["classes"], state
        page.keyboard.press("Escape")
        page.wait_for_function(
            f"!document.querySelector('.md-select__link').checkVisibility({VISIBLE_OPTIONS})"
        )
        assert button.get_attribute("aria-expanded") == "false"
        assert page.evaluate("document.activeElement.matches('.md-select > button')")
        page.keyboard.press("Tab")
        assert "md-select__link" not in (focus(page) or {}).get("classes", ""), (
            "Tab enters the closed menu"
        )
    finally:
        page.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_search_and_its_results_by_keyboard(
    browser: Any, served_site: ServedSite, width: int
) -> None:
    page = open_page(browser, served_site, width)
    try:
        search = "element.matches('.md-search__input, label[for=\"__search\"]')"
        state = tab_to(page, search, "the search control")
        if state["tag"] == "label":
            label = page.locator('.md-header__button[for="__search"]')
            assert label.get_attribute("aria-expanded") == "false"
            page.keyboard.press("Enter")
            page.wait_for_function("document.activeElement.matches('.md-search__input')")
            assert_focus_shown(page, "the search box")
        page.wait_for_function(
            """() => {
                const config = JSON.parse(document.getElementById("__config").textContent);
                const meta = document.querySelector(".md-search-result__meta");
                return meta && meta.textContent.trim() ===
                    config.translations["search.result.placeholder"];
            }""",
            timeout=30_000,
        )
        page.keyboard.type("WebSocket")
        page.locator(".md-search-result__item").first.wait_for(timeout=15_000)
        # The results can be drawn again after the first ones show (the search runs as the
        # query grows), taking the focus with the old list: press again while it is lost.
        on_result = "document.activeElement.matches('.md-search-result__link')"
        for _ in range(5):
            if page.evaluate(on_result):
                break
            page.locator(".md-search__input").focus()
            page.keyboard.press("ArrowDown")
            try:
                page.wait_for_function(on_result, timeout=3_000)
            except Exception:  # Playwright's TimeoutError: the list was redrawn; try again
                continue
        page.wait_for_function(on_result)
        state = assert_focus_shown(page, "the first search result")
        target = page.evaluate("document.activeElement.href")
        page.keyboard.press("Enter")
        page.wait_for_url(target)
    finally:
        page.close()


@pytest.mark.parametrize("width", [390, 800])
def test_navigation_drawer_by_keyboard(browser: Any, served_site: ServedSite, width: int) -> None:
    page = open_page(browser, served_site, width)
    try:
        drawer = page.locator('label[for="__drawer"].md-header__button')
        tab_to(page, "element.matches('label[for=\"__drawer\"]')", "the menu button")
        assert drawer.get_attribute("role") == "button"
        assert drawer.get_attribute("aria-label")
        assert drawer.get_attribute("aria-expanded") == "false"
        page.keyboard.press("Enter")
        page.wait_for_function("document.getElementById('__drawer').checked")
        assert drawer.get_attribute("aria-expanded") == "true"
        tab_to(page, "element.matches('.md-sidebar--primary .md-nav__link')", "a drawer link", 8)
        page.keyboard.press("Escape")
        page.wait_for_function("!document.getElementById('__drawer').checked")
        assert drawer.get_attribute("aria-expanded") == "false"
        assert page.evaluate("document.activeElement.matches('label[for=\"__drawer\"]')")
        page.wait_for_function(
            "getComputedStyle(document.querySelector('.md-sidebar--primary')).visibility"
            " === 'hidden'"
        )
    finally:
        page.close()

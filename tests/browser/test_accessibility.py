"""axe-core over every page of every language, in Chromium: no WCAG 2.1 A/AA violations.

Each page is checked in both colour schemes, light and dark, chosen the way a reader's system
chooses them (the ``prefers-color-scheme`` media feature, which the site follows by default),
as it loads (source blocks closed) and again with every ``<details>`` opened, so the source
listings of the reference are checked too. Pages with each kind of banner and an English
fallback page come from a copy of the sources with a missing and an outdated translation (the
``banner_site`` fixture).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from site_support import FALLBACK_PAGE, OUTDATED_PAGE, UNITS_PAGES, ServedSite

from i18ndocs.catalogs.sitetext import translator
from i18ndocs.project.settings import load_settings

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
LANGUAGES = ("en", "es", "zh")
SCHEMES = {"light": "default", "dark": "slate"}
"""The reader's system preference, and the Material colour scheme the site then shows."""

RUN_AXE = """async tags => {
    const result = await axe.run(document, {
        runOnly: {type: "tag", values: tags},
        resultTypes: ["violations"],
    });
    return result.violations.map(v => ({
        id: v.id,
        nodes: v.nodes.map(n => n.target.join(" ") + " (" + n.failureSummary
            .split("\\n").slice(1, 2).join("").trim() + ")"),
    }));
}"""


def load(page: Any, url: str) -> None:
    """Open a page and wait until the site's scripts have set it up."""
    page.goto(url)
    page.wait_for_function("document.documentElement.dataset.i18ndocsA11y === 'ready'")


def violations(page: Any, axe_script: Path) -> list[dict[str, Any]]:
    """Run axe-core with the WCAG 2.1 A and AA rules on the loaded page."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(path=str(axe_script))
    found: list[dict[str, Any]] = page.evaluate(RUN_AXE, WCAG_TAGS)
    return found


def open_all_details(page: Any) -> int:
    """Open every ``<details>`` (source blocks and collapsible admonitions); return how many."""
    count: int = page.evaluate(
        """() => {
            const all = [...document.querySelectorAll("article details")];
            all.forEach(details => { details.open = true; });
            return all.length;
        }"""
    )
    return count


def color_scheme(page: Any) -> str:
    """The Material colour scheme the page shows (``data-md-color-scheme`` on its body)."""
    scheme: str = page.evaluate("() => document.body.dataset.mdColorScheme")
    return scheme


def scan(page: Any, url: str, axe_script: Path) -> list[str]:
    """Check a page in both schemes, closed and opened; return one line per violation found."""
    findings = []
    for preference, scheme in SCHEMES.items():
        page.emulate_media(color_scheme=preference)
        load(page, url)
        assert color_scheme(page) == scheme, f"{url}: the {preference} preference is not shown"
        for state in ("source blocks closed", "source blocks open"):
            if state == "source blocks open" and not open_all_details(page):
                break
            for violation in violations(page, axe_script):
                nodes = violation["nodes"]
                findings.append(
                    f"{url} [{preference}, {state}] {violation['id']}: {len(nodes)} nodes, "
                    f"e.g. {nodes[:3]}"
                )
    return findings


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_passes_axe(
    browser: Any, served_site: ServedSite, axe_script: Path, lang: str
) -> None:
    pages = served_site.pages(lang)
    english_sources = list((ROOT / "docs" / "en").rglob("*.md"))
    assert len(pages) > len(english_sources), f"{lang}: pages are missing from the site"
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        findings = [
            line for path in pages for line in scan(page, served_site.url + path, axe_script)
        ]
    finally:
        page.close()
    assert not findings, f"{len(findings)} axe violations:\n" + "\n".join(findings)


def test_source_blocks_are_checked_open(browser: Any, served_site: ServedSite) -> None:
    """The open state is real: reference pages have closed source blocks to open."""
    page = browser.new_page()
    try:
        load(page, served_site.url + "es/reference/websockets/")
        closed = page.locator("article details.mkdocstrings-source:not([open])")
        assert closed.count() > 5
        assert open_all_details(page) >= closed.count()
        assert page.locator("article details.mkdocstrings-source:not([open])").count() == 0
        assert page.locator("article details.mkdocstrings-source .highlight").first.is_visible()
    finally:
        page.close()


@pytest.mark.parametrize("lang", ["es", "zh"])
def test_pages_with_banners_pass_axe(
    browser: Any, banner_site: ServedSite, axe_script: Path, lang: str
) -> None:
    paths = [
        f"{lang}/{FALLBACK_PAGE.removesuffix('.md')}/",
        f"{lang}/{OUTDATED_PAGE.removesuffix('.md')}/",
        *(f"{lang}/{path}" for path in UNITS_PAGES),
        f"{lang}/contributing/status/",
    ]
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        findings = []
        for path in paths:
            findings += scan(page, banner_site.url + path, axe_script)
            assert page.locator(".i18ndocs-banner").count() or path.endswith("status/"), path
    finally:
        page.close()
    assert not findings, f"{len(findings)} axe violations:\n" + "\n".join(findings)


def test_the_toggle_switches_schemes_as_a_reader_clicks_it(
    browser: Any, served_site: ServedSite
) -> None:
    """From the system's scheme (dark here) to light, to dark, back to the system's; each
    button is named in the page's language after what it does next."""
    words = translator(ROOT / "docs", "es", load_settings(ROOT).cache_dir)
    page = browser.new_page()
    try:
        page.emulate_media(color_scheme="dark")
        load(page, served_site.url + "es/guide/testing/")
        assert color_scheme(page) == "slate"
        visible = page.locator("form[data-md-component='palette'] label:not([hidden])")
        for english, media, scheme in [
            ("Switch to light mode", "(prefers-color-scheme: light)", "default"),
            ("Switch to dark mode", "(prefers-color-scheme: dark)", "slate"),
            ("Switch to system preference", "(prefers-color-scheme)", "slate"),
        ]:
            assert visible.count() == 1
            assert visible.get_attribute("title") == words.gettext(english)
            visible.click()
            page.wait_for_function(
                "([media, scheme]) => document.body.dataset.mdColorMedia === media"
                " && document.body.dataset.mdColorScheme === scheme",
                arg=[media, scheme],
            )
    finally:
        page.close()

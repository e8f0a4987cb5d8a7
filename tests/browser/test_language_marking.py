"""Language marks and the site's own additions, read in Chromium the way screen readers get them.

English text on a Spanish or Chinese page (untranslated docstring units, fallback pages) must
sit inside ``lang="en"``; language names carry their own language; banner titles are
headings in the reader's language; the status chart has one name and colours that reach 3:1.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from site_support import FALLBACK_PAGE, UNITS_PAGES, ServedSite

pytestmark = pytest.mark.browser

BLOCKS = "p, li, td, th, dd, summary, h1, h2, h3, h4, h5, h6"
WORDS = re.compile(r"[A-Za-z]{2,}")

ASIDE = (
    "code, pre, .highlight, .headerlink, .doc-symbol, .i18ndocs-untranslated-mark, "
    ".i18ndocs-outdated-mark"
)
"""What is not prose: code, permalinks, badges and the marks of untranslated and outdated units."""

TEXT_OF = f"""block => {{
    const copy = block.cloneNode(true);
    copy.querySelectorAll("{ASIDE}").forEach(node => node.remove());
    return copy.textContent.replace(/\\s+/g, " ").trim();
}}"""
"""A block's prose: its text without `ASIDE`."""

PROSE = f"""() => [...document.querySelectorAll("article :is({BLOCKS})")].map({TEXT_OF})"""

UNMARKED_ENGLISH = f"""english => {{
    const ASIDE = "{ASIDE}";
    const wanted = new Set(english);
    const found = {{marked: 0, unmarked: []}};
    for (const block of document.querySelectorAll("article :is({BLOCKS})")) {{
        const text = ({TEXT_OF})(block);
        if (!wanted.has(text)) {{ continue; }}
        const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
        const langs = new Set();
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {{
            if (node.textContent.trim() && !node.parentElement.closest(ASIDE)) {{
                langs.add(node.parentElement.closest("[lang]").getAttribute("lang"));
            }}
        }}
        const english = [...langs].every(lang => lang === "en" || lang.startsWith("en-"));
        if (english) {{ found.marked += 1; }}
        else {{ found.unmarked.push([...langs].join(",") + ": " + text.slice(0, 80)); }}
    }}
    return found;
}}"""


def english_sentences(texts: list[str]) -> list[str]:
    """Keep the blocks that are English prose: three or more words, not only code names."""
    return sorted({text for text in texts if len(WORDS.findall(text)) >= 3 and " " in text})


def load(page: Any, url: str) -> None:
    page.goto(url)
    page.wait_for_function("document.documentElement.dataset.i18ndocsA11y === 'ready'")


@pytest.mark.parametrize("lang", ["es", "zh"])
@pytest.mark.parametrize("which", ["served_site", "banner_site"])
def test_english_docstring_text_is_only_inside_lang_en(
    browser: Any, request: pytest.FixtureRequest, which: str, lang: str
) -> None:
    """Every reference page's English prose, looked for on the translated page.

    The real site may have every unit translated; the edited copy (``banner_site``) has
    none, so there the test must find English text, all of it marked.
    """
    site: ServedSite = request.getfixturevalue(which)
    references = [path for path in site.pages("en") if "/reference/" in path]
    assert len(references) >= 5
    page = browser.new_page()
    marked = 0
    unmarked: list[str] = []
    try:
        for english_path in references:
            load(page, site.url + english_path)
            english = english_sentences(page.evaluate(PROSE))
            path = lang + english_path.removeprefix("en")
            load(page, site.url + path)
            found = page.evaluate(UNMARKED_ENGLISH, english)
            marked += found["marked"]
            unmarked += [f"{path}: {text}" for text in found["unmarked"]]
    finally:
        page.close()
    assert not unmarked, "English docstring text outside lang=en:\n" + "\n".join(unmarked)
    if which == "banner_site":
        assert marked > 100, f"{lang}: only {marked} English blocks found; is the test blind?"


@pytest.mark.parametrize("lang", ["es", "zh"])
def test_a_fallback_page_is_english_inside_and_its_banner_is_not(
    browser: Any, banner_site: ServedSite, lang: str
) -> None:
    page = browser.new_page()
    path = FALLBACK_PAGE.removesuffix(".md") + "/"
    try:
        load(page, banner_site.url + "en/" + path)
        english = english_sentences(page.evaluate(PROSE))
        load(page, banner_site.url + f"{lang}/{path}")
        assert page.locator("html").get_attribute("lang") == lang
        found = page.evaluate(UNMARKED_ENGLISH, english)
        assert not found["unmarked"], found["unmarked"]
        assert found["marked"] >= 5, found
        banner = page.locator(".i18ndocs-banner")
        assert banner.count() == 1
        assert banner.evaluate("b => b.closest('[lang]').getAttribute('lang')") == lang
        toc = page.locator(".md-sidebar--secondary .md-nav__link")
        assert toc.count() > 3
        langs = toc.evaluate_all(
            "links => links.map(l => l.closest('[lang]').getAttribute('lang'))"
        )
        assert set(langs) == {"en"}, langs
    finally:
        page.close()


@pytest.mark.parametrize("lang", ["es", "zh"])
def test_banner_titles_are_headings_in_the_reader_language(
    browser: Any, banner_site: ServedSite, lang: str
) -> None:
    page = browser.new_page()
    try:
        for path in (FALLBACK_PAGE.removesuffix(".md") + "/", "guide/websockets/", *UNITS_PAGES):
            load(page, banner_site.url + f"{lang}/{path}")
            title = page.locator(".i18ndocs-banner .admonition-title")
            assert title.count() == 1, path
            text = title.inner_text().strip()
            heading = page.get_by_role("heading", level=2, name=text, exact=True)
            assert heading.count() == 1, f"{path}: the banner title {text!r} is not a heading"
            assert heading.evaluate("h => h.closest('[lang]').getAttribute('lang')") == lang
            first = page.get_by_role("heading", level=1)
            assert first.count() == 1
            assert first.evaluate(
                "(h1, banner) => !!(h1.compareDocumentPosition(banner) & 4)",
                heading.element_handle(),
            ), f"{path}: the banner's heading comes before the page title"
    finally:
        page.close()


def test_language_names_carry_their_own_lang(browser: Any, served_site: ServedSite) -> None:
    page = browser.new_page()
    try:
        load(page, served_site.url + "en/contributing/status/")
        names = page.locator("article [lang]").evaluate_all(
            "nodes => nodes.map(n => [n.getAttribute('lang'), n.textContent.trim()])"
        )
        for code, name in (("es", "Español"), ("zh", "简体中文")):
            assert [code, name] in names, (code, names)
            heading = page.locator(f'article h3[lang="{code}"]')
            assert heading.count() == 1
            assert name in heading.inner_text()
        links = page.locator(".md-select__link").evaluate_all(
            "links => links.map(link => [link.getAttribute('lang'), link.textContent.trim()])"
        )
        assert links == [["en", "English"], ["es", "Español"], ["zh", "简体中文"]]
    finally:
        page.close()


CHART_COLOURS = """svg => {
    const luminance = text => {
        const [r, g, b] = text.match(/\\d+/g).slice(0, 3).map(Number).map(c => {
            c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
        });
        return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const contrast = (a, b) => {
        const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
        return (x + 0.05) / (y + 0.05);
    };
    let background = "rgb(255, 255, 255)";
    for (let node = svg; node; node = node.parentElement) {
        const color = getComputedStyle(node).backgroundColor;
        if (!/rgba\\(.*, 0\\)/.test(color) && color !== "transparent") {
            background = color;
            break;
        }
    }
    const rects = [...svg.querySelectorAll("rect")];
    const report = [];
    for (const rect of rects) {
        const style = getComputedStyle(rect);
        const width = Number(rect.getAttribute("width"));
        if (width === 0) { continue; }
        const entry = {
            state: rect.dataset.state || "legend",
            background: contrast(style.fill, background),
            separator: style.stroke === "none" ? 0 : contrast(style.stroke, style.fill),
            separatorWidth: parseFloat(style.strokeWidth),
            separatorIsBackground:
                style.stroke !== "none" && contrast(style.stroke, background) < 1.1,
        };
        report.push(entry);
    }
    const labels = [...svg.querySelectorAll("text[text-anchor=middle]")].map(text => {
        const box = text.getBBox();
        const under = rects.find(r => {
            const x = Number(r.getAttribute("x")), w = Number(r.getAttribute("width"));
            return r.dataset.state && x <= box.x && box.x + box.width <= x + w
                && Number(r.getAttribute("y")) <= box.y + box.height / 2;
        });
        return contrast(getComputedStyle(text).fill, getComputedStyle(under).fill);
    });
    return {rects: report, labels: labels};
}"""


@pytest.mark.parametrize(("preference", "scheme"), [("light", "default"), ("dark", "slate")])
def test_status_chart_has_one_name_and_colours_that_reach_3_to_1(
    browser: Any, banner_site: ServedSite, preference: str, scheme: str
) -> None:
    page = browser.new_page(color_scheme=preference)
    try:
        load(page, banner_site.url + "en/contributing/status/")
        assert page.evaluate("() => document.body.dataset.mdColorScheme") == scheme
        chart = page.locator("svg.i18ndocs-status-chart")
        assert chart.count() == 1
        title = chart.locator("title").text_content()
        assert title
        named = page.get_by_role("img", name=title, exact=True)
        assert named.count() == 1, "the chart's accessible name is not its title alone"
        assert chart.locator("desc").count() == 0, "a description repeats the table"
        assert chart.get_attribute("aria-describedby") is None
        assert page.locator("article table").count() >= 1, "the table is the text alternative"
        colours = chart.evaluate(CHART_COLOURS)
        states = {rect["state"] for rect in colours["rects"]}
        assert {"translated", "outdated", "missing", "legend"} <= states, states
        for rect in colours["rects"]:
            assert rect["background"] >= 3, rect
            if rect["state"] != "legend":
                # Segments are parted by a line of the background: each segment's
                # neighbour is the background, which it contrasts with.
                assert rect["separatorIsBackground"], rect
                assert rect["separatorWidth"] >= 1, rect
                assert rect["separator"] >= 3, rect
        assert colours["labels"], "no percentage is written in the bars"
        assert min(colours["labels"]) >= 4.5, colours["labels"]
    finally:
        page.close()

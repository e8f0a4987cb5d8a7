"""The search sections split from a page are the ones Material's own parser splits.

`page_sections` is held to Material's search parser on pages built at random from fragments
(headings with and without ids, kept and skipped tags, permalinks, void and self-closed tags,
character references, white space, comments, mismatched and unclosed tags): wherever it reads
a page, the sections' ids, titles and texts are Material's, piece for piece; where Material's
parser stops on a page, it does not read it. HTML it does not tokenize like Python's parser
is left to Material's.
"""

from __future__ import annotations

import random
from typing import Any

import pytest
from material.plugins.search.plugin import Parser  # type: ignore[import-untyped]

from i18ndocs.plugin.searchsections import page_sections

READ = [
    '<h1 id="a">',
    "</h1>",
    '<h2 id="b">',
    "</h2>",
    "<h2>",
    '<h3 id="c&amp;d">',
    "</h3>",
    '<H2 ID="up">',
    "</H2>",
    '<h2 id="x" data-search-exclude>',
    "<h2 id>",
    '<h2 id="">',
    "<hx>",
    "</hx>",
    "<p>",
    "</p>",
    "<P>",
    "</P >",
    "<code>",
    "</code>",
    "<pre>",
    "</pre>",
    '<span class="n">',
    "</span>",
    "<span/>",
    "<div>",
    "</div>",
    '<div class="linenodiv">',
    "<div data-search-exclude>",
    '<div data-search-exclude="">',
    '<a class="headerlink" href="#a">',
    '<a href="#x">',
    "</a>",
    "<a class='headerlink'>",
    "<br>",
    "<br/>",
    "<br />",
    "</br>",
    '<img src="x">',
    "<ul>",
    "</ul>",
    "<li>",
    "</li>",
    "<ol>",
    "</ol>",
    "<sub>",
    "</sub>",
    "<sup>",
    "</sup>",
    "<object>",
    "</object>",
    '<span class="linenodiv">',
    '<p class="a" class="linenodiv">',
    '<p id="1" id="2">',
    "<!-- c -->",
    "<!--x-->",
    "<td>",
    "</td>",
    "<em>",
    "</em>",
    "word",
    "two words",
    "\n",
    "  ",
    " \n ",
    "\t",
    "&amp;",
    "&lt;b&gt;",
    "&#39;",
    "&copy",
    "&",
    "&amp",
    "a&b",
    "中文",
    " x\ny ",
    ">",
    '"q"',
]
"""Fragments of HTML that `page_sections` reads."""

NOT_READ = [
    "<!-->",
    "<!-- a -- b -->",
    "<!doctype html>",
    "<?x?>",
    "< b",
    "</ x>",
    "<script>s</script>",
    "<style>p{}</style>",
    "<title>t</title>",
    "<a href=x>",
]
"""Fragments it leaves to Material's parser: not tokenized exactly like Python's parser does."""


def material(page: str) -> list[tuple[Any, ...]] | None:
    """Material's sections of a page; None when its parser stops on the page."""
    parser = Parser()
    try:
        parser.feed(page)
        parser.close()
    except ValueError:
        return None
    return [
        ("data-search-exclude" in section.el.attrs, section.id, section.title, section.text)
        for section in parser.data
    ]


def ours(page: str) -> list[tuple[Any, ...]] | None:
    sections = page_sections(page)
    if sections is None:
        return None
    return [(section.excluded, section.id, section.title, section.text) for section in sections]


@pytest.mark.parametrize(("fragments", "least_read"), [(READ, 0.99), (READ + NOT_READ, 0.1)])
def test_random_pages_split_as_materials_parser_splits_them(
    fragments: list[str], least_read: float
) -> None:
    read = 0
    cases = 3000
    for seed in range(cases):
        rng = random.Random(seed)
        page = "".join(rng.choice(fragments) for _ in range(rng.randint(1, 60)))
        found = ours(page)
        if found is None:
            continue
        read += 1
        assert found == material(page), f"seed {seed}: {page!r}"
    assert read >= least_read * cases, f"only {read} of {cases} pages were read"


def test_a_real_reference_section_keeps_its_title_and_texts() -> None:
    page = (
        '<h1 id="websockets">WebSockets<a class="headerlink" href="#websockets">¶</a></h1>\n'
        "<p>Intro &amp; <code>accept()</code>.</p>\n"
        '<div class="doc"><h2 id="tether.WebSocket"><code>WebSocket</code></h2>\n'
        '<div class="doc-signature highlight"><pre><span></span><code>'
        '<span class="n">send_text</span><span class="p">(</span><span class="n">data'
        '</span><span class="p">)</span></code></pre></div>\n'
        "<p>Send a <em>text</em> message.</p>\n<ul>\n<li>one</li>\n<li>  </li>\n</ul>"
        "<!--i18ndocs:listing:0--></div>"
    )
    sections = page_sections(page)
    assert sections is not None
    assert [(s.id, "".join(s.title).strip()) for s in sections] == [
        (None, "WebSockets"),
        ("tether.WebSocket", "<code>WebSocket</code>"),
    ]
    # Material pairs an end tag with the first opening of its name in the section, so the
    # second, empty item keeps its tags: the quirk is kept too.
    assert "".join(sections[1].text) == (
        " <pre><code>send_text(data)</code></pre> <p>Send a text message.</p>"
        " <ul> <li>one</li> <li> </li> </ul>"
    )
    assert ours(page) == material(page)


def test_a_page_materials_parser_stops_on_is_left_to_it() -> None:
    # The paragraph opens while its enclosing span is skipped; the inner span's end takes the
    # name "span" off the skipped ones, and the paragraph's end finds no opening to pair.
    page = '<h2 id="a">A</h2><span data-search-exclude><p>x<span></span>y</p></span>'
    assert material(page) is None, "Material's parser stops on the page"
    assert page_sections(page) is None


def test_a_section_left_is_never_returned_to() -> None:
    page = (
        '<h1 id="t">T</h1><div><div><h2 id="a">A</h2></div></div><p>back</p>'
        '<div><div><div><h3 id="b">B</h3></div><p>after</p></div></div>'
    )
    sections = page_sections(page)
    assert sections is not None
    assert ["".join(section.text) for section in sections] == [
        "<p>back</p><p>after</p>",
        "",
        "",
    ], "after the h3's element ends, the text goes to the page's first section, not the h2's"
    assert ours(page) == material(page)

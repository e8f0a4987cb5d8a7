"""What a multi-language site needs to be hosted: language alternates, sitemaps, a root 404.

* Every page's head links the same page in every language with absolute URLs
  (``<link rel="alternate" hreflang="es" href="https://example.org/es/guide/">``), plus an
  ``x-default`` for the source language; the theme's own alternates, which point at each
  language's home page, are replaced (`page_alternates`, from the ``on_post_page`` hook).
* Every language's ``sitemap.xml`` lists each page's alternates as ``xhtml:link`` elements,
  and the site root gets a sitemap index of the languages' sitemaps (`link_sitemaps`).
* The site root gets the source language's ``404.html``, whose links are absolute, so a host
  that serves one error page for the whole site shows the real one (`add_root_404`).

The last two run once every language is built, on the staging folder, before the swap.
"""

from __future__ import annotations

import gzip
import html
import re
import shutil
import xml.etree.ElementTree as ElementTree
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import urljoin

from i18ndocs.project.languages import Language

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"
X_DEFAULT = "x-default"

_THEME_ALTERNATE = re.compile(r'[ \t]*<link rel="alternate" href="[^"]*" hreflang="[^"]*">\n?')


def language_urls(languages: Sequence[Language], root_url: str) -> dict[str, str]:
    """Give every language's absolute base URL.

    Args:
        languages: The site's languages.
        root_url: The absolute URL the whole site is served from, ending with a slash.

    Returns:
        The base URL of each language by code (``https://example.org/docs/es/``).
    """
    return {language.code: f"{root_url}{language.code}/" for language in languages}


def alternate_links(bases: dict[str, str], source: str, page_url: str) -> list[tuple[str, str]]:
    """List a page's language alternates, the source language's again as ``x-default``.

    Args:
        bases: Every language's absolute base URL, by code (`language_urls`).
        source: The source language's code.
        page_url: The page's URL relative to its language's base (``guide/``, ``""``).

    Returns:
        ``(hreflang, absolute URL)`` pairs, in declaration order, then ``x-default``.
    """
    links = [(code, base + page_url) for code, base in bases.items()]
    return [*links, (X_DEFAULT, bases[source] + page_url)]


def page_alternates(output: str, links: Sequence[tuple[str, str]]) -> str:
    """Replace a page's alternates in its head by links to the same page in every language.

    Args:
        output: The page's HTML.
        links: ``(hreflang, absolute URL)`` pairs from `alternate_links`.

    Returns:
        The HTML with the theme's alternates removed and these inserted before ``</head>``.
    """
    end = output.find("</head>")
    if end < 0:
        return output
    head = _THEME_ALTERNATE.sub("", output[:end])
    tags = "".join(
        f'<link rel="alternate" hreflang="{html.escape(lang)}" href="{html.escape(url)}">\n'
        for lang, url in links
    )
    return head + tags + output[end:]


_MENU_LINK = re.compile(r'<a href="[^"]*"(?= hreflang="([^"]+)"[^>]*\bclass="md-select__link\b)')


def same_page_menu(output: str, page_url: str, lang: str) -> str:
    """Point the language menu's links at the same page in each language.

    The theme links each language's home page and maps the reader to the same page through
    the languages' sitemaps, found from the head's alternates; once those name the same page
    (`page_alternates`), that mapping finds no sitemap, so the links carry the page
    themselves, relative, so that they work wherever the site is served.

    Args:
        output: The page's HTML.
        page_url: The page's URL, relative to its language's site root.
        lang: The language of the page.

    Returns:
        The HTML with each ``md-select__link`` pointing at the page in its language.
    """
    from mkdocs.utils import get_relative_url

    def link(match: re.Match[str]) -> str:
        target = get_relative_url(f"{match[1]}/{page_url}", f"{lang}/{page_url}")
        return f'<a href="{html.escape(target)}"'

    return _MENU_LINK.sub(link, output)


def _sitemap_pages(path: Path, base: str) -> list[str]:
    """The page URLs (relative to the language's base) a language's sitemap lists."""
    tree = ElementTree.parse(path)
    pages = []
    for loc in tree.getroot().iter(f"{{{SITEMAP_NS}}}loc"):
        text = (loc.text or "").strip()
        if text.startswith(base):
            pages.append(text[len(base) :])
    return pages


def link_sitemaps(site: Path, languages: Sequence[Language], root_url: str) -> None:
    """Add every page's language alternates to each language's sitemap, and a root index.

    Languages without a sitemap (not built) are skipped; a page is linked only to the
    languages that list it too.

    Args:
        site: The site folder being assembled (``<code>/sitemap.xml`` inside).
        languages: The site's languages.
        root_url: The absolute URL the whole site is served from, ending with a slash.
    """
    ElementTree.register_namespace("", SITEMAP_NS)
    ElementTree.register_namespace("xhtml", XHTML_NS)
    bases = language_urls(languages, root_url)
    source = next((item.code for item in languages if item.source), languages[0].code)
    listed = {
        code: set(_sitemap_pages(site / code / "sitemap.xml", base))
        for code, base in bases.items()
        if (site / code / "sitemap.xml").is_file()
    }
    for code in listed:
        path = site / code / "sitemap.xml"
        tree = ElementTree.parse(path)
        for entry in tree.getroot().iter(f"{{{SITEMAP_NS}}}url"):
            for old in entry.findall(f"{{{XHTML_NS}}}link"):
                entry.remove(old)
            loc = (entry.findtext(f"{{{SITEMAP_NS}}}loc") or "").strip()
            page = loc[len(bases[code]) :] if loc.startswith(bases[code]) else None
            if page is None:
                continue
            for lang, url in alternate_links(bases, source, page):
                target = source if lang == X_DEFAULT else lang
                if page in listed.get(target, set()):
                    ElementTree.SubElement(
                        entry,
                        f"{{{XHTML_NS}}}link",
                        {"rel": "alternate", "hreflang": lang, "href": url},
                    )
        tree.write(path, encoding="UTF-8", xml_declaration=True)
        # No time stamp in the header: the same site gives the same bytes in every build.
        path.with_name("sitemap.xml.gz").write_bytes(gzip.compress(path.read_bytes(), mtime=0))
    index = ElementTree.Element(f"{{{SITEMAP_NS}}}sitemapindex")
    for code in listed:
        item = ElementTree.SubElement(index, f"{{{SITEMAP_NS}}}sitemap")
        ElementTree.SubElement(item, f"{{{SITEMAP_NS}}}loc").text = urljoin(
            bases[code], "sitemap.xml"
        )
    ElementTree.ElementTree(index).write(
        site / "sitemap.xml", encoding="UTF-8", xml_declaration=True
    )


def add_root_404(site: Path, source: str) -> None:
    """Copy the source language's 404 page to the site root, if it was built.

    Args:
        site: The site folder being assembled.
        source: The source language's code.
    """
    page = site / source / "404.html"
    if page.is_file():
        shutil.copyfile(page, site / "404.html")

"""What a multi-language site needs to be hosted: alternates, sitemaps, a root 404, llms.txt.

* Every page's head links the same page in every language with absolute URLs
  (``<link rel="alternate" hreflang="es" href="https://example.org/es/guide/">``), plus an
  ``x-default`` for the source language; the theme's own alternates, which point at each
  language's home page, are replaced (`page_alternates`, from the ``on_post_page`` hook).
* Every language's ``sitemap.xml`` lists each page's alternates as ``xhtml:link`` elements,
  and the site root gets a sitemap index of the languages' sitemaps (`link_sitemaps`).
* The site root gets the source language's ``404.html``, whose links are absolute, so a host
  that serves one error page for the whole site shows the real one (`add_root_404`).
* Every language gets an ``llms.txt`` (the llmstxt.org format: the site's name and description
  in the language, its pages, then every other language's ``llms.txt``; `add_language_llms_txt`,
  from the ``on_env`` hook), and the site root one that links each language's
  (`add_root_llms_txt`). A project's own ``llms.txt`` page wins over the generated one.

The root files run once every language is built, on the staging folder, before the swap.
"""

from __future__ import annotations

import gettext
import gzip
import html
import re
import shutil
import xml.etree.ElementTree as ElementTree
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urljoin

from i18ndocs.catalogs.sitetext import LLMS_OTHER_LANGUAGES, LLMS_PAGES
from i18ndocs.project.languages import Language

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"
X_DEFAULT = "x-default"
LLMS_TXT = "llms.txt"
LLMS_CONTEXT = "llms.txt heading"
"""The gettext context of the ``llms.txt`` headings (`i18ndocs.catalogs.sitetext`)."""

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


def llms_txt(
    title: str, description: str | None, sections: Sequence[tuple[str, Sequence[tuple[str, str]]]]
) -> str:
    """Write an ``llms.txt`` file: a title, a summary and sections of links (llmstxt.org).

    Args:
        title: The site's name (the file's only ``#`` heading).
        description: The site's description, the summary quoted under the title, if any.
        sections: ``(heading, [(link text, URL), ...])`` pairs; a section without links is
            left out.

    Returns:
        The file's Markdown.
    """
    lines = [f"# {_one_line(title)}", ""]
    if description:
        lines += [f"> {_one_line(description)}", ""]
    for heading, links in sections:
        if links:
            lines += [f"## {_one_line(heading)}", ""]
            lines += [f"- [{_link_text(text)}]({url})" for text, url in links]
            lines.append("")
    return "\n".join(lines)


def _one_line(text: str) -> str:
    """Collapse a text's white space, line breaks included, to single spaces."""
    return " ".join(text.split())


def _link_text(text: str) -> str:
    """Make a text safe inside a Markdown link's brackets."""
    return re.sub(r"([\\\[\]])", r"\\\1", _one_line(text))


def add_language_llms_txt(
    config: MkDocsConfig,
    files: Files,
    languages: Sequence[Language],
    code: str,
    words: gettext.NullTranslations,
) -> None:
    """Add a language's ``llms.txt``: its name and description, its pages, the other languages.

    Links are absolute when the configuration has a ``site_url``, else relative to the file.
    A project that has its own ``llms.txt`` keeps it.

    Args:
        config: The language's configuration (its ``site_name`` and ``site_description``
            already in the language).
        files: The language's files, their pages read (their titles known); the file is
            added to them, for MkDocs to write with the other static files.
        languages: The site's languages.
        code: The language being built.
        words: The site's words in the language.
    """
    from mkdocs.structure.files import File

    if files.get_file_from_path(LLMS_TXT) is not None:
        return
    base = config.site_url or ""
    base = base if not base or base.endswith("/") else base + "/"
    suffix = f"{code}/"
    root = base[: -len(suffix)] if base.endswith("/" + suffix) else "../"
    pages = [(page.title or page.url, base + page.url) for page in _in_nav_order(files)]
    others = [
        (language.name, f"{root}{language.code}/{LLMS_TXT}")
        for language in languages
        if language.code != code
    ]
    sections = [
        (words.pgettext(LLMS_CONTEXT, LLMS_PAGES), pages),
        (words.pgettext(LLMS_CONTEXT, LLMS_OTHER_LANGUAGES), others),
    ]
    text = llms_txt(config.site_name, config.site_description, sections)
    files.append(File.generated(config, LLMS_TXT, content=text))


def _in_nav_order(files: Files) -> list[Page]:
    """A language's pages in the navigation's order, then those outside it in the files'."""
    pages = [file.page for file in files.documentation_pages() if file.page is not None]
    heads = [page for page in pages if page.previous_page is None and page.next_page is not None]
    ordered: list[Page] = []
    page = heads[0] if len(heads) == 1 else None
    while page is not None:
        ordered.append(page)
        page = page.next_page
    return ordered + [page for page in pages if page not in ordered]


def add_root_llms_txt(
    site: Path,
    languages: Sequence[Language],
    root_url: str,
    title: str,
    description: str | None,
    heading: str,
) -> None:
    """Write the site root's ``llms.txt``, linking every language's that was built.

    Args:
        site: The site folder being assembled.
        languages: The site's languages.
        root_url: The absolute URL the whole site is served from, ending with a slash.
        title: The site's name.
        description: The site's description, if any.
        heading: The heading of the languages' list.
    """
    bases = language_urls(languages, root_url)
    links = [
        (language.name, f"{bases[language.code]}{LLMS_TXT}")
        for language in languages
        if (site / language.code / LLMS_TXT).is_file()
    ]
    text = llms_txt(title, description, [(heading, links)])
    (site / LLMS_TXT).write_text(text, encoding="utf-8")

"""Language marks on the theme's links to pages shown in another language.

A page missing from a language is shown from its English source (a fallback page), so its
title is English wherever the theme names it: in the navigation, in the footer's previous and
next links, and in the header while the page itself is read. Those titles get ``lang="en"``
(the source language's code) so screen readers read them with the right voice; the words
around them (the footer's "Previous", for example) keep the page's language, and so do the
docstrings of a fallback reference page, which are translated through the catalogs.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Collection

_NAV_LINK = re.compile(r'<a\b(?=[^>]*\bclass="[^"]*\bmd-nav__link\b)([^>]*)>')
_FOOTER_LINK = re.compile(
    r'(<a\b(?=[^>]*\bclass="[^"]*\bmd-footer__link\b)[^>]*>.*?<div class="md-ellipsis")',
    re.DOTALL,
)
_HREF = re.compile(r'\bhref="([^"]*)"')
_DOC_CONTENTS = re.compile(r'<div class="doc doc-contents\b')
_HEADER_TOPIC = '<div class="md-header__topic" data-md-component="header-topic">'


def _target(href: str, page_url: str) -> str | None:
    """Resolve a relative link of a page to a site path, None for other links."""
    path = href.split("#", 1)[0]
    if not path or "://" in path or path.startswith(("/", "mailto:")):
        return None
    base = page_url if page_url.endswith("/") or not page_url else posixpath.dirname(page_url)
    return posixpath.normpath(posixpath.join(base or ".", path))


def _is_fallback(tag: str, page_url: str, fallbacks: set[str]) -> bool:
    href = _HREF.search(tag)
    return href is not None and _target(href[1], page_url) in fallbacks


def mark_fallback_titles(
    html: str, page_url: str, fallback_urls: Collection[str], source_lang: str, *, own: bool
) -> str:
    """Give the theme's titles of fallback pages the source language's ``lang``.

    Args:
        html: A page's HTML.
        page_url: That page's URL, relative to the language's site root.
        fallback_urls: The URLs of the language's fallback pages, relative to the same root.
        source_lang: The code of the language fallback pages are written in.
        own: Whether the page itself is a fallback page (its header title is then marked).

    Returns:
        The HTML with ``lang`` on the navigation links, the footer titles and the header
        title that name fallback pages.
    """
    fallbacks = {posixpath.normpath(url or ".") for url in fallback_urls}
    mark = f' lang="{source_lang}"'

    def nav(match: re.Match[str]) -> str:
        tag = match[0]
        if " lang=" in tag or not _is_fallback(tag, page_url, fallbacks):
            return tag
        return tag[:-1] + mark + ">"

    def footer(match: re.Match[str]) -> str:
        link = match[0]
        if not _is_fallback(link, page_url, fallbacks):
            return link
        return link + mark

    html = _NAV_LINK.sub(nav, html)
    html = _FOOTER_LINK.sub(footer, html)
    if own:
        html = html.replace(_HEADER_TOPIC, _HEADER_TOPIC[:-1] + mark + ">", 1)
    return html


def mark_docstrings(html: str, lang: str) -> str:
    """Give the docstring blocks of a page the reader's ``lang``.

    On a fallback page, everything around the docstrings is English, but the docstrings
    themselves come from the reader's language's catalog; their untranslated units keep
    their own ``lang="en"`` inside.

    Args:
        html: The page's content HTML.
        lang: The reader's language code.

    Returns:
        The HTML with ``lang`` on every mkdocstrings ``doc-contents`` block.
    """
    return _DOC_CONTENTS.sub(f'<div lang="{lang}" class="doc doc-contents', html)

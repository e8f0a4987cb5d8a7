"""The banners a translated site puts on pages that are not (or no longer) fully translated.

A page missing from a language is built from its English source and says so near its top,
in the reader's language, with a link to the translators' guide. A page whose English source
changed since it was translated says that, with a link to the English page. A page whose
docstrings are partly untranslated says how many of its units are still in English. Banners
are Material admonitions, so they look native and work on reference pages too; their words
come from the ``site`` catalog. Their titles are headings in the page's outline.
"""

from __future__ import annotations

import enum
import gettext
from html import escape

CSS_CLASS = "i18ndocs-banner"
TITLE_HEADING = 'role="heading" aria-level="2"'
"""What makes a banner's title a heading of the page's outline, under the page's title.

Banners written in Markdown get it from the theme (``partials/content.html`` of the site's
theme overrides), which also marks every banner with the page's language.
"""


class BannerKind(str, enum.Enum):
    """Why a page carries a banner."""

    UNTRANSLATED = "untranslated"
    OUTDATED = "outdated"
    UNITS = "units"


def banner_texts(
    kind: BannerKind, words: gettext.NullTranslations, count: int = 0
) -> tuple[str, str, str]:
    """Return a banner's title, sentence and link text in the reader's language.

    Args:
        kind: Which banner.
        words: The site's words in the reader's language.
        count: For `BannerKind.UNITS`, how many units are still English.

    Returns:
        The title; the sentence, with ``{link}`` where the link goes and ``{language}`` for
        the language's name; the words that carry the link.
    """
    _ = words.gettext
    if kind is BannerKind.UNTRANSLATED:
        return (
            _("Not translated yet"),
            _("This page is not translated into {language} yet, so it is shown in English. {link}"),
            _("Help translate it"),
        )
    if kind is BannerKind.OUTDATED:
        return (
            _("Translation out of date"),
            _(
                "The English original of this page changed after it was translated into "
                "{language}. {link}"
            ),
            _("Read the English page"),
        )
    return (
        words.ngettext(
            "{count} passage still in English",
            "{count} passages still in English",
            count,
        ).format(count=count),
        words.ngettext(
            "One passage of this page's reference is not translated yet and is shown in "
            "English, marked as such. {link}",
            "{count} passages of this page's reference are not translated yet and are shown "
            "in English, marked as such. {link}",
            count,
        ),
        _("Help translate them"),
    )


def banner_markdown(
    kind: BannerKind, words: gettext.NullTranslations, language_name: str, link: str
) -> str:
    """Render a banner as a Markdown admonition.

    The admonition carries the classes ``i18ndocs-banner`` and ``i18ndocs-<kind>`` so that
    styles and tests can find it.

    Args:
        kind: Which banner.
        words: The site's words in the reader's language.
        language_name: The reader's language by its own name.
        link: Where the banner's link points: a page path relative to the current page, or
            an absolute URL path.

    Returns:
        The admonition's Markdown, ending with a blank line.
    """
    title, body, link_text = banner_texts(kind, words)
    title = title.replace('"', "'")
    sentence = body.format(language=language_name, link=f"[{link_text}]({link})")
    return f'!!! warning {CSS_CLASS} i18ndocs-{kind.value} "{title}"\n\n    {sentence}\n\n'


def units_banner_html(words: gettext.NullTranslations, count: int, link: str | None) -> str:
    """Render the banner of a page whose docstrings are partly still in English.

    Args:
        words: The site's words in the reader's language.
        count: How many units of the page are still in English.
        link: The translators' guide, relative to the page; None to leave the link out.

    Returns:
        The admonition's HTML, as Material renders a Markdown admonition.
    """
    title, body, link_text = banner_texts(BannerKind.UNITS, words, count)
    anchor = f'<a href="{escape(link)}">{escape(link_text)}</a>' if link else ""
    sentence = escape(body).replace("{count}", str(count)).replace("{link}", anchor)
    return (
        f'<div class="admonition warning {CSS_CLASS} i18ndocs-{BannerKind.UNITS.value}">'
        f'<p class="admonition-title" {TITLE_HEADING}>{escape(title)}</p>'
        f"<p>{sentence.strip()}</p></div>"
    )


def after_title(markdown: str, banner: str) -> str:
    """Insert a banner after the page's first level-one heading, or at its top.

    Args:
        markdown: The page's Markdown.
        banner: The banner's Markdown.

    Returns:
        The page with the banner.
    """
    lines = markdown.splitlines(keepends=True)
    for index, line in enumerate(lines):
        if line.startswith("```") or line.startswith("~~~"):
            break
        if line.startswith("# "):
            return "".join([*lines[: index + 1], "\n", banner, *lines[index + 1 :]])
    return banner + markdown


def after_title_html(html: str, banner: str) -> str:
    """Insert a banner's HTML after the page's first ``h1``, or at its top.

    Args:
        html: The page's HTML.
        banner: The banner's HTML.

    Returns:
        The page with the banner.
    """
    position = html.find("</h1>")
    if position < 0:
        return banner + html
    position += len("</h1>")
    return html[:position] + banner + html[position:]

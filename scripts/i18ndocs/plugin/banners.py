"""The banners a translated site puts on pages that are not (or no longer) fully translated.

A page missing from a language is built from its English source and says so near its top,
in the reader's language, with a link to the translators' guide. A page whose English source
changed since it was translated says that, with a link to the English page and, collapsed
under it, what changed in the English word by word when the English it was translated from
was recorded (`i18ndocs.status.snapshots`). A page whose
docstrings are partly shown in English says how many of its units are not translated, how
many are outdated and how many are translated, counted from the marks the docstrings carry
(`i18ndocs.reference.translation`). Banners are Material admonitions, so they look native
and work on reference pages too; their words come from the ``site`` catalog. Their titles are
headings in the page's outline.
"""

from __future__ import annotations

import enum
import gettext
from html import escape

from i18ndocs.reference.translation import OUTDATED_CLASS, TRANSLATED_CLASS, UNTRANSLATED_CLASS
from i18ndocs.status.diff import diff_element, word_diff
from i18ndocs.status.model import Change, Counts

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
    kind: BannerKind, words: gettext.NullTranslations, counts: Counts | None = None
) -> tuple[str, str, str]:
    """Return a banner's title, sentence and link text in the reader's language.

    Args:
        kind: Which banner.
        words: The site's words in the reader's language.
        counts: For `BannerKind.UNITS`, the page's docstring units in each state.

    Returns:
        The title; the sentence, with ``{link}`` where the link goes, ``{language}`` for the
        language's name and, for `BannerKind.UNITS`, ``{counts}`` for `unit_counts_text`; the
        words that carry the link.
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
    english = 0 if counts is None else counts.missing + counts.outdated
    return (
        words.ngettext(
            "{count} passage still in English",
            "{count} passages still in English",
            english,
        ).format(count=english),
        _(
            "In this page's reference: {counts}. Passages without an up-to-date translation "
            "are shown in English and marked as such. {link}"
        ),
        _("Help translate them"),
    )


def unit_counts_text(words: gettext.NullTranslations, counts: Counts) -> str:
    """Say how many docstring units are in each state, leaving out the states with none.

    Args:
        words: The site's words in the reader's language.
        counts: The units in each state.

    Returns:
        For example ``3 passages not translated, 2 passages outdated, 12 passages translated``.
    """
    missing, outdated, translated = counts.missing, counts.outdated, counts.translated
    phrases = (
        (
            missing,
            words.ngettext(
                "{count} passage not translated", "{count} passages not translated", missing
            ),
        ),
        (
            outdated,
            words.ngettext("{count} passage outdated", "{count} passages outdated", outdated),
        ),
        (
            translated,
            words.ngettext("{count} passage translated", "{count} passages translated", translated),
        ),
    )
    parts = [phrase.format(count=count) for count, phrase in phrases if count]
    return words.pgettext("list separator", ", ").join(parts)


def unit_counts(html: str) -> Counts:
    """Count the docstring units of a page's HTML in each state, by the classes they carry.

    Args:
        html: The page's HTML.

    Returns:
        How many units are translated, outdated and not translated.
    """
    return Counts(
        translated=html.count(f'class="{TRANSLATED_CLASS}"'),
        outdated=html.count(f'class="{OUTDATED_CLASS}"'),
        missing=html.count(f'class="{UNTRANSLATED_CLASS}"'),
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


def units_banner_html(words: gettext.NullTranslations, counts: Counts, link: str | None) -> str:
    """Render the banner of a page whose docstrings are partly shown in English.

    Args:
        words: The site's words in the reader's language.
        counts: The page's docstring units in each state.
        link: The translators' guide, relative to the page; None to leave the link out.

    Returns:
        The admonition's HTML, as Material renders a Markdown admonition; empty when no unit
        is shown in English.
    """
    if not counts.missing + counts.outdated:
        return ""
    title, body, link_text = banner_texts(BannerKind.UNITS, words, counts)
    anchor = f'<a href="{escape(link)}">{escape(link_text)}</a>' if link else ""
    sentence = (
        escape(body)
        .replace("{counts}", escape(unit_counts_text(words, counts)))
        .replace("{link}", anchor)
    )
    return _admonition_html(BannerKind.UNITS, title, sentence)


def outdated_banner_html(
    words: gettext.NullTranslations, language_name: str, link: str, change: Change, source: str
) -> str:
    """Render the banner of a page whose English changed since it was translated.

    It is HTML, written into the page's Markdown as one raw block, so that it can hold what
    changed: a ``<details>`` element, collapsed, whose summary is in the reader's language and
    whose diff is in the source language (``<del>`` and ``<ins>`` for the words removed and
    added). The summary is a native control: keyboard users reach and open it as a button.
    Without a recorded English to compare with, the banner says only that the page is outdated.

    Args:
        words: The site's words in the reader's language.
        language_name: The reader's language by its own name.
        link: The English page's URL.
        change: How the page's English changed.
        source: The source language's code.

    Returns:
        The banner's HTML, as Material renders an admonition, ending with a blank line.
    """
    title, body, link_text = banner_texts(BannerKind.OUTDATED, words)
    anchor = f'<a href="{escape(link)}">{escape(link_text)}</a>'
    sentence = escape(body).replace("{language}", escape(language_name)).replace("{link}", anchor)
    pieces = word_diff(change.old, change.new) if change.old is not None else []
    details = ""
    if pieces:
        summary = escape(words.gettext("What changed in the English"))
        details = (
            f'<details class="i18ndocs-change" data-search-exclude><summary>{summary}</summary>'
            f"{diff_element(pieces, source)}</details>"
        )
    return _admonition_html(BannerKind.OUTDATED, title, sentence, details) + "\n\n"


def _admonition_html(kind: BannerKind, title: str, sentence: str, more: str = "") -> str:
    """Write a banner as Material renders a warning admonition (``sentence``, ``more``: HTML)."""
    return (
        f'<div class="admonition warning {CSS_CLASS} i18ndocs-{kind.value}">'
        f'<p class="admonition-title" {TITLE_HEADING}>{escape(title)}</p>'
        f"<p>{sentence.strip()}</p>{more}</div>"
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

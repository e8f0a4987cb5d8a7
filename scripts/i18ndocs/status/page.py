"""The translation status page, generated into every language's site at build time.

The page shows a chart of each translated language's progress, drawn as inline
SVG (stacked horizontal bars: translated, outdated, not translated), and lists the pages
not translated or outdated per language, each linked to that page in its language's
site; under each language, what changed in the English of every outdated page and catalog
unit, word by word, each in a collapsed ``<details>``. It counts the docstring units of every
reference page in each state, with the words of the marks and banners those pages carry.
Its labels are in the reader's language.
"""

from __future__ import annotations

import gettext
import posixpath
from html import escape

from i18ndocs.project.language_config import directory_url
from i18ndocs.project.settings import DEFAULT_GUIDE_PAGE, DEFAULT_STATUS_PAGE
from i18ndocs.status.diff import diff_element, word_diff
from i18ndocs.status.model import LanguageStatus, PageState, StatusReport, UnitKind, UnitStatus

_COLORS = {
    PageState.TRANSLATED: ("#2e7d32", "#ffffff"),
    PageState.OUTDATED: ("#b45309", "#ffffff"),
    PageState.MISSING: ("#6b6b6b", "#ffffff"),
}
"""Each state's fill and the colour of the text on it.

Every fill is above 5:1 against the white page and its text (WCAG asks 3:1 for graphics);
segments are parted by a line of the page's white (`_GAP`), so each one's neighbour is the
background, whose contrast it already has.
"""
_BACKGROUND = "#ffffff"
_GAP = 2
_NAME_WIDTH = 140
_BAR_WIDTH = 440
_ROW_HEIGHT = 34
_BAR_HEIGHT = 24
_LEGEND_HEIGHT = 30
_MIN_LABELLED_WIDTH = 44


def labels(words: gettext.NullTranslations) -> dict[str, str]:
    """Return the status page's texts in the reader's language.

    Args:
        words: The site's words in the reader's language.

    Returns:
        The texts by role; a text without a translation is English.
    """
    _ = words.gettext
    return {
        "title": _("Translation status"),
        "intro": _(
            "How much of this documentation is translated into each language, computed "
            "from the sources when the site was built."
        ),
        "help": _("Want to help? Read [the translators' guide]({guide})."),
        "chart": _("Translation progress per language"),
        "language": _("Language"),
        "pages": _("Pages"),
        "translated": words.pgettext("translation state", "Translated"),
        "outdated": words.pgettext("translation state", "Outdated"),
        "missing": words.pgettext("translation state", "Not translated"),
        "to_do": _("Pages needing work"),
        "units": _("Docstrings and site texts"),
        "units_intro": _(
            "The API reference's docstrings and the words around the pages are translated "
            "through gettext catalogs; a fuzzy entry counts as outdated."
        ),
        "kind": _("Units"),
        "docstring": words.pgettext("unit kind", "Docstrings"),
        "site-text": words.pgettext("unit kind", "Site texts"),
        "page": _("Page"),
        "by_page": _("Docstring units per reference page"),
        "done": _("Every page is translated and up to date."),
        "separator": words.pgettext("list separator", "; "),
        "changes": _("What changed in the English"),
        "changed": _("What changed in the English of {unit}"),
        "unchanged": _("No word changed, only spacing or the catalog's fuzzy mark."),
        "unrecorded": _(
            "The English text this was translated from is not recorded, so it cannot be "
            "compared. Git's history has it: {command}"
        ),
    }


def page_url(rel_path: str, lang: str, status_page: str = DEFAULT_STATUS_PAGE) -> str:
    """Return the URL of a page in some language's site, relative to the status page.

    Every language, English included, is served under ``/<code>/`` with directory
    URLs (``guide/testing.md`` is ``/es/guide/testing/``).

    Args:
        rel_path: The page's path relative to its language directory.
        lang: The language whose site to link to.
        status_page: Where the status page sits, relative to a language directory.

    Returns:
        A relative URL that works from any language's status page.
    """
    up = "../" * (directory_url(status_page).count("/") + 1)
    return f"{up}{lang}/{directory_url(rel_path)}"


def page_link(
    rel_path: str, lang: str, reader_lang: str, status_page: str = DEFAULT_STATUS_PAGE
) -> str:
    """Return a Markdown link from the status page to a page of some language.

    A page of the reader's own site is linked by its source path, so MkDocs
    checks the link. Another language's site is not part of the build, so its
    pages are linked with an HTML anchor to their `page_url`, which MkDocs leaves
    as it is.

    Args:
        rel_path: The page's path relative to its language directory.
        lang: The language whose page to link to.
        reader_lang: The language of the status page being rendered.
        status_page: Where the status page sits, relative to a language directory.

    Returns:
        The link, with the page path as its text.
    """
    if lang == reader_lang:
        return f"[`{rel_path}`]({_relative_to_status(rel_path, status_page)})"
    url = page_url(rel_path, lang, status_page)
    return f'<a href="{escape(url)}"><code>{escape(rel_path)}</code></a>'


def _relative_to_status(rel_path: str, status_page: str) -> str:
    """Write a Markdown link target from the status page's source to another page's."""
    return posixpath.relpath(rel_path, posixpath.dirname(status_page) or ".")


def percent(value: float, reader: str) -> str:
    """Write a percentage the way the reader's language does (``96.4%``, ``96,4 %``).

    Args:
        value: The percentage, from 0 to 100.
        reader: The reader's language code; a code Babel does not know reads as English.

    Returns:
        The value with at most one decimal, grouped and signed as the locale writes it.
    """
    from decimal import Decimal

    from babel import Locale, UnknownLocaleError
    from babel.numbers import format_percent

    try:
        locale = Locale.parse(reader.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        locale = Locale("en")
    # The locale's own pattern (its sign, spacing and separators), without rounding off the
    # one decimal kept.
    share = Decimal(f"{value:.1f}").normalize() / 100
    return format_percent(share, locale=locale, decimal_quantization=False)


def render_chart(report: StatusReport, words: gettext.NullTranslations, reader: str) -> str:
    """Draw each translated language's progress as an accessible inline SVG.

    Each language is one bar split into translated, outdated and missing pages,
    with the percentage written in each segment wide enough to hold it and a
    legend below. Every segment carries ``data-lang``, ``data-state`` and
    ``data-count`` attributes. The chart is one image named by its title; the table
    that follows it on the page is its text alternative, so it has no description that
    screen readers would read as well.

    Args:
        report: The status to draw.
        words: The site's words in the reader's language.
        reader: The reader's language code, for the percentages.

    Returns:
        One ``<svg>`` element, without blank lines, so Markdown keeps it as is.
    """
    text = labels(words)
    height = len(report.languages) * _ROW_HEIGHT + _LEGEND_HEIGHT + 8
    width = _NAME_WIDTH + _BAR_WIDTH + 8
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="i18ndocs-status-chart" role="img" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'style="max-width: 100%; height: auto" '
        f'aria-labelledby="i18ndocs-status-title" '
        f'font-family="sans-serif" font-size="13">',
        f'<title id="i18ndocs-status-title">{escape(text["chart"])}</title>',
    ]
    for row, status in enumerate(report.languages):
        parts.extend(_bar(row, status, reader))
    parts.extend(_legend(len(report.languages) * _ROW_HEIGHT + 8, text))
    parts.append("</svg>")
    return "\n".join(parts)


def _bar(row: int, status: LanguageStatus, reader: str) -> list[str]:
    top = row * _ROW_HEIGHT + 4
    middle = top + _BAR_HEIGHT // 2
    parts = [
        f'<text x="0" y="{middle}" dominant-baseline="middle" fill="currentColor" '
        f'lang="{escape(status.code)}">{escape(status.name)}</text>'
    ]
    counts = status.counts()
    x = float(_NAME_WIDTH)
    for state in PageState:
        share = counts.of(state) / counts.total if counts.total else 0.0
        segment = _BAR_WIDTH * share
        fill, ink = _COLORS[state]
        parts.append(
            f'<rect x="{x:.1f}" y="{top}" width="{segment:.1f}" height="{_BAR_HEIGHT}" '
            f'fill="{fill}" stroke="{_BACKGROUND}" stroke-width="{_GAP}" '
            f'data-lang="{escape(status.code)}" data-state="{state.value}" '
            f'data-count="{counts.of(state)}" data-percent="{counts.percent(state)}"/>'
        )
        if segment >= _MIN_LABELLED_WIDTH:
            parts.append(
                f'<text x="{x + segment / 2:.1f}" y="{middle}" text-anchor="middle" '
                f'dominant-baseline="middle" fill="{ink}">'
                f"{percent(counts.percent(state), reader)}</text>"
            )
        x += segment
    return parts


def _legend(top: int, text: dict[str, str]) -> list[str]:
    parts: list[str] = []
    x = _NAME_WIDTH
    for state in PageState:
        fill, _ = _COLORS[state]
        label = escape(text[state.value])
        parts.append(f'<rect x="{x}" y="{top + 6}" width="14" height="14" fill="{fill}"/>')
        parts.append(
            f'<text x="{x + 20}" y="{top + 13}" dominant-baseline="middle" '
            f'fill="currentColor">{label}</text>'
        )
        x += 150
    return parts


def _table(report: StatusReport, text: dict[str, str], reader: str) -> list[str]:
    states = list(PageState)
    header = [text["language"], text["pages"], *(text[state.value] for state in states)]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for status in report.languages:
        counts = status.counts()
        cells = [
            f"{_named(status, reader)} (`{status.code}`)",
            str(counts.total),
            *(f"{counts.of(state)} ({percent(counts.percent(state), reader)})" for state in states),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def _unsearched(code: str, reader: str) -> str:
    """Keep a language's name out of the search index of a site in another language.

    Its own language's readers find it; in other sites it would only add foreign words to the
    index (and Chinese ones would load a word segmenter into every language's build).
    """
    same = code.split("-")[0].lower() == reader.split("-")[0].lower()
    return "" if same else " data-search-exclude"


def _named(status: LanguageStatus, reader: str) -> str:
    """Write a language's name marked with its own language, for screen readers' voices."""
    code = escape(status.code)
    return f'<span lang="{code}"{_unsearched(status.code, reader)}>{escape(status.name)}</span>'


def _work_lists(
    report: StatusReport, lang: str, text: dict[str, str], status_page: str
) -> list[str]:
    source = report.source
    lines = [f"## {text['to_do']}", ""]
    for status in report.languages:
        marks = f'lang="{status.code}"{_unsearched(status.code, lang)}'
        lines += [f"### {status.name} (`{status.code}`) {{: {marks} }}", ""]
        pending = status.needing_work()
        if not pending:
            lines += [text["done"], ""]
        for state in (PageState.MISSING, PageState.OUTDATED):
            keys = [unit.key for unit in pending if unit.state is state]
            if not keys:
                continue
            lines += [f"**{text[state.value]}** ({len(keys)})", ""]
            lines += [f"- {page_link(key, status.code, lang, status_page)}" for key in keys]
            lines.append("")
        lines += _changes(status, text, source)
    return lines


def _changes(status: LanguageStatus, text: dict[str, str], source: str) -> list[str]:
    """List what changed in the English of a language's outdated units, each one collapsed."""
    outdated = [unit for unit in status.units if unit.change is not None]
    if not outdated:
        return []
    lines = [f"**{text['changes']}** ({len(outdated)})", ""]
    for unit in outdated:
        # One raw HTML block each, kept out of the search: its words are the English.
        name = f"<code>{escape(unit.key)}</code>"
        summary = escape(text["changed"]).replace("{unit}", name)
        lines += [
            f'<details class="i18ndocs-change" data-search-exclude><summary>{summary}</summary>'
            f"{_change_html(unit, status.code, source, text)}</details>",
            "",
        ]
    return lines


def _change_html(unit: UnitStatus, code: str, source: str, text: dict[str, str]) -> str:
    """Show one unit's change: the diff, or where to find the English it was translated from."""
    change = unit.change
    if change is None or change.old is None:
        if unit.kind is UnitKind.PAGE:
            command = f"git log -p -- docs/{source}/{unit.key}"
            if change is not None and change.fingerprint:
                command = f"git log -S {change.fingerprint} -- docs/{code}/{unit.key}"
            found = f"<code>{escape(command)}</code>"
        else:
            found = "<code>git log -p</code>"
        return f"<p>{escape(text['unrecorded']).replace('{command}', found)}</p>"
    pieces = word_diff(change.old, change.new)
    return diff_element(pieces, source) if pieces else f"<p>{escape(text['unchanged'])}</p>"


def _unit_tables(report: StatusReport, text: dict[str, str], reader: str) -> list[str]:
    """Tabulate the catalog units per language and kind, and the docstring units per page."""
    kinds = (UnitKind.DOCSTRING, UnitKind.SITE_TEXT)
    if not any(status.counts(kind).total for status in report.languages for kind in kinds):
        return []
    states = list(PageState)
    header = [text["language"], text["kind"], *(text[state.value] for state in states)]
    lines = [f"## {text['units']}", "", text["units_intro"], ""]
    lines += ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for status in report.languages:
        for kind in kinds:
            counts = status.counts(kind)
            cells = [
                f"{_named(status, reader)} (`{status.code}`)",
                text[kind.value],
                *(
                    f"{counts.of(state)} ({percent(counts.percent(state), reader)})"
                    for state in states
                ),
            ]
            lines.append("| " + " | ".join(cells) + " |")
    per_language = [(status, status.page_unit_counts()) for status in report.languages]
    pages = sorted({page for _, by_page in per_language for page in by_page})
    if pages:
        lines += ["", f"### {text['by_page']}", ""]
        header = [text["page"], text["language"], *(text[state.value] for state in states)]
        lines += ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        for page in pages:
            for status, by_page in per_language:
                found = by_page.get(page)
                if found is None:
                    continue
                cells = [
                    f"`{page}`",
                    f"{_named(status, reader)} (`{status.code}`)",
                    *(str(found.of(state)) for state in states),
                ]
                lines.append("| " + " | ".join(cells) + " |")
    lines.append("")
    return lines


def render_report(
    report: StatusReport,
    lang: str,
    words: gettext.NullTranslations,
    status_page: str = DEFAULT_STATUS_PAGE,
    guide_page: str = DEFAULT_GUIDE_PAGE,
) -> str:
    """Render a status report as the Markdown of the status page.

    Args:
        report: The status to show.
        lang: The reader's language code, for links to its pages.
        words: The site's words in the reader's language.
        status_page: Where the status page sits, relative to a language directory.
        guide_page: The translators' guide, relative to a language directory.

    Returns:
        The page's Markdown: title, chart, table of counts and the lists of
        pages missing or outdated per language.
    """
    text = labels(words)
    guide = _relative_to_status(guide_page, status_page)
    lines = [
        f"# {text['title']}",
        "",
        text["intro"],
        "",
        # The chart repeats the table below: searching it again would only add noise.
        '<figure class="i18ndocs-status-chart" data-search-exclude>',
        render_chart(report, words, lang),
        "</figure>",
        "",
        *_table(report, text, lang),
        "",
        *_work_lists(report, lang, text, status_page),
        *_unit_tables(report, text, lang),
        text["help"].format(guide=guide),
        "",
    ]
    return "\n".join(lines)

"""The translation status page, generated into every language's site at build time.

The page shows a chart of each translated language's progress, drawn as inline
SVG (stacked horizontal bars: translated, outdated, missing), and lists the pages
missing or outdated per language, each linked to that page in its language's
site. Its labels are in the reader's language.
"""

# Chinese texts use full-width punctuation on purpose.
# ruff: noqa: RUF001

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from pathlib import Path, PurePosixPath

from .banners import TRANSLATORS_GUIDE
from .languages import load_languages
from .status import DeclaredLanguage, LanguageStatus, PageState, StatusReport, collect_status

STATUS_PAGE = "contributing/status.md"
"""Where the status page sits in every language's docs."""

_LABELS: dict[str, dict[str, str]] = {
    "en": {
        "title": "Translation status",
        "intro": (
            "How much of this documentation is translated into each language, computed "
            "from the sources when the site was built."
        ),
        "help": "Want to help? Read [the translators' guide]({guide}).",
        "chart": "Translation progress per language",
        "summary": "{name}: {translated} translated, {outdated} outdated, {missing} missing",
        "language": "Language",
        "pages": "Pages",
        "translated": "Translated",
        "outdated": "Outdated",
        "missing": "Missing",
        "to_do": "Pages needing work",
        "done": "Every page is translated and up to date.",
        "separator": "; ",
    },
    "es": {
        "title": "Estado de las traducciones",
        "intro": (
            "Cuánto de esta documentación está traducido a cada idioma, calculado a partir "
            "de las fuentes al construir el sitio."
        ),
        "help": "¿Quieres ayudar? Lee [la guía para traductores]({guide}).",
        "chart": "Progreso de la traducción por idioma",
        "summary": (
            "{name}: {translated} traducidas, {outdated} desactualizadas, {missing} sin traducir"
        ),
        "language": "Idioma",
        "pages": "Páginas",
        "translated": "Traducidas",
        "outdated": "Desactualizadas",
        "missing": "Sin traducir",
        "to_do": "Páginas pendientes",
        "done": "Todas las páginas están traducidas y al día.",
        "separator": "; ",
    },
    "zh": {
        "title": "翻译进度",
        "intro": "本文档各语言的翻译情况，在构建网站时根据源文件计算得出。",
        "help": "想要参与？请阅读[译者指南]({guide})。",
        "chart": "各语言的翻译进度",
        "summary": "{name}：已翻译 {translated} 页，已过时 {outdated} 页，未翻译 {missing} 页",
        "language": "语言",
        "pages": "页面",
        "translated": "已翻译",
        "outdated": "已过时",
        "missing": "未翻译",
        "to_do": "待处理的页面",
        "done": "所有页面均已翻译且为最新。",
        "separator": "；",
    },
}

_COLORS = {
    PageState.TRANSLATED: ("#2e7d32", "#ffffff"),
    PageState.OUTDATED: ("#f9a825", "#000000"),
    PageState.MISSING: ("#b0b0b0", "#000000"),
}
_NAME_WIDTH = 140
_BAR_WIDTH = 440
_ROW_HEIGHT = 34
_BAR_HEIGHT = 24
_LEGEND_HEIGHT = 30
_MIN_LABELLED_WIDTH = 44


def labels(lang: str) -> dict[str, str]:
    """Return the status page's texts in one language.

    Args:
        lang: The reader's language code.

    Returns:
        The texts in that language, or in English when it has none yet.
    """
    return _LABELS.get(lang, _LABELS["en"])


def page_url(rel_path: str, lang: str) -> str:
    """Return the URL of a page in some language's site, relative to the status page.

    Every language, English included, is served under ``/<code>/`` with directory
    URLs (``guide/testing.md`` is ``/es/guide/testing/``), and the status page is at
    ``/<code>/contributing/status/``.

    Args:
        rel_path: The page's path relative to its language directory.
        lang: The language whose site to link to.

    Returns:
        A relative URL that works from any language's status page.
    """
    path = PurePosixPath(rel_path)
    parts = list(path.parent.parts) if path.stem == "index" else [*path.parent.parts, path.stem]
    return "/".join(["..", "..", "..", lang, *parts]) + "/"


def page_link(rel_path: str, lang: str, reader_lang: str) -> str:
    """Return a Markdown link from the status page to a page of some language.

    A page of the reader's own site is linked by its source path, so MkDocs
    checks the link. Another language's site is not part of the build, so its
    pages are linked with an HTML anchor to their `page_url`, which MkDocs leaves
    as it is.

    Args:
        rel_path: The page's path relative to its language directory.
        lang: The language whose page to link to.
        reader_lang: The language of the status page being rendered.

    Returns:
        The link, with the page path as its text.
    """
    if lang == reader_lang:
        target = PurePosixPath(rel_path)
        here = PurePosixPath(STATUS_PAGE).parent
        relative = "/".join([".."] * len(here.parts) + list(target.parts))
        return f"[`{rel_path}`]({relative})"
    return f'<a href="{escape(page_url(rel_path, lang))}"><code>{escape(rel_path)}</code></a>'


def render_chart(report: StatusReport, lang: str) -> str:
    """Draw each translated language's progress as an accessible inline SVG.

    Each language is one bar split into translated, outdated and missing pages,
    with the percentage written in each segment wide enough to hold it and a
    legend below. Every segment carries ``data-lang``, ``data-state`` and
    ``data-count`` attributes.

    Args:
        report: The status to draw.
        lang: The reader's language code, for the texts.

    Returns:
        One ``<svg>`` element, without blank lines, so Markdown keeps it as is.
    """
    text = labels(lang)
    height = len(report.languages) * _ROW_HEIGHT + _LEGEND_HEIGHT + 8
    width = _NAME_WIDTH + _BAR_WIDTH + 8
    summaries = [
        text["summary"].format(
            name=status.name,
            **{state.value: status.counts().of(state) for state in PageState},
        )
        for status in report.languages
    ]
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="tether-status-chart" role="img" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'style="max-width: 100%; height: auto" '
        f'aria-labelledby="tether-status-title tether-status-desc" '
        f'font-family="sans-serif" font-size="13">',
        f'<title id="tether-status-title">{escape(text["chart"])}</title>',
        f'<desc id="tether-status-desc">{escape(text["separator"].join(summaries))}</desc>',
    ]
    for row, status in enumerate(report.languages):
        parts.extend(_bar(row, status))
    parts.extend(_legend(len(report.languages) * _ROW_HEIGHT + 8, text))
    parts.append("</svg>")
    return "\n".join(parts)


def _bar(row: int, status: LanguageStatus) -> list[str]:
    top = row * _ROW_HEIGHT + 4
    middle = top + _BAR_HEIGHT // 2
    parts = [
        f'<text x="0" y="{middle}" dominant-baseline="middle" fill="currentColor">'
        f"{escape(status.name)}</text>"
    ]
    counts = status.counts()
    x = float(_NAME_WIDTH)
    for state in PageState:
        share = counts.of(state) / counts.total if counts.total else 0.0
        segment = _BAR_WIDTH * share
        fill, ink = _COLORS[state]
        parts.append(
            f'<rect x="{x:.1f}" y="{top}" width="{segment:.1f}" height="{_BAR_HEIGHT}" '
            f'fill="{fill}" data-lang="{escape(status.code)}" data-state="{state.value}" '
            f'data-count="{counts.of(state)}" data-percent="{counts.percent(state)}"/>'
        )
        if segment >= _MIN_LABELLED_WIDTH:
            parts.append(
                f'<text x="{x + segment / 2:.1f}" y="{middle}" text-anchor="middle" '
                f'dominant-baseline="middle" fill="{ink}">{counts.percent(state):g}%</text>'
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


def _table(report: StatusReport, text: dict[str, str]) -> list[str]:
    states = list(PageState)
    header = [text["language"], text["pages"], *(text[state.value] for state in states)]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for status in report.languages:
        counts = status.counts()
        cells = [
            f"{status.name} (`{status.code}`)",
            str(counts.total),
            *(f"{counts.of(state)} ({counts.percent(state):g}%)" for state in states),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def _work_lists(report: StatusReport, lang: str, text: dict[str, str]) -> list[str]:
    lines = [f"## {text['to_do']}", ""]
    for status in report.languages:
        lines += [f"### {status.name} (`{status.code}`)", ""]
        pending = status.needing_work()
        if not pending:
            lines += [text["done"], ""]
            continue
        for state in (PageState.MISSING, PageState.OUTDATED):
            keys = [unit.key for unit in pending if unit.state is state]
            if not keys:
                continue
            lines += [f"**{text[state.value]}** ({len(keys)})", ""]
            lines += [f"- {page_link(key, status.code, lang)}" for key in keys]
            lines.append("")
    return lines


def render_report(report: StatusReport, lang: str) -> str:
    """Render a status report as the Markdown of the status page.

    Args:
        report: The status to show.
        lang: The reader's language code, for the texts.

    Returns:
        The page's Markdown: title, chart, table of counts and the lists of
        pages missing or outdated per language.
    """
    text = labels(lang)
    guide = PurePosixPath(TRANSLATORS_GUIDE).name
    lines = [
        f"# {text['title']}",
        "",
        text["intro"],
        "",
        '<figure class="tether-status-chart">',
        render_chart(report, lang),
        "</figure>",
        "",
        *_table(report, text),
        "",
        *_work_lists(report, lang, text),
        text["help"].format(guide=guide),
        "",
    ]
    return "\n".join(lines)


def render_status_page(
    docs_root: Path, lang: str, languages: Sequence[DeclaredLanguage] | None = None
) -> str:
    """Render the status page of one language's site from the docs sources.

    Args:
        docs_root: The ``docs`` directory, next to ``mkdocs.yml``.
        lang: The reader's language code, for the texts.
        languages: The declared languages; read from ``mkdocs.yml`` when omitted.

    Returns:
        The Markdown for ``contributing/status.md``, with the chart inline.

    Raises:
        DocsError: ``languages`` is omitted and ``mkdocs.yml`` is malformed.
    """
    declared = load_languages(docs_root.parent) if languages is None else languages
    return render_report(collect_status(docs_root, declared), lang)

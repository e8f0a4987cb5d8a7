"""The check of one text unit against its English: inline code, links, images, glossary.

The glossary check wants the chosen translation of every glossary term the English unit
uses, and reports each rendering the glossary says to avoid for such a term, at its line.

A unit is a paragraph, a list item, a table cell, a heading, an admonition title, the front
matter's title or description, or a catalog entry; `check_unit` is shared by pages and
catalogs (`i18ndocs.lint.checks`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable

from i18ndocs.lint.glossary import Glossary
from i18ndocs.lint.model import Finding, FindingKind, Location, parse_allow
from i18ndocs.pages.inline import (
    ATTR_LIST,
    AUTOLINK,
    BARE_URL,
    CODE_SPAN,
    HTML_COMMENT,
    IMAGE,
    LINK,
    REF_LINK,
)


def _code_spans(text: str) -> list[tuple[int, str]]:
    """Return each inline code span of a text with its offset, as Markdown reads it."""
    spans = []
    for match in CODE_SPAN.finditer(HTML_COMMENT.sub(lambda m: " " * len(m.group(0)), text)):
        code = match.group("code").replace("\n", " ")
        if len(code) > 2 and code.startswith(" ") and code.endswith(" ") and code.strip():
            code = code[1:-1]
        spans.append((match.start(), code))
    return spans


def _without_code(text: str) -> str:
    """Blank out inline code spans, keeping offsets, so links inside code are not read."""
    return CODE_SPAN.sub(lambda match: " " * len(match.group(0)), text)


def _link_targets(text: str) -> list[tuple[int, str]]:
    """Return each link target of a text: inline links, references and autolinks."""
    text = HTML_COMMENT.sub(lambda m: " " * len(m.group(0)), text)
    plain = _without_code(text)
    targets = [(m.start(), m.group("target")) for m in LINK.finditer(plain)]
    for match in REF_LINK.finditer(text):
        ref = match.group("ref") or match.group("text")
        targets.append((match.start(), f"[{ref}]"))
    targets += [(m.start(), m.group("target")) for m in AUTOLINK.finditer(plain)]
    return sorted(targets)


def _images(text: str) -> list[tuple[int, str]]:
    """Return each image source of a text."""
    plain = _without_code(HTML_COMMENT.sub(lambda m: " " * len(m.group(0)), text))
    return [(m.start(), m.group("target")) for m in IMAGE.finditer(plain)]


def _keeping_lines(group: str | None = None) -> Callable[[re.Match[str]], str]:
    """Make a substitution by a match's group (or a space) that keeps the match's line breaks."""

    def substitute(match: re.Match[str]) -> str:
        kept = match.group(group) if group else " "
        return kept + "\n" * (match.group(0).count("\n") - kept.count("\n"))

    return substitute


def prose(text: str) -> str:
    """Return the words of a unit that a reader reads as prose.

    Args:
        text: A unit's Markdown text.

    Returns:
        The text without inline code, HTML comments, link targets, attribute lists
        and URLs; link texts and image alternative texts are kept, and so is every
        line break, so an offset in the result falls on the same line of the unit.
    """
    text = HTML_COMMENT.sub(_keeping_lines(), text)
    text = CODE_SPAN.sub(_keeping_lines(), text)
    text = IMAGE.sub(_keeping_lines("alt"), text)
    text = LINK.sub(_keeping_lines("text"), text)
    text = REF_LINK.sub(_keeping_lines("text"), text)
    text = AUTOLINK.sub(_keeping_lines(), text)
    text = ATTR_LIST.sub(_keeping_lines(), text)
    return BARE_URL.sub(_keeping_lines(), text)


def _line_at(location: Location, text: str, offset: int) -> int:
    return location.line + text.count("\n", 0, offset)


def _compare_items(
    kind: FindingKind,
    what: str,
    english: list[tuple[int, str]],
    translation: list[tuple[int, str]],
    translated_text: str,
    location: Location,
    source: str,
    show: str,
) -> list[Finding]:
    """Compare two multisets of inline items (code spans, link targets, images)."""
    wanted = Counter(item for _, item in english)
    found = Counter(item for _, item in translation)
    if wanted == found:
        return []
    missing = list((wanted - found).elements())
    extra = list((found - wanted).elements())
    first_extra = next((offset for offset, item in translation if item in extra), 0)
    parts = []
    if missing:
        parts.append(f"{len(missing)} English {what} missing")
    if extra:
        parts.append(f"{len(extra)} not in the English")
    return [
        Finding(
            location.path,
            _line_at(location, translated_text, first_extra),
            kind,
            f"the translation changes {what}: {' and '.join(parts)}",
            english=", ".join(show.format(item) for item in missing) or "(nothing)",
            translation=", ".join(show.format(item) for item in extra) or "(nothing)",
            source=source,
        )
    ]


def check_unit(
    english: str,
    translation: str,
    glossary: Glossary | None,
    location: Location,
    *,
    source: str = "",
    allowed: Iterable[str] = (),
) -> list[Finding]:
    """Check one translated text unit against its English text.

    The unit may be a Markdown paragraph, list item, table cell, heading text,
    admonition title or front matter value, or the ``msgstr`` of a catalog entry.

    Args:
        english: The English text of the unit.
        translation: The translated text; its ``<!-- lint: allow KIND -->`` comments
            allow kinds of finding in this unit.
        glossary: The language's glossary, or None to skip the glossary check.
        location: Where the translated unit starts; findings point at the line of
            the offending text inside it.
        source: Where the English unit is, shown next to each finding.
        allowed: Kinds of finding allowed for this unit beyond its own comments.

    Returns:
        The findings, in the order of the checks.
    """
    own, findings = parse_allow(translation, location)
    permitted = own | frozenset(allowed)
    checks = (
        (FindingKind.INLINE_CODE, "inline code", _code_spans, "`{}`"),
        (FindingKind.LINK, "link targets", _link_targets, "({})"),
        (FindingKind.IMAGE, "images", _images, "![]({})"),
    )
    for kind, what, extract, show in checks:
        if kind.value not in permitted:
            findings += _compare_items(
                kind,
                what,
                extract(english),
                extract(translation),
                translation,
                location,
                source,
                show,
            )
    if glossary is not None and FindingKind.GLOSSARY.value not in permitted:
        findings += _check_glossary(english, translation, glossary, location, source)
    return findings


def _check_glossary(
    english: str, translation: str, glossary: Glossary, location: Location, source: str
) -> list[Finding]:
    english_words, translated_words = prose(english), prose(translation)
    findings = []
    for term in glossary.terms:
        if not term.in_english(english_words):
            continue
        forms = " / ".join(term.forms)
        rule = "stays in English" if term.keep else f"is translated as {forms!r}"
        where = f"({glossary.path}:{term.line})"
        for offset, words in term.avoided_in(translated_words):
            findings.append(
                Finding(
                    location.path,
                    _line_at(location, translated_words, offset),
                    FindingKind.GLOSSARY,
                    f"the English uses {term.english!r}, which {rule}, never {words!r} {where}",
                    english=shorten(english),
                    translation=shorten(translation),
                    source=source,
                )
            )
        if term.in_translation(translated_words) or term.kept_as_name(
            english_words, translated_words
        ):
            continue
        findings.append(
            Finding(
                location.path,
                location.line,
                FindingKind.GLOSSARY,
                f"the English uses {term.english!r}, which {rule} {where}",
                english=shorten(english),
                translation=shorten(translation),
                source=source,
            )
        )
    return findings


def shorten(text: str, limit: int = 240) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"

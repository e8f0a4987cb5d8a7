"""Heading anchors: the ids Python-Markdown's ``toc`` gives headings, and keeping them.

Headings without an explicit id get one from their text (``## Sending`` becomes ``sending``),
so a translated heading would get another id (Chinese text slugifies to nothing: ``_1``,
``_2``...), and a link or a switch of language to ``#sending`` would land at the top of the
page. A translation whose headings match its English page heading for heading (same count
and levels) gets each English id written onto the heading as ``{#id}``; one whose headings
differ is reported, with the first heading that differs. The lint compares the same ids
(`i18ndocs.lint.checks`).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from markdown.extensions.toc import (  # type: ignore[import-untyped]
    slugify as default_slugify,
)
from markdown.extensions.toc import (
    unique,
)

from i18ndocs.pages.inline import (
    CODE_SPAN,
    HTML_COMMENT,
    IMAGE,
    LINK,
    REF_LINK,
    TRAILING_ATTRIBUTES,
)

_HEADING = re.compile(r"^(#{1,6})[ \t]+(.*?)[ \t#]*$")
_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")

Slugify = Callable[[str, str], str]


@dataclass(frozen=True)
class Heading:
    """One ATX heading of a page.

    Attributes:
        index: Its 0-based line index in the page.
        level: The number of ``#``.
        title: The heading's text after its ``#`` marks, attribute list included.
        text: The heading's text, without an attribute list.
        explicit: The id the heading gives itself with ``{#id}``, if any.
    """

    index: int
    level: int
    title: str
    text: str
    explicit: str | None


def headings(markdown: str) -> list[Heading]:
    """List a page's ATX headings outside code blocks.

    Args:
        markdown: The page's Markdown.

    Returns:
        The headings, in order.
    """
    found = []
    fence: str | None = None
    for index, line in enumerate(markdown.splitlines()):
        opening = _FENCE.match(line)
        if opening is not None:
            if fence is None:
                fence = opening[1][0]
            elif opening[1][0] == fence:
                fence = None
            continue
        if fence is not None:
            continue
        match = _HEADING.match(line)
        if match is None:
            continue
        title = match[2]
        text = TRAILING_ATTRIBUTES.sub("", title)
        found.append(Heading(index, len(match[1]), title, text, explicit_id(title)))
    return found


def plain_title(title: str) -> str:
    """Return a heading's text as the ``toc`` extension reads it: no markup, no attributes.

    Args:
        title: The heading's text after its ``#`` marks.

    Returns:
        The words the extension slugifies.
    """
    title = TRAILING_ATTRIBUTES.sub("", title)
    title = HTML_COMMENT.sub("", title)
    title = CODE_SPAN.sub(lambda match: html.escape(match.group("code").strip()), title)
    title = IMAGE.sub(lambda match: match.group("alt"), title)
    title = LINK.sub(lambda match: match.group("text"), title)
    title = REF_LINK.sub(lambda match: match.group("text"), title)
    title = re.sub(r"<[^>]+>", "", title)
    title = re.sub(r"(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)\1", r"\2", title)
    return html.unescape(title).strip()


def explicit_id(title: str) -> str | None:
    """Return the ``{ #id }`` a heading declares, if any.

    Args:
        title: The heading's text after its ``#`` marks.

    Returns:
        The declared id, or None.
    """
    attrs = TRAILING_ATTRIBUTES.search(title)
    if attrs is None:
        return None
    found = re.search(r"#([\w:.-]+)", attrs.group("attrs"))
    return found.group(1) if found else None


def heading_ids(
    titles: Sequence[str], slugify: Slugify = default_slugify, separator: str = "-"
) -> list[str]:
    """Return the anchor of each heading of a page, as the ``toc`` extension gives them.

    An explicit ``{ #id }`` is kept; any other heading gets the slug of its text, made
    unique on the page by ``_1``, ``_2``... the way the extension does (explicit ids taken
    first).

    Args:
        titles: The page's heading texts after their ``#`` marks, in order.
        slugify: The ``toc`` extension's slugify function.
        separator: Its word separator.

    Returns:
        One anchor per heading.
    """
    used = {found for found in map(explicit_id, titles) if found}
    ids = []
    for title in titles:
        declared = explicit_id(title)
        ids.append(declared or unique(slugify(plain_title(title), separator), used))
    return ids


def keep_english_ids(
    english: str, translation: str, slugify: Slugify, separator: str = "-"
) -> tuple[str, str | None]:
    """Give a translation's headings the ids of its English page's headings.

    Args:
        english: The English page's Markdown.
        translation: The translation's Markdown.
        slugify: The ``toc`` extension's slugify function.
        separator: Its word separator.

    Returns:
        The translation with ``{#id}`` added to each heading that lacks an explicit id, and
        None; or the translation unchanged and a description of the first heading that
        differs (by level, count or explicit id) as ``line N: ...``.
    """
    source = headings(english)
    ids = heading_ids([heading.title for heading in source], slugify, separator)
    target = headings(translation)
    for position, heading in enumerate(target):
        if position >= len(source):
            return translation, (
                f"line {heading.index + 1}: heading {heading.text!r} has no English counterpart "
                f"(the English page has {len(source)} headings)"
            )
        if heading.level != source[position].level:
            return translation, (
                f"line {heading.index + 1}: heading {heading.text!r} is level {heading.level}; "
                f"its English counterpart {source[position].text!r} is level "
                f"{source[position].level}"
            )
        if heading.explicit is not None and heading.explicit != ids[position]:
            return translation, (
                f"line {heading.index + 1}: anchor #{heading.explicit} differs from the English "
                f"#{ids[position]}"
            )
    if len(target) < len(source):
        missing = source[len(target)]
        return translation, (
            f"line {len(translation.splitlines())}: the translation lacks the English heading "
            f"{missing.text!r} (English line {missing.index + 1})"
        )
    lines = translation.splitlines(keepends=True)
    for heading, anchor in zip(target, ids, strict=True):
        if heading.explicit is None:
            line = lines[heading.index]
            ending = line[len(line.rstrip("\r\n")) :]
            body = line.rstrip("\r\n").rstrip().rstrip("#").rstrip()
            lines[heading.index] = f"{body} {{#{anchor}}}{ending}"
    return "".join(lines), None

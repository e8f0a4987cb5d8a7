"""Translated headings keep the English anchors, so links and the language selector land right.

Headings without an explicit id get one from their text (``## Sending`` becomes ``sending``),
so a translated heading would get another id (Chinese text slugifies to nothing: ``_1``,
``_2``...), and a link or a switch of language to ``#sending`` would land at the top of the
page. A translation whose headings match its English page heading for heading (same count
and levels) gets each English id written onto the heading as ``{#id}``; one whose headings
differ is reported, with the first heading that differs.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

_HEADING = re.compile(r"^(#{1,6})[ \t]+(.*?)[ \t#]*$")
_EXPLICIT_ID = re.compile(r"\{[^}]*#([\w.:-]+)[^}]*\}\s*$")
_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
_MARKUP = re.compile(r"[`*_]|\[([^\]]*)\]\([^)]*\)|<[^>]+>")

Slugify = Callable[[str, str], str]


@dataclass(frozen=True)
class Heading:
    """One ATX heading of a page.

    Attributes:
        index: Its 0-based line index in the page.
        level: The number of ``#``.
        text: The heading's text, without an attribute list.
        explicit: The id the heading gives itself with ``{#id}``, if any.
    """

    index: int
    level: int
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
        text = match[2]
        explicit = _EXPLICIT_ID.search(text)
        if explicit is not None:
            text = text[: explicit.start()].rstrip()
        found.append(Heading(index, len(match[1]), text, explicit[1] if explicit else None))
    return found


def heading_ids(markdown: str, slugify: Slugify, separator: str = "-") -> list[str]:
    """Compute the ids Python-Markdown's ``toc`` extension gives a page's headings.

    Args:
        markdown: The page's Markdown.
        slugify: The ``toc`` extension's slugify function.
        separator: Its word separator.

    Returns:
        One id per heading, unique like the extension makes them (``_1``, ``_2``...).
    """
    used: set[str] = set()
    ids = []
    for heading in headings(markdown):
        if heading.explicit is not None:
            candidate = heading.explicit
        else:
            plain = _MARKUP.sub(lambda match: match[1] or "", heading.text)
            candidate = slugify(plain, separator) or "_"
            base, number = candidate, 0
            while candidate in used or candidate == "_":
                number += 1
                candidate = f"{base}_{number}"
        used.add(candidate)
        ids.append(candidate)
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
    ids = heading_ids(english, slugify, separator)
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

"""What changed in the English: a word-level diff of the text a translation was made from.

A translator updating an outdated page or catalog unit needs to see which words of the English
changed, not the whole text again. `word_diff` splits both texts into words and punctuation
marks (a run of letters, digits and underscores is one word; every other visible character is a
token of its own) and compares them with `difflib`; whitespace only separates tokens, so
re-wrapping a paragraph changes nothing. Long unchanged runs are cut down to a few words of
context around each change.

The diff is rendered as plain text (``[-removed-]{+added+}``, readable without colour, as
``git diff --word-diff`` writes it) and as HTML (``<del>``/``<ins>``, which keep their
strike-through and underline without colour, and which screen readers can announce).
"""

from __future__ import annotations

import difflib
import enum
import re
from dataclasses import dataclass
from html import escape

CONTEXT = 8
"""How many unchanged tokens a diff keeps on each side of a change."""

GAP = "…"
"""What stands for the unchanged tokens a diff leaves out."""

_TOKEN = re.compile(r"(\s*)(\w+|[^\w\s])")


class PieceKind(str, enum.Enum):
    """What a piece of a diff is."""

    SAME = "same"
    REMOVED = "removed"
    ADDED = "added"
    GAP = "gap"


@dataclass(frozen=True)
class Token:
    """A word or punctuation mark, with the whitespace before it.

    Attributes:
        space: ``""``, ``" "``, or ``"\\n"`` where a blank line (a new paragraph) came before.
        text: The word or punctuation mark.
    """

    space: str
    text: str


@dataclass(frozen=True)
class Piece:
    """A run of tokens that the diff treats alike.

    Attributes:
        kind: Unchanged, removed, added, or a gap standing for unchanged tokens left out.
        space: The whitespace before the run.
        text: The run's tokens, each after its own whitespace.
    """

    kind: PieceKind
    space: str
    text: str


def tokens(text: str) -> list[Token]:
    """Split a text into words and punctuation marks.

    Args:
        text: The text.

    Returns:
        Its tokens; the whitespace before each is one space, a line break where it holds a
        blank line, or nothing.
    """
    found: list[Token] = []
    for space, token in _TOKEN.findall(text):
        separator = "\n" if space.count("\n") > 1 else " " if space else ""
        found.append(Token(separator if found else "", token))
    return found


def _run(kind: PieceKind, run: list[Token]) -> Piece:
    return Piece(kind, run[0].space, "".join(t.space + t.text for t in run)[len(run[0].space) :])


def _same(run: list[Token], first: bool, last: bool, context: int) -> list[Piece]:
    """Keep the context of an unchanged run: its end, its start, or both around a gap."""
    if first and last:
        return []
    if first:
        kept = run[-context:] if context else []
        gap = [Piece(PieceKind.GAP, "", GAP)] if len(kept) < len(run) else []
        return gap + ([_run(PieceKind.SAME, kept)] if kept else [])
    if last:
        kept = run[:context]
        gap = [Piece(PieceKind.GAP, " ", GAP)] if len(kept) < len(run) else []
        return ([_run(PieceKind.SAME, kept)] if kept else []) + gap
    if len(run) <= 2 * context:
        return [_run(PieceKind.SAME, run)]
    head, tail = run[:context], run[-context:]
    pieces = [_run(PieceKind.SAME, head)] if head else []
    pieces.append(Piece(PieceKind.GAP, " ", GAP))
    return pieces + ([_run(PieceKind.SAME, tail)] if tail else [])


def word_diff(old: str, new: str, context: int = CONTEXT) -> list[Piece]:
    """Compare two texts word by word.

    Args:
        old: The English a translation was made from.
        new: The English now.
        context: How many unchanged tokens to keep on each side of a change.

    Returns:
        The pieces of the diff in reading order; empty when the texts have the same words.
    """
    before, after = tokens(old), tokens(new)
    matcher = difflib.SequenceMatcher(
        None, [t.text for t in before], [t.text for t in after], autojunk=False
    )
    codes = matcher.get_opcodes()
    if all(tag == "equal" for tag, *_ in codes):
        return []
    pieces: list[Piece] = []
    for index, (tag, i1, i2, j1, j2) in enumerate(codes):
        if tag == "equal":
            first, last = index == 0, index == len(codes) - 1
            run = after[j1:j2]
            # after a removal at the very start, the new text's first word has no space before
            run[0] = Token(run[0].space or before[i1].space, run[0].text)
            pieces += _same(run, first, last, context)
            continue
        if i2 > i1:
            pieces.append(_run(PieceKind.REMOVED, before[i1:i2]))
        if j2 > j1:
            added = _run(PieceKind.ADDED, after[j1:j2])
            pieces.append(Piece(added.kind, "" if i2 > i1 else added.space, added.text))
    if pieces:
        pieces[0] = Piece(pieces[0].kind, "", pieces[0].text)
    return pieces


_PLAIN_MARKS = {
    PieceKind.SAME: ("", ""),
    PieceKind.GAP: ("", ""),
    PieceKind.REMOVED: ("[-", "-]"),
    PieceKind.ADDED: ("{+", "+}"),
}


def plain_diff(pieces: list[Piece]) -> str:
    """Render a diff as text readable without colour: ``[-removed-]{+added+}``.

    Args:
        pieces: The diff, from `word_diff`.

    Returns:
        The text.
    """
    parts = []
    for piece in pieces:
        opening, closing = _PLAIN_MARKS[piece.kind]
        parts.append(f"{piece.space}{opening}{piece.text}{closing}")
    return "".join(parts)


_HTML_TAGS = {PieceKind.REMOVED: "del", PieceKind.ADDED: "ins"}


def html_diff(pieces: list[Piece]) -> str:
    """Render a diff as HTML: removed words in ``<del>``, added words in ``<ins>``.

    The text's line breaks are kept as they are: the element holding it is expected to show
    them (``white-space: pre-line``).

    Args:
        pieces: The diff, from `word_diff`.

    Returns:
        The HTML, escaped, on one line when the texts have no paragraph break.
    """
    parts = []
    for piece in pieces:
        text = escape(piece.text, quote=False)
        tag = _HTML_TAGS.get(piece.kind)
        parts.append(f"{piece.space}<{tag}>{text}</{tag}>" if tag else f"{piece.space}{text}")
    return "".join(parts)


def diff_element(pieces: list[Piece], lang: str) -> str:
    """Wrap a diff's HTML in the element that shows it, in the source language, line breaks kept.

    Args:
        pieces: The diff, from `word_diff`.
        lang: The source language's code (``en``), so screen readers use its voice.

    Returns:
        A ``<p>`` with that ``lang``.
    """
    style = "white-space: pre-line"
    marks = f'class="i18ndocs-diff" lang="{escape(lang)}" style="{style}"'
    return f"<p {marks}>{html_diff(pieces)}</p>"

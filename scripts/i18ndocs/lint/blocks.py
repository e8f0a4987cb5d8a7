"""A Markdown page split into the blocks the lint aligns with its English page's.

Headings, paragraphs, list items, tables, fenced code, admonitions, ``:::`` and ``--8<--``
lines (`split_blocks`), each with the kinds an allow comment before it allows.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from i18ndocs.lint.model import ALLOW_ALONE, Finding, Location, parse_allow


class BlockKind(str, enum.Enum):
    """The kinds of Markdown block the lint tells apart."""

    HEADING = "heading"
    PARAGRAPH = "paragraph"
    ITEM = "list item"
    TABLE = "table"
    CODE = "code block"
    ADMONITION = "admonition"
    DIRECTIVE = "directive"


@dataclass(frozen=True)
class Block:
    """One Markdown block of a page.

    Attributes:
        kind: What the block is.
        line: The 1-based file line where it starts.
        text: Its text: a heading's title with its attributes, a paragraph or item
            without its marker, a code block's content, an admonition's title, a
            directive line, a table's rows.
        shape: What its shape must match: heading level, list marker and depth,
            table size, fence info string, admonition type.
        allowed: The kinds allowed by an allow comment on the line before it.
    """

    kind: BlockKind
    line: int
    text: str
    shape: tuple[object, ...] = ()
    allowed: frozenset[str] = field(default_factory=frozenset)

    @property
    def key(self) -> tuple[object, ...]:
        """What two blocks must share to be aligned with each other."""
        if self.kind in (BlockKind.HEADING, BlockKind.ITEM):
            return (self.kind, *self.shape)
        return (self.kind,)


_FENCE = re.compile(r"^(?P<indent>\s*)(?P<fence>`{3,}|~{3,})(?P<info>.*)$")


_HEADING = re.compile(r"^ {0,3}(?P<hashes>#{1,6})(?:\s+(?P<title>.*?))?\s*#*\s*$")


_ADMONITION = re.compile(
    r"^\s*(?P<marker>!!!|\?\?\?\+?)\s+(?P<type>[\w-]+)(?P<classes>(?:\s+[\w-]+)*)"
    r"(?:\s+\"(?P<title>.*)\")?\s*$"
)


_DIRECTIVE = re.compile(r"^\s*(?::::|--8<--)")


_ITEM = re.compile(r"^(?P<indent>\s*)(?P<marker>[-*+]|\d+[.)])\s+(?P<text>.*)$")


_TABLE_ROW = re.compile(r"^\s*\|")


_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$")


def _starts_block(lines: Sequence[str], index: int) -> bool:
    line = lines[index]
    return bool(
        not line.strip()
        or _FENCE.match(line)
        or _HEADING.match(line)
        or _ADMONITION.match(line)
        or _DIRECTIVE.match(line)
        or _ITEM.match(line)
        or ALLOW_ALONE.match(line)
        or _is_table_start(lines, index)
    )


def _is_table_start(lines: Sequence[str], index: int) -> bool:
    return (
        bool(_TABLE_ROW.match(lines[index]))
        and index + 1 < len(lines)
        and bool(_TABLE_RULE.match(lines[index + 1]))
    )


def split_blocks(
    body: str, first_line: int, location_path: str
) -> tuple[list[Block], list[Finding]]:
    """Split a page's body into the blocks the lint compares.

    Args:
        body: The page without its front matter.
        first_line: The file line of the body's first line.
        location_path: The file, as shown in findings about malformed allow comments.

    Returns:
        The blocks in page order, and a finding for each malformed allow comment.
    """
    lines = body.split("\n")
    blocks: list[Block] = []
    problems: list[Finding] = []
    pending: frozenset[str] = frozenset()
    index = 0
    while index < len(lines):
        line = lines[index]
        number = first_line + index
        if not line.strip():
            index += 1
            continue
        if ALLOW_ALONE.match(line):
            kinds, bad = parse_allow(line, Location(location_path, number))
            pending |= kinds
            problems += bad
            index += 1
            continue
        block, index = _read_block(lines, index, number)
        blocks.append(Block(block.kind, block.line, block.text, block.shape, pending))
        pending = frozenset()
    return blocks, problems


def _read_block(lines: Sequence[str], index: int, number: int) -> tuple[Block, int]:
    """Read the block starting at ``lines[index]``; return it and the index after it."""
    line = lines[index]
    fence = _FENCE.match(line)
    if fence:
        marker, indent = fence.group("fence"), len(fence.group("indent"))
        end = index + 1
        while end < len(lines):
            closing = lines[end].strip()
            if closing.startswith(marker[0] * len(marker)) and not closing.strip(marker[0]):
                break
            end += 1
        content = "\n".join(_dedent(text, indent) for text in lines[index + 1 : end])
        shape: tuple[object, ...] = (fence.group("info").strip(),)
        return Block(BlockKind.CODE, number, content, shape), end + 1
    heading = _HEADING.match(line)
    if heading:
        level = len(heading.group("hashes"))
        return Block(BlockKind.HEADING, number, heading.group("title") or "", (level,)), index + 1
    admonition = _ADMONITION.match(line)
    if admonition:
        shape = (admonition.group("type"),)
        return Block(
            BlockKind.ADMONITION, number, admonition.group("title") or "", shape
        ), index + 1
    if _DIRECTIVE.match(line):
        return Block(BlockKind.DIRECTIVE, number, line.strip()), index + 1
    if _is_table_start(lines, index):
        end = index
        while end < len(lines) and _TABLE_ROW.match(lines[end]):
            end += 1
        rows = lines[index:end]
        shape = (len(rows), tuple(len(table_cells(row)) for row in rows))
        return Block(BlockKind.TABLE, number, "\n".join(rows), shape), end
    item = _ITEM.match(line)
    first = item.group("text") if item else line.strip()
    end = index + 1
    while end < len(lines) and not _starts_block(lines, end):
        end += 1
    text = "\n".join([first, *(part.strip() for part in lines[index + 1 : end])])
    if item:
        ordered = item.group("marker")[0].isdigit()
        depth = len(item.group("indent").expandtabs(4)) // 4
        return Block(BlockKind.ITEM, number, text, ("ordered" if ordered else "bullet", depth)), end
    return Block(BlockKind.PARAGRAPH, number, text), end


def _dedent(line: str, indent: int) -> str:
    removable = len(line) - len(line.lstrip(" "))
    return line[min(indent, removable) :]


def table_cells(row: str) -> list[str]:
    inner = row.strip()
    inner = inner[1:] if inner.startswith("|") else inner
    inner = inner[:-1] if inner.endswith("|") and not inner.endswith("\\|") else inner
    return [cell.strip() for cell in re.split(r"(?<!\\)\|", inner)]

"""Reading a Markdown page the way MkDocs does: its text, and its YAML front matter.

A page's front matter is a block opened by a ``---`` first line and closed by a ``---`` or
``...`` line. MkDocs shows a block it cannot parse as text on the page, so the pipeline reads
it first and reports the problem with its line instead (`FrontMatterError`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml  # type: ignore[import-untyped, unused-ignore]

OPENING = re.compile(r"\A(?:\ufeff)?---[ \t]*\r?\n")

SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""YAML's safe loader, in C when PyYAML has libyaml: what MkDocs reads, several times faster."""


CLOSING = re.compile(r"^(?:---|\.\.\.)[ \t]*\r?$", re.MULTILINE)


class FrontMatterError(ValueError):
    """A Markdown file's front matter cannot be read.

    Args:
        message: What is wrong.
        line: The 1-based line of the file where the problem is.
    """

    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


@dataclass(frozen=True)
class FrontMatter:
    """The front matter of a Markdown file, split from its body.

    Attributes:
        data: The parsed YAML mapping; empty when the file has no front matter.
        body: The text after the front matter.
        key_lines: The 1-based file line of each top-level key found in the block.
    """

    data: dict[str, object]
    body: str
    key_lines: dict[str, int]


def read_page(path: Path) -> str:
    """Read a Markdown page the way MkDocs does.

    Args:
        path: The file to read.

    Returns:
        Its text, decoded as UTF-8 without a byte order mark, with ``\\n`` line endings.
    """
    return path.read_text(encoding="utf-8-sig")


def read_front_matter(text: str) -> FrontMatter:
    """Split a Markdown text into its YAML front matter and its body.

    The front matter is a block opened by a ``---`` first line and closed by a
    ``---`` or ``...`` line, as MkDocs reads it.

    Args:
        text: The file's content.

    Returns:
        The parsed front matter and the body.

    Raises:
        FrontMatterError: The block is never closed, is not valid YAML, or is not a mapping;
            or its ``search`` key, which Material's search reads, is not a mapping.
    """
    opening = OPENING.match(text)
    if opening is None:
        return FrontMatter(data={}, body=text, key_lines={})
    closing = CLOSING.search(text, opening.end())
    if closing is None:
        raise FrontMatterError("front matter opened on line 1 is never closed by '---'", 1)
    block = text[opening.end() : closing.start()]
    body_start = text.find("\n", closing.end())
    body = "" if body_start == -1 else text[body_start + 1 :]
    try:
        data = yaml.load(block, Loader=SAFE_LOADER)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        line = 1 if mark is None else mark.line + 2
        problem = getattr(error, "problem", None) or "invalid YAML"
        raise FrontMatterError(f"front matter is not valid YAML: {problem}", line) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise FrontMatterError("front matter must be a mapping of keys to values", 1)
    key_lines: dict[str, int] = {}
    for number, line_text in enumerate(block.splitlines(), start=2):
        key, colon, _ = line_text.partition(":")
        if colon and key and not key[0].isspace() and key.strip() not in key_lines:
            key_lines[key.strip()] = number
    search = data.get("search")
    if search is not None and not isinstance(search, dict):  # Material's search reads a mapping
        line = key_lines.get("search", 1)
        raise FrontMatterError(
            "front matter's 'search' must be a mapping, as 'search: {exclude: true}'", line
        )
    return FrontMatter(
        data={str(key): value for key, value in data.items()}, body=body, key_lines=key_lines
    )


def is_blank(text: str) -> bool:
    """Tell whether a page has nothing to show: an empty body, front matter aside.

    Args:
        text: The page's content.

    Returns:
        True when the body is only whitespace; False too when the front matter does not
        parse (that is a mistake to report, not an empty page).
    """
    try:
        body = read_front_matter(text).body
    except FrontMatterError:
        return False
    return not body.strip()

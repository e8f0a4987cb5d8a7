"""The translation lint: what a machine can check in a translation, checked against English.

A translated page is split into blocks (headings, paragraphs, list items, tables,
fenced code, admonitions, ``:::`` and ``--8<--`` lines) and aligned with the
blocks of its English page. Then:

* the two pages must have the same shape: the same sequence of block kinds,
  heading levels, list nesting and table sizes (``structure``);
* fenced code blocks and ``:::``/``--8<--`` lines are identical (``code``);
* each text unit (a paragraph, a list item, a table cell, a heading, an admonition
  title, the front matter's title and description) keeps the English inline code
  (``inline-code``), link targets (``link``) and images (``image``), and uses the
  glossary's translation of every glossary term the English unit contains
  (``glossary``);
* admonition types (``admonition``) and heading anchors (``heading-id``) are the
  English ones. A heading's anchor is its explicit ``{ #id }``, or else the one
  MkDocs' ``toc`` extension derives from its text.

`check_unit` is the check of one text unit, shared by Markdown pages and by the
entries of gettext catalogs (`lint_po`). Findings are plain data (`Finding`);
printing them is the command line's job.

A deliberate difference is allowed with an HTML comment, which the site does not
show: ``<!-- lint: allow inline-code -->`` at the end of a line allows that kind of
finding in the unit holding the line; alone on a line, it allows it in the block
that follows (the way to allow a changed code block). Several kinds are separated
by commas. The front matter key ``lint_allow: [glossary]`` allows kinds on a whole
page, and a translator comment ``# lint: allow code`` does it for a catalog entry.
"""

from __future__ import annotations

import difflib
import enum
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from i18ndocs.lint.glossary import Glossary
from i18ndocs.pages.frontmatter import FrontMatterError, read_front_matter, read_page
from i18ndocs.pages.headings import heading_ids
from i18ndocs.pages.inline import (
    ATTR_LIST,
    AUTOLINK,
    BARE_URL,
    CODE_SPAN,
    HTML_COMMENT,
    IMAGE,
    LINK,
    REF_LINK,
    TRAILING_ATTRIBUTES,
)

ALLOW_KEY = "lint_allow"
"""The front matter key listing the kinds of finding allowed on a whole page."""

CHECKED_FRONT_MATTER = ("title", "description")
"""The front matter values checked as text units."""


class FindingKind(str, enum.Enum):
    """What a finding is about; also the names an allow comment takes."""

    STRUCTURE = "structure"
    CODE = "code"
    INLINE_CODE = "inline-code"
    LINK = "link"
    IMAGE = "image"
    ADMONITION = "admonition"
    HEADING_ID = "heading-id"
    GLOSSARY = "glossary"
    ALLOW = "allow"


ALLOWABLE = frozenset(kind.value for kind in FindingKind if kind is not FindingKind.ALLOW)
"""The kinds an allow comment may name (a malformed allow comment cannot be allowed)."""


@dataclass(frozen=True)
class Location:
    """Where a unit is.

    Attributes:
        path: The file, as shown to the reader.
        line: The 1-based line where the unit starts.
    """

    path: str
    line: int

    def __str__(self) -> str:
        """Format the location as ``path:line``."""
        return f"{self.path}:{self.line}"


@dataclass(frozen=True)
class Finding:
    """One difference between a translation and its English source.

    Attributes:
        path: The translated file, as shown to the reader.
        line: The 1-based line in that file.
        kind: What the finding is about.
        message: What is wrong, in one sentence.
        english: The English text concerned.
        translation: The translated text concerned.
        source: Where the English text is (``path:line``), or an empty string.
    """

    path: str
    line: int
    kind: FindingKind
    message: str
    english: str = ""
    translation: str = ""
    source: str = ""

    def to_dict(self) -> dict[str, object]:
        """Return the finding as JSON-serialisable data.

        Returns:
            A mapping of every attribute, the kind as its name.
        """
        return {
            "path": self.path,
            "line": self.line,
            "kind": self.kind.value,
            "message": self.message,
            "english": self.english,
            "translation": self.translation,
            "source": self.source,
        }


# --- allow comments -------------------------------------------------------------------------

_ALLOW = re.compile(r"<!--\s*lint\s*:\s*allow\b(?P<kinds>.*?)-->", re.DOTALL)
_ALLOW_ALONE = re.compile(r"^\s*<!--\s*lint\s*:.*-->\s*$")
_LINT_COMMENT = re.compile(r"<!--\s*lint\s*:(?P<rest>.*?)-->", re.DOTALL)


def parse_allow(text: str, location: Location) -> tuple[frozenset[str], list[Finding]]:
    """Read the allow comments of a text.

    Args:
        text: A unit's text, which may hold ``<!-- lint: allow KIND[, KIND] -->`` comments.
        location: Where the text starts, to report a malformed comment.

    Returns:
        The kinds allowed, and a finding for every comment that is not understood.
    """
    kinds: set[str] = set()
    problems: list[Finding] = []
    for comment in _LINT_COMMENT.finditer(text):
        line = location.line + text.count("\n", 0, comment.start())
        allow = _ALLOW.fullmatch(comment.group(0))
        names = allow.group("kinds").replace(",", " ").split() if allow else []
        unknown = [name for name in names if name not in ALLOWABLE]
        if not names or unknown:
            problems.append(
                Finding(
                    location.path,
                    line,
                    FindingKind.ALLOW,
                    "not an allow comment this lint understands; write "
                    f"'<!-- lint: allow KIND -->' with KIND among {', '.join(sorted(ALLOWABLE))}",
                    translation=comment.group(0),
                )
            )
        kinds.update(name for name in names if name in ALLOWABLE)
    return frozenset(kinds), problems


# --- inline elements ------------------------------------------------------------------------


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


def prose(text: str) -> str:
    """Return the words of a unit that a reader reads as prose.

    Args:
        text: A unit's Markdown text.

    Returns:
        The text without inline code, HTML comments, link targets, attribute lists
        and URLs; link texts and image alternative texts are kept.
    """
    text = HTML_COMMENT.sub(" ", text)
    text = CODE_SPAN.sub(" ", text)
    text = IMAGE.sub(lambda m: m.group("alt"), text)
    text = LINK.sub(lambda m: m.group("text"), text)
    text = REF_LINK.sub(lambda m: m.group("text"), text)
    text = AUTOLINK.sub(" ", text)
    text = ATTR_LIST.sub(" ", text)
    return BARE_URL.sub(" ", text)


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
        if not term.in_english(english_words) or term.in_translation(translated_words):
            continue
        if not term.kept_as_name(english_words, translated_words):
            forms = " / ".join(term.forms)
            rule = "stays in English" if term.keep else f"is translated as {forms!r}"
            findings.append(
                Finding(
                    location.path,
                    location.line,
                    FindingKind.GLOSSARY,
                    f"the English uses {term.english!r}, which {rule} "
                    f"({glossary.path}:{term.line})",
                    english=_shorten(english),
                    translation=_shorten(translation),
                    source=source,
                )
            )
    return findings


def _shorten(text: str, limit: int = 240) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


# --- blocks ---------------------------------------------------------------------------------


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
        or _ALLOW_ALONE.match(line)
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
        if _ALLOW_ALONE.match(line):
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
        shape = (len(rows), tuple(len(_cells(row)) for row in rows))
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


def _cells(row: str) -> list[str]:
    inner = row.strip()
    inner = inner[1:] if inner.startswith("|") else inner
    inner = inner[:-1] if inner.endswith("|") and not inner.endswith("\\|") else inner
    return [cell.strip() for cell in re.split(r"(?<!\\)\|", inner)]


# --- pages ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Page:
    path: str
    front_matter: dict[str, object]
    key_lines: dict[str, int]
    blocks: list[Block]
    problems: list[Finding]


def _read(path: Path, shown: str) -> _Page:
    text = read_page(path).replace("\r\n", "\n")
    try:
        front = read_front_matter(text)
    except FrontMatterError as error:
        problem = Finding(shown, error.line, FindingKind.STRUCTURE, error.message)
        return _Page(shown, {}, {}, [], [problem])
    first_line = text.count("\n", 0, len(text) - len(front.body)) + 1
    blocks, problems = split_blocks(front.body, first_line, shown)
    return _Page(shown, front.data, front.key_lines, blocks, problems)


def _page_allowed(page: _Page) -> tuple[frozenset[str], list[Finding]]:
    value = page.front_matter.get(ALLOW_KEY)
    if value is None:
        return frozenset(), []
    names = [value] if isinstance(value, str) else value if isinstance(value, list) else None
    unknown = [str(name) for name in names or [] if str(name) not in ALLOWABLE]
    if names is None or unknown:
        line = page.key_lines.get(ALLOW_KEY, 1)
        message = f"{ALLOW_KEY} must list kinds among {', '.join(sorted(ALLOWABLE))}"
        return frozenset(), [
            Finding(page.path, line, FindingKind.ALLOW, message, translation=str(value))
        ]
    return frozenset(str(name) for name in names), []


def lint_page(
    english_path: Path,
    translation_path: Path,
    glossary: Glossary | None,
    *,
    english_shown: str | None = None,
    translation_shown: str | None = None,
) -> list[Finding]:
    """Check a translated page against its English page.

    Args:
        english_path: The English page.
        translation_path: The translated page.
        glossary: The translation's glossary, or None to skip the glossary check.
        english_shown: How to name the English page in findings; default: its path.
        translation_shown: How to name the translated page; default: its path.

    Returns:
        Every finding, sorted by line.
    """
    english = _read(english_path, english_shown or english_path.as_posix())
    translation = _read(translation_path, translation_shown or translation_path.as_posix())
    page_allowed, findings = _page_allowed(translation)
    findings += translation.problems
    for key in CHECKED_FRONT_MATTER:
        english_value, translated_value = (
            english.front_matter.get(key),
            translation.front_matter.get(key),
        )
        if isinstance(english_value, str) and isinstance(translated_value, str):
            location = Location(translation.path, translation.key_lines.get(key, 1))
            source = f"{english.path}:{english.key_lines.get(key, 1)}"
            findings += check_unit(
                english_value,
                translated_value,
                glossary,
                location,
                source=source,
                allowed=page_allowed,
            )
    findings += _compare_blocks(english, translation, glossary, page_allowed)
    return sorted(
        (finding for finding in findings if finding.kind.value not in page_allowed),
        key=lambda finding: finding.line,
    )


def _compare_blocks(
    english: _Page, translation: _Page, glossary: Glossary | None, page_allowed: frozenset[str]
) -> list[Finding]:
    findings: list[Finding] = []
    english_ids = heading_ids([b.text for b in english.blocks if b.kind is BlockKind.HEADING])
    translated_ids = heading_ids(
        [b.text for b in translation.blocks if b.kind is BlockKind.HEADING]
    )
    anchors = dict(zip(_headings(english.blocks), english_ids, strict=True))
    translated_anchors = dict(zip(_headings(translation.blocks), translated_ids, strict=True))
    matcher = difflib.SequenceMatcher(
        None,
        [block.key for block in english.blocks],
        [block.key for block in translation.blocks],
        autojunk=False,
    )
    for tag, e_start, e_end, t_start, t_end in matcher.get_opcodes():
        if tag == "equal":
            for e_block, t_block in zip(
                english.blocks[e_start:e_end], translation.blocks[t_start:t_end], strict=True
            ):
                findings += _compare_block(
                    e_block,
                    t_block,
                    english.path,
                    translation.path,
                    glossary,
                    page_allowed,
                    anchors.get(e_block.line),
                    translated_anchors.get(t_block.line),
                )
            continue
        findings += _structure_findings(
            english.blocks[e_start:e_end],
            translation.blocks[t_start:t_end],
            english.path,
            translation.path,
            translation.blocks,
            t_start,
        )
    return findings


def _headings(blocks: Sequence[Block]) -> list[int]:
    return [block.line for block in blocks if block.kind is BlockKind.HEADING]


def _describe(block: Block) -> str:
    if block.kind is BlockKind.HEADING:
        return f"level-{block.shape[0]} heading"
    if block.kind is BlockKind.ITEM:
        kind, depth = block.shape
        nesting = f" nested {depth} deep" if depth else ""
        return f"{'numbered' if kind == 'ordered' else 'bulleted'} list item{nesting}"
    return str(block.kind.value)


def _structure_findings(
    english: Sequence[Block],
    translation: Sequence[Block],
    english_path: str,
    translation_path: str,
    all_translated: Sequence[Block],
    t_start: int,
) -> list[Finding]:
    """Report blocks that have no counterpart of the same kind in the other page."""
    findings = []
    if translation:
        anchor_line = translation[0].line
    elif t_start < len(all_translated):
        anchor_line = all_translated[t_start].line
    else:
        anchor_line = all_translated[-1].line if all_translated else 1
    for index in range(max(len(english), len(translation))):
        e_block = english[index] if index < len(english) else None
        t_block = translation[index] if index < len(translation) else None
        if e_block and t_block:
            message = (
                f"the English has a {_describe(e_block)} here, "
                f"the translation a {_describe(t_block)}"
            )
        elif e_block:
            message = f"the English {_describe(e_block)} has no counterpart in the translation"
        else:
            assert t_block is not None
            message = f"this {_describe(t_block)} has no counterpart in the English page"
        allowed = t_block.allowed if t_block else frozenset()
        if FindingKind.STRUCTURE.value in allowed:
            continue
        findings.append(
            Finding(
                translation_path,
                t_block.line if t_block else anchor_line,
                FindingKind.STRUCTURE,
                message,
                english=_shorten(e_block.text) if e_block else "(nothing)",
                translation=_shorten(t_block.text) if t_block else "(nothing)",
                source=f"{english_path}:{e_block.line}" if e_block else "",
            )
        )
    return findings


def _compare_block(
    english: Block,
    translation: Block,
    english_path: str,
    translation_path: str,
    glossary: Glossary | None,
    page_allowed: frozenset[str],
    english_anchor: str | None,
    translated_anchor: str | None,
) -> list[Finding]:
    location = Location(translation_path, translation.line)
    source = f"{english_path}:{english.line}"
    allowed = translation.allowed | page_allowed
    own, findings = (
        parse_allow(translation.text, location)
        if translation.kind is not BlockKind.CODE
        else (frozenset(), [])
    )
    allowed |= own

    def finding(kind: FindingKind, message: str, en: str, tr: str, line: int | None = None) -> None:
        if kind.value not in allowed:
            findings.append(
                Finding(translation_path, line or translation.line, kind, message, en, tr, source)
            )

    if translation.kind is BlockKind.CODE:
        if english.shape != translation.shape:
            finding(
                FindingKind.CODE,
                "the code block's fence line differs from the English",
                str(english.shape[0]),
                str(translation.shape[0]),
            )
        findings += _compare_code(english, translation, location, source, allowed)
        return findings
    if translation.kind is BlockKind.DIRECTIVE:
        if english.text != translation.text:
            finding(
                FindingKind.CODE,
                "the line must be the English one, unchanged",
                english.text,
                translation.text,
            )
        return findings
    if translation.kind is BlockKind.ADMONITION and english.shape != translation.shape:
        finding(
            FindingKind.ADMONITION,
            "the admonition type differs from the English",
            str(english.shape[0]),
            str(translation.shape[0]),
        )
    if translation.kind is BlockKind.HEADING and english_anchor != translated_anchor:
        finding(
            FindingKind.HEADING_ID,
            f"the heading's anchor is #{translated_anchor}, the English one #{english_anchor}; "
            f"end the heading with {{ #{english_anchor} }}",
            f"#{english_anchor}",
            f"#{translated_anchor}",
        )
    if translation.kind is BlockKind.TABLE:
        if english.shape != translation.shape:
            finding(
                FindingKind.STRUCTURE,
                "the table's rows or columns differ from the English",
                f"{english.shape[0]} rows",
                f"{translation.shape[0]} rows",
            )
            return findings
        e_rows, t_rows = english.text.split("\n"), translation.text.split("\n")
        for offset, (e_row, t_row) in enumerate(zip(e_rows, t_rows, strict=True)):
            cell_location = Location(translation_path, translation.line + offset)
            for e_cell, t_cell in zip(_cells(e_row), _cells(t_row), strict=True):
                findings += [
                    item
                    for item in check_unit(
                        e_cell,
                        t_cell,
                        glossary,
                        cell_location,
                        source=f"{english_path}:{english.line + offset}",
                        allowed=allowed,
                    )
                    if item.kind is not FindingKind.ALLOW
                ]
        return findings
    text_en, text_tr = english.text, translation.text
    if translation.kind is BlockKind.HEADING:
        text_en, text_tr = (
            TRAILING_ATTRIBUTES.sub("", text_en),
            TRAILING_ATTRIBUTES.sub("", text_tr),
        )
    findings += [
        item
        for item in check_unit(text_en, text_tr, glossary, location, source=source, allowed=allowed)
        if item.kind is not FindingKind.ALLOW
    ]
    return findings


def _compare_code(
    english: Block, translation: Block, location: Location, source: str, allowed: frozenset[str]
) -> list[Finding]:
    if FindingKind.CODE.value in allowed or english.text == translation.text:
        return []
    e_lines, t_lines = english.text.split("\n"), translation.text.split("\n")
    findings = []
    matcher = difflib.SequenceMatcher(None, e_lines, t_lines, autojunk=False)
    for tag, e_start, e_end, t_start, t_end in matcher.get_opcodes():
        if tag == "equal":
            continue
        findings.append(
            Finding(
                location.path,
                location.line + 1 + min(t_start, max(len(t_lines) - 1, 0)),
                FindingKind.CODE,
                "code blocks must be identical to the English ones",
                english="\n".join(e_lines[e_start:e_end]) or "(nothing)",
                translation="\n".join(t_lines[t_start:t_end]) or "(nothing)",
                source=source,
            )
        )
    return findings


# --- catalogs -------------------------------------------------------------------------------


def lint_po(path: Path, glossary: Glossary | None, shown: str | None = None) -> list[Finding]:
    """Check every translated entry of a gettext catalog against its English ``msgid``.

    Fuzzy and untranslated entries are skipped: they are work in progress, not
    translations. A translator comment ``# lint: allow KIND`` allows a kind of
    finding in its entry. Plural entries compare each form with the English plural.

    Args:
        path: The ``.po`` file.
        glossary: The catalog language's glossary, or None to skip the glossary check.
        shown: How to name the file in findings; default: its path.

    Returns:
        The findings, each at the line of its entry's ``msgid``.
    """
    from babel.messages.pofile import read_po

    name = shown or path.as_posix()
    with path.open("rb") as handle:
        catalog = read_po(handle)
    findings: list[Finding] = []
    for message in catalog:
        if not message.id or message.fuzzy or not message.string:
            continue
        location = Location(name, int(message.lineno or 1))
        allowed: set[str] = set()
        for comment in message.user_comments:
            kinds, bad = (
                parse_allow(f"<!-- {comment} -->", location)
                if "lint" in comment
                else (frozenset(), [])
            )
            allowed |= kinds
            findings += bad
        ids = message.id if isinstance(message.id, (list, tuple)) else (message.id,)
        strings = message.string if isinstance(message.string, (list, tuple)) else (message.string,)
        for index, string in enumerate(strings):
            if not string:
                continue
            english = str(ids[min(index, len(ids) - 1)])
            findings += check_unit(
                english,
                str(string),
                glossary,
                location,
                source=f"msgid {_shorten(english, 60)!r}",
                allowed=allowed,
            )
    return findings

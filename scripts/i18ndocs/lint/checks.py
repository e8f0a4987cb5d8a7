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

`i18ndocs.lint.units.check_unit` is the check of one text unit, shared by Markdown pages
and by the entries of gettext catalogs (`lint_po`). Findings are plain data (`Finding`);
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
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from i18ndocs.lint.blocks import Block, BlockKind, split_blocks, table_cells
from i18ndocs.lint.glossary import Glossary
from i18ndocs.lint.model import (
    ALLOW_KEY,
    ALLOWABLE,
    Finding,
    FindingKind,
    Location,
    parse_allow,
)
from i18ndocs.lint.units import check_unit, shorten
from i18ndocs.pages.frontmatter import FrontMatterError, read_front_matter, read_page
from i18ndocs.pages.headings import heading_ids
from i18ndocs.pages.inline import (
    TRAILING_ATTRIBUTES,
)

CHECKED_FRONT_MATTER = ("title", "description")
"""The front matter values checked as text units."""


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
                english=shorten(e_block.text) if e_block else "(nothing)",
                translation=shorten(t_block.text) if t_block else "(nothing)",
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
            for e_cell, t_cell in zip(table_cells(e_row), table_cells(t_row), strict=True):
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
                source=f"msgid {shorten(english, 60)!r}",
                allowed=allowed,
            )
    return findings

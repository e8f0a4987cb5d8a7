"""The translatable units of a package's docstrings, as mkdocstrings renders them.

A docstring is parsed by griffe in the style the Python handler is configured with
(``docstring_style``: google, numpy, sphinx, auto, or none) into sections. Each unit is one
piece of prose a translator can handle on its own: a paragraph of the description, or the
description of one parameter, return value, exception, attribute or yielded value, whatever
the style. Code is never part of a unit: fenced blocks, indented code blocks, doctests
(``>>>``) and reST literal blocks (the indented block after a line ending in ``::``), nor are
parameter names, types and defaults. Everything else mkdocstrings shows as prose is a unit,
reST constructs included (an underlined title, a ``.. note::`` directive, ``:class:`Foo```),
since mkdocstrings renders them as Markdown text. A docstring griffe fails to parse is shown
whole, and is one unit. Each unit has a gettext *context* naming the object and the part
(``package.module.Class.method:param:name``), so the same English in two places can be
translated differently.

`translate_sections` walks a parsed docstring the same way and replaces each unit's text in
place, which is how the griffe extension in `i18ndocs.reference.translation` applies a catalog.

Which objects have units at all is `i18ndocs.catalogs.docscope`'s concern: those the pages
render.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from griffe import Docstring, DocstringSection, Object

_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
_LITERAL_START = re.compile(r"::\s*$")

UNPARSED_PART = "unparsed"
"""The part of the context of a docstring griffe could not parse: its whole text, one unit."""


@dataclass(frozen=True)
class DocUnit:
    """One translatable piece of a docstring.

    Attributes:
        context: The object's path and the part, for example ``pkg.mod.func:param:name``.
        text: The English text, exactly as written in the docstring.
        path: The documented object's path (``pkg.mod.Class.method``).
        filepath: The source file holding the docstring, when known.
        lineno: The docstring's first line in that file, when known.
        pages: The pages that render it (relative to the language folder), in page order.
    """

    context: str
    text: str
    path: str
    filepath: Path | None
    lineno: int | None
    pages: tuple[str, ...] = ()


@dataclass(frozen=True)
class Chunk:
    """A stretch of docstring text: prose to translate, or code to keep as it is.

    Attributes:
        text: The stretch's text.
        prose: Whether it is prose (a unit) rather than code.
        separator: The text that followed it in the original (blank lines).
    """

    text: str
    prose: bool
    separator: str


def _closing_fence(lines: list[str], index: int) -> int | None:
    """Find the line closing the fence opened at ``index``, as pymdownx.superfences does.

    A fence closes on a line holding exactly the same run of backticks or tildes; without
    one, the line is text (a reST title's ``~~~~`` underline, for instance).
    """
    match = _FENCE.match(lines[index])
    if match is None:
        return None
    for number in range(index + 1, len(lines)):
        if lines[number].strip() == match[1]:
            return number
    return None


def _blocks(lines: list[str]) -> list[tuple[int, int, bool]]:
    """Split lines into blocks ``(start, end, fenced)``: paragraphs and fenced code blocks."""
    blocks: list[tuple[int, int, bool]] = []
    index = 0
    while index < len(lines):
        if not lines[index].strip():
            index += 1
            continue
        start = index
        closing = _closing_fence(lines, index)
        if closing is not None:
            blocks.append((start, closing + 1, True))
            index = closing + 1
            continue
        index += 1
        while index < len(lines) and lines[index].strip() and _closing_fence(lines, index) is None:
            index += 1
        blocks.append((start, index, False))
    return blocks


def split_chunks(text: str) -> list[Chunk]:
    """Split docstring Markdown into paragraphs and code blocks.

    Paragraphs are separated by blank lines. Code is one chunk per block: a fenced block
    (```` ``` ```` or ``~~~``, closed by the same run) however many blank lines it holds, a
    doctest (a block starting with ``>>>``), an indented code block, and the indented blocks
    of a reST literal block (after a paragraph ending in ``::``).

    Args:
        text: The Markdown of a docstring section or description.

    Returns:
        The chunks in order; joining each chunk's text and separator gives ``text`` back.
    """
    lines = text.split("\n")
    blocks = _blocks(lines)
    chunks: list[Chunk] = []
    first = blocks[0][0] if blocks else len(lines)
    if first:
        chunks.append(Chunk("", False, "\n".join(lines[:first]) + ("\n" if blocks else "")))
    literal = False  # inside the indented block following a "::" paragraph
    for number, (start, end, fenced) in enumerate(blocks):
        following = blocks[number + 1][0] if number + 1 < len(blocks) else None
        blank = lines[end:following] if following is not None else lines[end:]
        if following is None:
            separator = "".join("\n" + line for line in blank)
        else:
            separator = "\n" + "".join(line + "\n" for line in blank)
        body = "\n".join(lines[start:end])
        indented = lines[start].startswith((" ", "\t"))
        literal = literal and indented
        prose = not fenced and not literal and _is_prose(body)
        chunks.append(Chunk(body, prose, separator))
        if prose and _LITERAL_START.search(body):
            literal = True
    return chunks


def _is_prose(body: str) -> bool:
    """Tell prose from code: doctests and indented blocks are code."""
    stripped = body.strip()
    if not stripped or stripped.startswith(">>>"):
        return False
    lines = [line for line in body.splitlines() if line.strip()]
    return not all(line.startswith(("    ", "\t")) for line in lines)


Translate = Callable[[str, str], str]
"""A function given a unit's context and English text, returning the text to show."""


def translate_text(text: str, context: str, translate: Translate) -> str:
    """Translate each prose chunk of a text, keeping code chunks and separators.

    Args:
        text: The Markdown of a docstring section or description.
        context: The units' context.
        translate: Called with the context and each prose chunk.

    Returns:
        The text with every prose chunk replaced by what ``translate`` returned.
    """
    return "".join(
        (translate(context, chunk.text) if chunk.prose else chunk.text) + chunk.separator
        for chunk in split_chunks(text)
    )


def prose_of(text: str) -> list[str]:
    """Return the prose chunks of a text, the units it contributes.

    Args:
        text: The Markdown of a docstring section or description.

    Returns:
        The paragraphs, without code blocks.
    """
    return [chunk.text for chunk in split_chunks(text) if chunk.prose]


def _item_key(item: Any, index: int) -> str:
    """Name a section item in a context: its name, else its annotation, else its index.

    An annotation's first line only: griffe's Sphinx parser gives an ``:rtype:`` field the
    lines after it too, and a context is one line.
    """
    name = getattr(item, "name", "") or ""
    if name:
        return str(name)
    annotation = str(getattr(item, "annotation", None) or "").split("\n", 1)[0].strip()
    return annotation or str(index)


_ITEM_PARTS = {
    "parameters": "param",
    "other parameters": "other-param",
    "type parameters": "type-param",
    "raises": "raises",
    "warns": "warns",
    "returns": "returns",
    "yields": "yields",
    "receives": "receives",
    "attributes": "attr",
    "functions": "function",
    "classes": "class",
    "modules": "module",
    "type aliases": "type-alias",
}

SECTION_OPTIONS = {
    "text": "show_docstring_description",
    "parameters": "show_docstring_parameters",
    "other parameters": "show_docstring_other_parameters",
    "type parameters": "show_docstring_type_parameters",
    "raises": "show_docstring_raises",
    "warns": "show_docstring_warns",
    "returns": "show_docstring_returns",
    "yields": "show_docstring_yields",
    "receives": "show_docstring_receives",
    "attributes": "show_docstring_attributes",
    "functions": "show_docstring_functions",
    "classes": "show_docstring_classes",
    "modules": "show_docstring_modules",
    "type aliases": "show_docstring_type_aliases",
    "examples": "show_docstring_examples",
}
"""The handler option that shows each kind of section (admonitions are always shown)."""


def section_texts(path: str, sections: list[DocstringSection]) -> Iterator[tuple[str, str]]:
    """List the translatable texts of parsed docstring sections with their contexts.

    Args:
        path: The documented object's path.
        sections: The docstring as griffe parsed it.

    Yields:
        ``(context, text)`` pairs; each text may hold several units (see `prose_of`).
    """
    for context, text, _, _ in _editable_texts(path, sections):
        yield context, text


def _editable_texts(
    path: str, sections: list[DocstringSection]
) -> Iterator[tuple[str, str, Callable[[str], None], str]]:
    """Yield each text of the sections: context, text, its replacer and its section's kind."""
    for section in sections:
        kind = section.kind.value
        if kind == "text":
            part = UNPARSED_PART if section.title == UNPARSED_PART else "text"
            yield f"{path}:{part}", section.value, partial(setattr, section, "value"), kind
        elif kind in _ITEM_PARTS:
            part = _ITEM_PARTS[kind]
            for index, item in enumerate(section.value):
                description = getattr(item, "description", "")
                if description:
                    context = f"{path}:{part}:{_item_key(item, index)}"
                    yield context, description, partial(setattr, item, "description"), kind
        elif kind == "examples":
            for index, (sub_kind, value) in enumerate(section.value):
                if sub_kind.value == "text":

                    def replace(new: str, s: Any = section, i: int = index) -> None:
                        s.value[i] = (s.value[i][0], new)

                    yield f"{path}:examples", value, replace, kind
        elif kind in {"admonition", "deprecated"}:
            if section.title:
                title_context = f"{path}:{kind}-title"
                yield title_context, section.title, partial(setattr, section, "title"), kind
            admonition = section.value
            description = getattr(admonition, "description", "")
            if description:
                replacer = partial(setattr, admonition, "description")
                yield f"{path}:{kind}", description, replacer, kind


def _units_of(context: str, text: str) -> list[str]:
    """The units of one text: its prose chunks, or the whole text of an unparsed docstring."""
    return [text] if context.endswith(f":{UNPARSED_PART}") else prose_of(text)


def editable_texts(
    path: str, sections: list[DocstringSection]
) -> Iterator[tuple[str, str, Callable[[str], None]]]:
    """List the translatable texts of parsed docstring sections, each with its replacer.

    Args:
        path: The documented object's path.
        sections: The docstring as griffe parsed it (`parsed_sections`).

    Yields:
        ``(context, text, replace)``: ``replace`` puts another text in the text's place.
    """
    for context, text, replace, _ in list(_editable_texts(path, sections)):
        yield context, text, replace


def translated(context: str, text: str, translate: Translate) -> str:
    """Translate one text of a docstring (`editable_texts`), unit by unit.

    Args:
        context: The text's context.
        text: The English text.
        translate: Called with each unit's context and English text.

    Returns:
        The text as the language shows it.
    """
    if context.endswith(f":{UNPARSED_PART}"):
        return translate(context, text)
    return translate_text(text, context, translate)


def translate_sections(path: str, sections: list[DocstringSection], translate: Translate) -> None:
    """Translate parsed docstring sections in place, unit by unit.

    Args:
        path: The documented object's path.
        sections: The docstring as griffe parsed it (`parsed_sections`); changed in place.
        translate: Called with each unit's context and English text.
    """
    for context, text, replace in editable_texts(path, sections):
        replace(translated(context, text, translate))


def parsed_sections(docstring: Docstring) -> list[DocstringSection]:
    """Return a docstring's sections as mkdocstrings will render them.

    A docstring griffe fails to parse (its parser raising) becomes one text section holding the
    whole docstring, kept as the docstring's parsed form so that the page shows it and the
    catalog holds it as one unit (context part `UNPARSED_PART`).

    Args:
        docstring: The docstring, its parser and options set.

    Returns:
        Its sections.
    """
    from griffe import DocstringSectionText

    try:
        return docstring.parsed
    except Exception:
        section = DocstringSectionText(docstring.value, title=UNPARSED_PART)
        docstring.__dict__["parsed"] = [section]  # the cache of griffe's cached_property
        return [section]


def documented_objects(root: Object) -> Iterator[Object]:
    """Walk every object of a module that has a docstring, private ones included.

    Aliases (re-exports, inherited members) are skipped: their targets are walked where they
    are defined. Which of them a page shows is `i18ndocs.catalogs.docscope`'s concern; the
    translation applies to all, so that whatever a page shows is translated.

    Args:
        root: A module loaded by griffe.

    Yields:
        Every object with a docstring, the module included.
    """
    pending: list[Object] = [root]
    while pending:
        obj = pending.pop(0)
        if obj.docstring is not None and obj.docstring.value.strip():
            yield obj
        pending.extend(
            member  # type: ignore[misc]
            for member in obj.members.values()
            if not member.is_alias
        )


def docstring_units(
    obj: Object, shown: Mapping[str, bool] | None = None, pages: tuple[str, ...] = ()
) -> list[DocUnit]:
    """List the units of one object's docstring.

    Args:
        obj: The documented object, its docstring's parser set.
        shown: Whether each kind of section is shown (`SECTION_OPTIONS`' options); a kind
            not named is shown.
        pages: The pages rendering the object.

    Returns:
        The units, in the order mkdocstrings renders them.
    """
    if obj.docstring is None:
        return []
    filepath = obj.filepath if isinstance(obj.filepath, Path) else None
    lineno = obj.docstring.lineno
    return [
        DocUnit(context, unit, obj.path, filepath, lineno, pages)
        for context, text, _, kind in _editable_texts(obj.path, parsed_sections(obj.docstring))
        if (shown or {}).get(SECTION_OPTIONS.get(kind, ""), True)
        for unit in _units_of(context, text)
    ]

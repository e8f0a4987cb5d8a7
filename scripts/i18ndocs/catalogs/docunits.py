"""The translatable units of a package's docstrings, as mkdocstrings renders them.

A docstring is parsed by griffe (Google style) into sections. Each unit is one piece of prose
a translator can handle on its own: a paragraph of the description, or the description of one
parameter, return value, exception, attribute or yielded value. Code blocks, parameter names,
types and defaults are never part of a unit. Each unit has a gettext *context* naming the
object and the part (``package.module.Class.method:param:name``), so the same
English in two places can be translated differently.

`translate_docstring` walks a parsed docstring the same way and replaces each unit's text in
place, which is how the griffe extension in `i18ndocs.reference.translation` applies a catalog.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from i18ndocs.project.errors import DocsError
from i18ndocs.project.languages import CONFIG_FILE

if TYPE_CHECKING:
    from griffe import Docstring, DocstringSection, Object

_FENCE = re.compile(r"^\s*(```|~~~)")


@dataclass(frozen=True)
class DocUnit:
    """One translatable piece of a docstring.

    Attributes:
        context: The object's path and the part, for example ``pkg.mod.func:param:name``.
        text: The English text, exactly as written in the docstring.
        path: The documented object's path (``pkg.mod.Class.method``).
        filepath: The source file holding the docstring, when known.
        lineno: The docstring's first line in that file, when known.
    """

    context: str
    text: str
    path: str
    filepath: Path | None
    lineno: int | None


@dataclass(frozen=True)
class Chunk:
    """A stretch of docstring text: prose to translate, or code to keep as it is.

    Attributes:
        text: The stretch's text.
        prose: Whether it is prose (a unit) rather than a code block.
        separator: The text that followed it in the original (blank lines).
    """

    text: str
    prose: bool
    separator: str


def split_chunks(text: str) -> list[Chunk]:
    """Split docstring Markdown into paragraphs and code blocks.

    Paragraphs are separated by blank lines; a fenced code block (```` ``` ```` or ``~~~``) is
    one chunk however many blank lines it holds, and so is a doctest (lines starting with
    ``>>>``) or an indented code block.

    Args:
        text: The Markdown of a docstring section or description.

    Returns:
        The chunks in order; joining each chunk's text and separator gives ``text`` back.
    """
    lines = text.split("\n")
    blocks: list[tuple[int, int]] = []
    index = 0
    while index < len(lines):
        if not lines[index].strip():
            index += 1
            continue
        start = index
        fence = _FENCE.match(lines[index])
        index += 1
        if fence is not None:
            while index < len(lines) and not lines[index].strip().startswith(fence[1]):
                index += 1
            index = min(index + 1, len(lines))
        else:
            while index < len(lines) and lines[index].strip() and not _FENCE.match(lines[index]):
                index += 1
        blocks.append((start, index))
    chunks: list[Chunk] = []
    first = blocks[0][0] if blocks else len(lines)
    if first:
        chunks.append(Chunk("", False, "\n".join(lines[:first]) + ("\n" if blocks else "")))
    for number, (start, end) in enumerate(blocks):
        following = blocks[number + 1][0] if number + 1 < len(blocks) else None
        blank = lines[end:following] if following is not None else lines[end:]
        if following is None:
            separator = "".join("\n" + line for line in blank)
        else:
            separator = "\n" + "".join(line + "\n" for line in blank)
        body = "\n".join(lines[start:end])
        chunks.append(Chunk(body, _is_prose(body), separator))
    return chunks


def _is_prose(body: str) -> bool:
    """Tell prose from code: fenced blocks, doctests and indented blocks are code."""
    stripped = body.strip()
    if not stripped or _FENCE.match(body):
        return False
    if stripped.startswith(">>>"):
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
    """Name a section item in a context: its name, else its annotation, else its index."""
    name = getattr(item, "name", "") or ""
    if name:
        return str(name)
    annotation = getattr(item, "annotation", None)
    return str(annotation) if annotation else str(index)


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


def section_texts(path: str, sections: list[DocstringSection]) -> Iterator[tuple[str, str]]:
    """List the translatable texts of parsed docstring sections with their contexts.

    Args:
        path: The documented object's path.
        sections: The docstring as griffe parsed it.

    Yields:
        ``(context, text)`` pairs; each text may hold several units (see `prose_of`).
    """
    for context, text, _ in _editable_texts(path, sections):
        yield context, text


def _editable_texts(
    path: str, sections: list[DocstringSection]
) -> Iterator[tuple[str, str, Callable[[str], None]]]:
    """Yield each text of the sections with its context and a function that replaces it."""
    for section in sections:
        kind = section.kind.value
        if kind == "text":
            yield f"{path}:text", section.value, partial(setattr, section, "value")
        elif kind in _ITEM_PARTS:
            part = _ITEM_PARTS[kind]
            for index, item in enumerate(section.value):
                description = getattr(item, "description", "")
                if description:
                    context = f"{path}:{part}:{_item_key(item, index)}"
                    yield context, description, partial(setattr, item, "description")
        elif kind == "examples":
            for index, (sub_kind, value) in enumerate(section.value):
                if sub_kind.value == "text":

                    def replace(new: str, s: Any = section, i: int = index) -> None:
                        s.value[i] = (s.value[i][0], new)

                    yield f"{path}:examples", value, replace
        elif kind in {"admonition", "deprecated"}:
            if section.title:
                yield (
                    f"{path}:{kind}-title",
                    section.title,
                    partial(setattr, section, "title"),
                )
            admonition = section.value
            description = getattr(admonition, "description", "")
            if description:
                yield (
                    f"{path}:{kind}",
                    description,
                    partial(setattr, admonition, "description"),
                )


def translate_sections(path: str, sections: list[DocstringSection], translate: Translate) -> None:
    """Translate parsed docstring sections in place, unit by unit.

    Args:
        path: The documented object's path.
        sections: The docstring as griffe parsed it; changed in place.
        translate: Called with each unit's context and English text.
    """
    for context, text, replace in list(_editable_texts(path, sections)):
        replace(translate_text(text, context, translate))


def documented_objects(root: Object) -> Iterator[Object]:
    """Walk the public objects of a module, those mkdocstrings shows.

    Aliases (re-exports) are skipped, their targets are walked where they are defined.
    Private names (``_name``) are skipped; special methods (``__call__``, ``__init__``,
    whose docstring mkdocstrings merges into its class) are public.

    Args:
        root: A module loaded by griffe.

    Yields:
        Every public object with a docstring, the module included.
    """
    pending: list[Object] = [root]
    while pending:
        obj = pending.pop(0)
        if obj.docstring is not None and obj.docstring.value.strip():
            yield obj
        for name, member in obj.members.items():
            if member.is_alias:
                continue
            if name.startswith("_") and not (name.startswith("__") and name.endswith("__")):
                continue
            pending.append(member)  # type: ignore[arg-type]


def docstring_units(obj: Object, docstring: Docstring) -> list[DocUnit]:
    """List the units of one object's docstring.

    Args:
        obj: The documented object.
        docstring: Its docstring, with its parser set.

    Returns:
        The units, in the order mkdocstrings renders them.
    """
    filepath = obj.filepath if isinstance(obj.filepath, Path) else None
    return [
        DocUnit(context, text, obj.path, filepath, docstring.lineno)
        for context, section_text in section_texts(obj.path, docstring.parsed)
        for text in prose_of(section_text)
    ]


def load_packages(packages: list[str], search_paths: list[Path]) -> list[Object]:
    """Load packages with griffe, parsing docstrings in Google style as the site does.

    Args:
        packages: Top-level package names.
        search_paths: Where to find them (mkdocstrings' ``paths``).

    Returns:
        The loaded packages.

    Raises:
        DocsError: A package is not found on the search paths.
    """
    from griffe import GriffeLoader

    loader = GriffeLoader(
        search_paths=[str(path) for path in search_paths], docstring_parser="google"
    )
    modules = []
    for name in packages:
        try:
            modules.append(loader.load(name))
        except ImportError:
            folders = ", ".join(str(path) for path in search_paths) or "none"
            raise DocsError(
                CONFIG_FILE,
                None,
                f"the pages document package {name!r}, which is not found on mkdocstrings' "
                f"paths (plugins.mkdocstrings.handlers.python.paths: {folders})",
            ) from None
    loader.resolve_aliases(implicit=False, external=None)
    return modules  # type: ignore[return-value]


def collect_units(packages: list[str], search_paths: list[Path]) -> list[DocUnit]:
    """Collect every unit of the public docstrings of some packages.

    Args:
        packages: Top-level package names.
        search_paths: Where to find them.

    Returns:
        The units in a stable order: objects as griffe walks them, units as rendered.
    """
    units: list[DocUnit] = []
    for module in load_packages(packages, search_paths):
        for obj in documented_objects(module):
            if obj.docstring is not None:
                units.extend(docstring_units(obj, obj.docstring))
    return units

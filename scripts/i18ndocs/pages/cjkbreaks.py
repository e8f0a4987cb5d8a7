"""Line breaks inside Chinese and Japanese sentences: no space on the page.

Markdown keeps a soft line break (a line break that is not a hard ``"  "`` break) in the HTML,
and the browser shows it as a space. Between English words that is right; inside a Chinese
sentence a translator's wrapped line then reads "发送 请求" for "发送请求".

The rule is CSS Text Level 3's segment break transformation: a soft break, with the spaces
and tabs around it, is removed when the characters on both sides are East Asian Wide,
Fullwidth or Halfwidth (Han, kana, CJK and fullwidth punctuation) and neither is Hangul.
Everywhere else, between CJK and Latin text too, it stays a space, as CSS says and as Chinese
and Japanese technical writing spaces "使用 Python 编写". Browsers do not all apply that CSS
rule (Chromium does not), so the pipeline applies it to the HTML itself.

`CJKBreaksExtension` is a Python-Markdown extension that applies the rule to the parsed
document after inline Markdown. Text inside ``pre``, ``code``, ``kbd``, ``samp``,
``script``, ``style`` and ``textarea`` never changes (code's characters still count as
neighbours); a ``<br>`` (a hard break), an image or a block boundary separates the text
around it; a break may sit next to an element (``中文\\n**强调**``) or inside a link's
text. Raw HTML written in the Markdown stays as written. `i18ndocs.project.language_config`
adds the extension to the languages written without spaces (`i18ndocs.project.writing`);
their pages and their docstrings (mkdocstrings renders them with the same extensions) both
get it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from xml.etree.ElementTree import Element

from markdown import Markdown  # type: ignore[import-untyped]
from markdown.extensions import Extension  # type: ignore[import-untyped]
from markdown.treeprocessors import Treeprocessor  # type: ignore[import-untyped]
from markdown.util import AtomicString  # type: ignore[import-untyped]

INLINE_TAGS = frozenset(
    {"a", "abbr", "b", "cite", "code", "del", "dfn", "em", "i", "ins", "kbd", "mark", "q", "s"}
    | {"samp", "small", "span", "strong", "sub", "sup", "time", "u", "var"}
)
"""Elements whose text runs on with the text around them."""
LITERAL_TAGS = frozenset({"code", "kbd", "samp"})
"""Inline elements whose text is shown as written: never changed, still a neighbour."""
OPAQUE_TAGS = frozenset({"pre", "script", "style", "textarea"})
"""Elements whose content is never looked at."""
SOFT_BREAK = re.compile(r"[ \t]*\n[ \t]*")
WIDE = frozenset({"W", "F", "H"})
PRIORITY = -5
"""After Python-Markdown's treeprocessors (inline Markdown at 20, unescaping at 0), so
escaped characters are themselves when the neighbours are compared."""


def joins(before: str, after: str) -> bool:
    """Tell whether a soft line break between two characters gives no space.

    Args:
        before: The character before the break (and the spaces next to it).
        after: The character after it.

    Returns:
        Whether both are East Asian Wide, Fullwidth or Halfwidth and neither is Hangul.
    """
    return all(
        unicodedata.east_asian_width(character) in WIDE
        and "HANGUL" not in unicodedata.name(character, "")
        for character in (before, after)
    )


def join_lines(text: str) -> str:
    """Remove the soft line breaks of a text that `joins` says give no space.

    Args:
        text: Text with no markup, such as one paragraph of a page as the reader sees it.

    Returns:
        The text, each such break removed with the spaces and tabs around it.
    """
    return "".join(_kept(text, [True] * len(text)))


def _kept(text: str, writable: list[bool]) -> list[str]:
    """The characters of ``text`` that stay, each position's own string ("" when removed)."""
    kept = list(text)
    for match in SOFT_BREAK.finditer(text):
        start, end = match.span()
        if start == 0 or end == len(text) or not joins(text[start - 1], text[end]):
            continue
        if all(writable[start:end]):
            kept[start:end] = [""] * (end - start)
    return kept


@dataclass
class _Slot:
    """A piece of an element's text: its ``text`` or its ``tail``."""

    element: Element
    attribute: str
    writable: bool


def _runs(root: Element) -> list[list[_Slot]]:
    """Split the document's text into runs a reader sees as continuous text, in order."""
    runs: list[list[_Slot]] = [[]]

    def slot(element: Element, attribute: str, literal: bool) -> None:
        text = getattr(element, attribute)
        writable = not literal and not isinstance(text, AtomicString)
        runs[-1].append(_Slot(element, attribute, writable))

    def content(element: Element, literal: bool) -> None:
        slot(element, "text", literal)
        for child in element:
            if child.tag in INLINE_TAGS:
                content(child, literal or child.tag in LITERAL_TAGS)
            else:
                runs.append([])
                if child.tag not in OPAQUE_TAGS:
                    content(child, literal)
                runs.append([])
            slot(child, "tail", literal)

    content(root, False)
    return [run for run in runs if run]


def join_document(root: Element) -> None:
    """Apply `joins` to the soft line breaks of a parsed Markdown document, in place.

    Args:
        root: The document's root element.
    """
    for run in _runs(root):
        texts = [getattr(slot.element, slot.attribute) or "" for slot in run]
        joined = "".join(texts)
        if "\n" not in joined:
            continue
        writable = [slot.writable for slot, text in zip(run, texts, strict=True) for _ in text]
        kept = _kept(joined, writable)
        position = 0
        for slot, text in zip(run, texts, strict=True):
            new = "".join(kept[position : position + len(text)])
            position += len(text)
            if new != text:
                setattr(slot.element, slot.attribute, new)


class CJKBreaksTreeprocessor(Treeprocessor):  # type: ignore[misc]
    """Removes the soft line breaks between CJK characters of a parsed document."""

    def run(self, root: Element) -> None:
        """Apply `join_document` to the document.

        Args:
            root: The document's root element.
        """
        join_document(root)


class CJKBreaksExtension(Extension):  # type: ignore[misc]
    """Python-Markdown extension: no space for a line break between CJK characters."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        """Register the treeprocessor after the built-in ones.

        Args:
            md: The Markdown instance.
        """
        md.treeprocessors.register(CJKBreaksTreeprocessor(md), "i18ndocs_cjk_breaks", PRIORITY)

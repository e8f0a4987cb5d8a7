"""A page's search sections, split from its HTML the way Material's search splits them, faster.

Material's search indexes a page by feeding its HTML to a parser built on Python's
``html.parser``, which splits it into sections (a heading and the text up to the next), keeping
some tags (paragraphs, lists, code) and skipping others. That parser was the largest share of
a language's build left. `page_sections` reads the same HTML with one regular expression and
applies the same rules, in the same order, with the same results: each section's id, title
pieces and text pieces are those Material's parser makes, and Material's own
``create_entry_for_section`` turns them into entries.

It reads only HTML it can tokenize exactly as ``html.parser`` does, and returns None for any
other page, which Material's parser then reads: every ``<`` must open a tag with quoted
attribute values, or a comment without ``<``, ``>``, ``!`` or ``--`` in it; no element whose text
the HTML parser reads raw (``<script>``, ``<style>``, ``<textarea>``...). A page Material's
parser would stop on (an end tag its rules cannot pair) also goes to it, so it stops there.

The rules, as Material's parser applies them (its version is in the entries' cache key):

* a heading ``h1``-``h6`` with an ``id`` starts a section, at the depth of the open elements;
  text before the first heading goes to an untitled section;
* elements carrying ``data-search-exclude``, or the class ``linenodiv``, are skipped up to
  their end tag, and always ``object``, ``script`` and ``style``; the set of skipped elements is
  a set of tag *names* (Material compares elements by name), so closing any element of a
  skipped name ends the skipping of that name;
* ``p``, ``code``, ``pre``, ``li``, ``ol``, ``ul``, ``sub`` and ``sup`` are kept as bare tags
  (dropped again when nothing but white space follows them), in the title while inside the
  heading, else in the text;
* outside ``<pre>``, white space is collapsed; text is HTML-escaped again; a heading's
  permalink (``a.headerlink``) is left out of its title;
* an end tag closing an element above the current section's heading returns to the
  enclosing section.
"""

from __future__ import annotations

import re
from html import escape, unescape

VOID = frozenset(
    {
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    }
)
"""Tags with no end tag, never among the open elements."""

KEPT = frozenset({"p", "code", "pre", "li", "ol", "ul", "sub", "sup"})
"""Tags written into a section's title or text, bare."""

SKIPPED = ("object", "script", "style")
"""Tags always skipped, and never taken off the skipped names."""

HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})

RAW_TEXT = frozenset(
    {
        "script",
        "style",
        "textarea",
        "title",
        "xmp",
        "iframe",
        "noembed",
        "noframes",
        "noscript",
        "plaintext",
    }
)
"""Elements whose text an HTML parser may read raw: a page with one goes to Material's parser."""

_NAME = r"[a-zA-Z][-.a-zA-Z0-9:_]*"
_ATTRIBUTE = r"""\s+[a-zA-Z_:][-a-zA-Z0-9_:.]*(?:\s*=\s*(?:"[^"]*"|'[^']*'))?"""
_TOKEN = re.compile(
    rf"([^<]+)|<!--(?:[^<>!-]|-(?!-))*-->|</({_NAME})\s*>|<({_NAME})((?:{_ATTRIBUTE})*)\s*(/?)>"
)
_ATTRIBUTES = re.compile(r"""\s+([a-zA-Z_:][-a-zA-Z0-9_:.]*)(\s*=\s*(?:"([^"]*)"|'([^']*)'))?""")


class Section:
    """A section of a page as Material's search reads it (what its entries are made from).

    Attributes:
        tag: The heading's tag, ``hx`` for the untitled first section.
        excluded: Whether its heading asks to be left out of the search.
        depth: The number of open elements when its heading started (or later, when it was
            left, infinity).
        id: The heading's id (None for the first section).
        title: The pieces of its title.
        text: The pieces of its text.
    """

    __slots__ = ("depth", "excluded", "id", "tag", "text", "title")

    def __init__(self, tag: str, depth: float, excluded: bool = False) -> None:
        self.tag = tag
        self.depth = depth
        self.excluded = excluded
        self.id: str | None = None
        self.title: list[str] = []
        self.text: list[str] = []


class _UnsupportedError(Exception):
    """The page holds HTML this reader does not tokenize like ``html.parser``."""


def page_sections(page: str) -> list[Section] | None:
    """Split a page's HTML into the sections Material's search indexes.

    Args:
        page: The page's HTML (its content, as the search plugin reads it).

    Returns:
        The sections, excluded ones included, in order; None when the page is not HTML this
        reader tokenizes exactly (see the module): Material's parser reads it then.
    """
    try:
        return _sections(page)
    except (_UnsupportedError, ValueError):  # ValueError: Material's parser stops there too
        return None


def _sections(page: str) -> list[Section]:
    sections: list[Section] = []
    section: Section | None = None
    # The open elements: their tags, and for each tag how many are open.
    context: list[tuple[str, bool]] = []  # (tag, is a heading's permalink)
    counts: dict[str, int] = {}
    permalinks = 0
    skipped = set(SKIPPED)
    position, end = 0, len(page)

    def skipping() -> bool:
        return any(counts.get(name) for name in skipped)

    while position < end:
        token = _TOKEN.match(page, position)
        if token is None:
            raise _UnsupportedError
        position = token.end()
        text, closed, opened = token[1], token[2], token[3]
        if text is not None:
            if skipping():
                continue
            data = unescape(text)
            if not counts.get("pre"):
                data = data.replace("\n", " ") if not data.isspace() else " "
            if section is None:
                section = Section("hx", 0)
                sections.append(section)
            if counts.get(section.tag):
                if not permalinks:
                    section.title.append(escape(data, quote=False))
            elif data.isspace():
                if not section.text or not section.text[-1].isspace() or counts.get("pre"):
                    section.text.append(data)
            else:
                section.text.append(escape(data, quote=False))
            continue
        if opened is not None:
            tag = opened.lower()
            if tag in RAW_TEXT:
                raise _UnsupportedError
            attributes = {  # the last of a repeated attribute counts, as in a dict of them
                name.lower(): unescape(double or single) if value else None
                for name, value, double, single in _ATTRIBUTES.findall(token[4])
            }
            if tag not in VOID and tag == "a" and attributes.get("class") == "headerlink":
                permalinks += 1
            section = _start(tag, attributes, context, counts, sections, section, skipped)
            if token[5]:  # <tag/>: started and ended
                closed = opened
            else:
                continue
        if closed is None:
            continue  # a comment: it only ends a piece of text
        tag = closed.lower()
        if not context or context[-1][0] != tag:
            continue
        if section is not None and section.depth > len(context):
            for candidate in reversed(sections):
                if candidate.depth <= len(context):
                    section.depth = float("inf")
                    section = candidate
                    break
        _, permalink = context.pop()
        counts[tag] -= 1
        permalinks -= permalink
        if tag in skipped:
            if tag not in SKIPPED:
                skipped.discard(tag)
            continue
        if tag in KEPT and not skipping() and section is not None:
            data_list = section.title if counts.get(section.tag) else section.text
            index = data_list.index(f"<{tag}>")
            after = range(index + 1, len(data_list))  # in place: copying a long list is slow
            if any(not data_list[at].isspace() for at in after):
                data_list.append(f"</{tag}>")
            else:
                del data_list[index:]
    return sections


def _start(
    tag: str,
    attributes: dict[str, str | None],
    context: list[tuple[str, bool]],
    counts: dict[str, int],
    sections: list[Section],
    section: Section | None,
    skipped: set[str],
) -> Section | None:
    """Open an element as Material's parser does; return the current section after it."""
    if tag in VOID:
        return section
    permalink = tag == "a" and attributes.get("class") == "headerlink"
    context.append((tag, permalink))
    counts[tag] = counts.get(tag, 0) + 1
    excluded = "data-search-exclude" in attributes or attributes.get("class") == "linenodiv"
    if tag in HEADINGS and "id" in attributes:
        depth = len(context)
        if tag != "h1" and not sections:
            sections.append(Section("hx", depth))
        section = Section(tag, depth, "data-search-exclude" in attributes)
        if sections:
            section.id = attributes["id"]
        sections.append(section)
    if section is None:
        section = Section("hx", 0)
        sections.append(section)
    if excluded:
        skipped.add(tag)
        return section
    if tag in KEPT and not any(counts.get(name) for name in skipped):
        (section.title if counts.get(section.tag) else section.text).append(f"<{tag}>")
    return section

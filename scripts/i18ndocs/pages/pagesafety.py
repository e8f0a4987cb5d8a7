"""What a translated page may contain: no raw HTML, event handlers or scripts its English lacks.

Translated pages are contributed text published as HTML. A translation may reword anything,
but raw HTML tags, attributes (``onerror=`` above all) and ``javascript:``-style link targets
are refused unless its English page has the very same ones (`i18ndocs.pages.unitsafety` compares
them). Code blocks and code spans are text, not markup, and are ignored.
"""

from __future__ import annotations

import re

from i18ndocs.pages.unitsafety import unsafe_additions

_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})[^\n]*\n.*?^[ \t]*\1[ \t]*$", re.MULTILINE | re.DOTALL)
_SCRIPT_SCHEMES = ("javascript:", "vbscript:", "data:")


def _without_code_blocks(text: str) -> str:
    """Blank fenced code blocks out, keeping the line count."""
    return _FENCE.sub(lambda match: "\n" * match[0].count("\n"), text)


def _line_of(text: str, needle: str) -> int:
    """Find the 1-based line holding a piece of text (the first line when not found)."""
    lowered = text.lower()
    position = lowered.find(needle.lower())
    return lowered.count("\n", 0, position) + 1 if position >= 0 else 1


def unsafe_page_additions(english: str, translation: str) -> list[tuple[int, str]]:
    """List the raw HTML and script links a translated page adds to its English page.

    Args:
        english: The English page's Markdown.
        translation: The translation's Markdown.

    Returns:
        ``(line, description)`` pairs, the line being the translation's; empty when the
        translation adds nothing unsafe.
    """
    text = _without_code_blocks(translation)
    found = []
    for item in unsafe_additions(_without_code_blocks(english), text):
        kind, _, what = item.partition(" ")
        if kind == "link" and not what.removeprefix("target ").strip().lower().startswith(
            _SCRIPT_SCHEMES
        ):
            continue  # an ordinary link target (a translated anchor, another page)
        needle = what.removeprefix("target ").strip()
        if needle.startswith("<"):
            needle = needle.split(" ")[0].split("=")[0].rstrip(">")
            attribute = what.split(" ", 1)[1].split("=")[0] if " " in what else ""
            line = _line_of(text, attribute or needle) if attribute else _line_of(text, needle)
        else:
            line = _line_of(text, needle)
        found.append((line, f"raw {item} that the English page does not have"))
    return sorted(found)

"""What a translated unit may contain: nothing its English unit does not have.

Translations are contributed text that ends up in the site's HTML. A translation may reword
everything, but it may not bring HTML tags, attributes, scripts or link targets that its
English unit does not have; `unsafe_additions` lists what it brings. Inline code spans are
text, not markup, so they are ignored on both sides.
"""

from __future__ import annotations

import re

_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1", re.DOTALL)
_TAG = re.compile(r"<\s*(/?)\s*([A-Za-z][\w:-]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>")
_ATTRIBUTE = re.compile(r"([^\s=/>\"']+)(?:\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s>]+))?")
_INLINE_LINK = re.compile(r"\]\(\s*<?([^)\s>]*)>?(?:\s+[\"'][^)]*[\"'])?\s*\)")
_REFERENCE_LINK = re.compile(r"\]\[([^\]]+)\]")
_DEFINITION = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*(\S+)", re.MULTILINE)
_AUTOLINK = re.compile(r"<((?:[a-zA-Z][a-zA-Z0-9+.-]*):[^\s>]+)>")


def _markup(text: str) -> tuple[set[str], set[str]]:
    """Collect the tags and attributes (``tag``, ``tag@attr=value``) and link targets."""
    text = _CODE_SPAN.sub("", text)
    markup: set[str] = set()
    targets: set[str] = set()
    for match in _TAG.finditer(text):
        if match[1]:
            continue
        name = match[2].lower()
        markup.add(f"<{name}>")
        for attribute in _ATTRIBUTE.finditer(match[3]):
            value = (attribute[2] or "").strip("\"'")
            markup.add(f"<{name} {attribute[1].lower()}={value}>")
    for pattern in (_INLINE_LINK, _REFERENCE_LINK, _DEFINITION):
        targets.update(match[1].strip() for match in pattern.finditer(text))
    autolinks = {match[1] for match in _AUTOLINK.finditer(text)}
    targets.update(autolinks)
    markup -= {f"<{link.lower()}>" for link in autolinks}
    return markup, targets


def unsafe_additions(english: str, translation: str) -> list[str]:
    """List the markup and link targets a translation adds to its English unit.

    Args:
        english: The English unit (Markdown).
        translation: Its translation (Markdown).

    Returns:
        One description per addition, such as ``tag <script>`` or ``link target
        javascript:alert(1)``; empty when the translation adds nothing.
    """
    english_markup, english_targets = _markup(english)
    markup, targets = _markup(translation)
    found = [f"HTML {item}" for item in sorted(markup - english_markup)]
    found += [f"link target {target}" for target in sorted(targets - english_targets)]
    return found

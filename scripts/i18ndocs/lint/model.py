"""What the lint reports: findings (`Finding`), their kinds, and the comments that allow them.

A deliberate difference is allowed with an HTML comment, which the site does not show:
``<!-- lint: allow inline-code -->`` (`parse_allow`); see `i18ndocs.lint.checks`.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

ALLOW_KEY = "lint_allow"
"""The front matter key listing the kinds of finding allowed on a whole page."""


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


_ALLOW = re.compile(r"<!--\s*lint\s*:\s*allow\b(?P<kinds>.*?)-->", re.DOTALL)


ALLOW_ALONE = re.compile(r"^\s*<!--\s*lint\s*:.*-->\s*$")


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

"""Docstring texts stood in for by tokens, so that a reference block renders once for all languages.

With shared rendering (`i18ndocs.plugin.shared_blocks`), the docstring extension
(`i18ndocs.reference.translation`) puts a token in the place of each text of each docstring
(a section's text, a parameter's description...): the same token in every language, made from
the text's context and English. Each loaded package keeps, in griffe's ``extra`` of its
module (`package_fields`), the text the language being built shows for each token, which the
blocks are filled in with (`loaded_fields`).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

EXTRA = "i18ndocs"
"""The namespace of griffe's ``extra`` where a loaded package keeps its `FieldTexts`."""

TOKEN = re.compile(r"i18ndocsfield[0-9a-f]{24}")
"""A token standing in for a docstring's text (a word to Markdown: it passes through intact)."""


def token_for(context: str, english: str) -> str:
    """Make the token of a docstring's text, the same in every language and process.

    Args:
        context: The text's context (`i18ndocs.catalogs.docunits.editable_texts`).
        english: Its English text.

    Returns:
        A token `TOKEN` matches.
    """
    digest = hashlib.sha256(f"{context}\0{english}".encode()).hexdigest()
    return f"i18ndocsfield{digest[:24]}"


@dataclass(frozen=True)
class _Field:
    """A text of a loaded docstring: how to replace it, its token, its text in the language."""

    replace: Callable[[str], None]
    token: str
    text: str


class FieldTexts:
    """The docstring texts of one build's language, by token."""

    def __init__(self) -> None:
        self.texts: dict[str, str] = {}
        self._fields: list[_Field] = []

    def stand_in(
        self, context: str, english: str, text: str, replace: Callable[[str], None]
    ) -> None:
        """Put a token in the place of a docstring's text, keeping the language's text.

        Args:
            context: The text's context.
            english: Its English text.
            text: What the language shows for it.
            replace: Puts another text in its place in the loaded docstring.
        """
        token = token_for(context, english)
        self.texts[token] = text
        self._fields.append(_Field(replace, token, text))
        replace(token)

    def fill(self, text: str) -> str | None:
        """Replace each token in a text by the language's text.

        Args:
            text: Text holding tokens.

        Returns:
            The text in the language; None when a token is not one of this build's.
        """
        unknown: list[str] = []

        def text_of(match: re.Match[str]) -> str:
            found = self.texts.get(match[0])
            if found is None:
                unknown.append(match[0])
                return match[0]
            return found

        filled = TOKEN.sub(text_of, text)
        return None if unknown else filled

    @contextmanager
    def shown(self) -> Iterator[None]:
        """Put the language's texts back in the docstrings while a block renders the usual way."""
        for field in self._fields:
            field.replace(field.text)
        try:
            yield
        finally:
            for field in self._fields:
                field.replace(field.token)

    def add(self, other: FieldTexts) -> None:
        """Take in another package's texts.

        Args:
            other: The texts to add.
        """
        self.texts.update(other.texts)
        self._fields += other._fields


def package_fields(package: Any) -> FieldTexts:
    """Give a loaded package the texts of its docstrings, empty, kept in its ``extra``.

    Args:
        package: The package's module, as griffe loaded it.

    Returns:
        Its texts, to fill in as its docstrings get tokens.
    """
    fields = FieldTexts()
    package.extra[EXTRA]["fields"] = fields
    return fields


def loaded_fields(collection: Any) -> FieldTexts:
    """Gather the texts of every package griffe has loaded.

    Args:
        collection: griffe's collection of loaded modules.

    Returns:
        Their texts together; empty when no package has tokens.
    """
    gathered = FieldTexts()
    for module in collection.members.values():
        found = module.extra.get(EXTRA, {}).get("fields")
        if isinstance(found, FieldTexts):
            gathered.add(found)
    return gathered

"""A griffe extension that shows docstrings in the language being built.

mkdocstrings loads the documented package through griffe; once the package is loaded, this
extension walks all its objects and replaces each docstring unit (`i18ndocs.catalogs.docunits`)
with its translation from ``docs/<code>/catalogs/docstrings.po``. A unit without a current
translation (missing, fuzzy, or refused as unsafe) stays in English, wrapped in an element
with ``lang="en"`` and followed by a small marker linking to the translators' guide, so
readers and screen readers know, and the page's banner can count it.

The language's build configuration (`i18ndocs.project.language_config`) adds the extension with its
options; the source language's build does without it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any

from griffe import Extension, GriffeLoader, Module

from i18ndocs.catalogs.docunits import documented_objects, parsed_sections, translate_sections
from i18ndocs.catalogs.sitetext import UNTRANSLATED_MARK_TITLE, catalog_path, translator
from i18ndocs.pages.unitsafety import unsafe_additions

UNTRANSLATED_CLASS = "i18ndocs-untranslated-unit"
"""The class of the element around an English unit on a translated page."""

MARK_CLASS = "i18ndocs-untranslated-mark"
"""The class of the marker after an English unit."""

log = logging.getLogger("mkdocs.plugins.i18ndocs")


@dataclass(frozen=True)
class UnitTranslation:
    """A translated unit as the catalog holds it.

    Attributes:
        text: The translation.
        lineno: The line of its entry in the catalog.
    """

    text: str
    lineno: int


def load_unit_translations(po_path: Path, lang: str) -> dict[tuple[str, str], UnitTranslation]:
    """Read the current translations of a ``docstrings`` catalog.

    Args:
        po_path: The catalog.
        lang: Its language.

    Returns:
        The translations by ``(context, English text)``; fuzzy and empty entries are left
        out, so their units read as untranslated.

    Raises:
        DocsError: The catalog does not parse.
    """
    from i18ndocs.catalogs.po import read_catalog

    if not po_path.is_file():
        return {}
    found: dict[tuple[str, str], UnitTranslation] = {}
    for message in read_catalog(po_path, lang):
        if not message.id or message.fuzzy or not isinstance(message.string, str):
            continue
        if message.string.strip() and isinstance(message.id, str):
            found[(message.context or "", message.id)] = UnitTranslation(
                message.string, message.lineno or 0
            )
    return found


class TranslateDocstrings(Extension):
    """Replace docstring units by their translation into one language.

    Args:
        lang: The language being built.
        docs_root: The folder holding one docs folder per language.
        cache_dir: The pipeline's cache folder (for the compiled site catalog).
        guide_url: The URL of the translators' guide, for the marker's link.
    """

    def __init__(self, lang: str, docs_root: str, cache_dir: str, guide_url: str) -> None:
        super().__init__()
        self.lang = lang
        self.po_path = catalog_path(Path(docs_root), lang, "docstrings")
        self.translations = load_unit_translations(self.po_path, lang)
        words = translator(Path(docs_root), lang, Path(cache_dir))
        self.mark = (
            f'<a class="{MARK_CLASS}" href="{escape(guide_url)}" lang="{escape(lang)}" '
            f'title="{escape(words.gettext(UNTRANSLATED_MARK_TITLE))}">'
            f"{escape(words.pgettext('untranslated unit', 'not translated'))}</a>"
        )

    def on_package(self, *, pkg: Module, loader: GriffeLoader, **kwargs: Any) -> None:
        """Translate the docstrings of a package griffe has just loaded.

        Args:
            pkg: The loaded package.
            loader: The loader that loaded it.
            **kwargs: Further arguments griffe may pass.
        """
        for obj in documented_objects(pkg):
            if obj.docstring is not None:
                translate_sections(obj.path, parsed_sections(obj.docstring), self.translate)

    def translate(self, context: str, english: str) -> str:
        """Return a unit's translation, or the English unit marked as untranslated.

        Args:
            context: The unit's context.
            english: The unit's English text.

        Returns:
            Markdown to render in the unit's place. An English title (of a "Note:" or
            "Example:" section) is marked inline, without the marker link.
        """
        found = self.translations.get((context, english))
        if found is not None:
            problems = unsafe_additions(english, found.text)
            if not problems:
                return found.text
            log.error(
                f"{self.po_path}:{found.lineno}: the translation of {context} adds "
                f"{', '.join(problems)}; it is shown in English"
            )
        if context.endswith("-title"):  # a title is inline text, and a control: no link
            return f'<span class="{UNTRANSLATED_CLASS}" lang="en">{english}</span>'
        return (
            f'<div class="{UNTRANSLATED_CLASS}" lang="en" markdown="1">\n\n'
            f"{english} {self.mark}\n\n</div>"
        )

"""A griffe extension that shows docstrings in the language being built.

mkdocstrings loads the documented package through griffe; once the package is loaded, this
extension walks all its objects and replaces each docstring unit (`i18ndocs.catalogs.docunits`)
with its translation from ``docs/<code>/catalogs/docstrings.po``. Each unit is wrapped in an
element whose class says its state, so that readers, screen readers and the page's banner
(`i18ndocs.plugin.banners`) can tell the three apart:

* translated: the translation, in the page's language (`TRANSLATED_CLASS`);
* outdated: the catalog holds a translation of an older English text (an entry marked fuzzy,
  or one under the unit's context whose English is no longer in the docstrings, as
  `i18ndocs.status.units` counts it); the English is shown, in an element with ``lang="en"``,
  followed by an "outdated" mark (`OUTDATED_CLASS`, `OUTDATED_MARK_CLASS`);
* not translated: no translation, or one refused as unsafe; the English is shown, in an
  element with ``lang="en"``, followed by a "not translated" mark (`UNTRANSLATED_CLASS`,
  `MARK_CLASS`).

Marks are links to the translators' guide, in the page's language, with a title that says
what they mean. The language's build configuration (`i18ndocs.project.language_config`) adds
the extension with its options; the source language's build does without it, unless blocks
are rendered once for every language: then, in every language, each text of a docstring gets
a token in its place and the text the language shows is kept for the token
(`i18ndocs.reference.fields`), the source language's being its English.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import partial
from html import escape
from pathlib import Path
from typing import Any

from griffe import Extension, GriffeLoader, Module

from i18ndocs.catalogs.docunits import (
    docstring_units,
    documented_objects,
    editable_texts,
    parsed_sections,
    translate_sections,
    translated,
)
from i18ndocs.catalogs.sitetext import (
    OUTDATED_MARK,
    OUTDATED_MARK_TITLE,
    UNTRANSLATED_MARK,
    UNTRANSLATED_MARK_TITLE,
    catalog_path,
    translator,
)
from i18ndocs.pages.unitsafety import unsafe_additions
from i18ndocs.project.claims import read_through
from i18ndocs.reference.fields import package_fields

TRANSLATED_CLASS = "i18ndocs-translated-unit"
"""The class of the element around a translated unit."""

OUTDATED_CLASS = "i18ndocs-outdated-unit"
"""The class of the element around an English unit whose translation is outdated."""

UNTRANSLATED_CLASS = "i18ndocs-untranslated-unit"
"""The class of the element around an English unit that has no translation."""

MARK_CLASS = "i18ndocs-untranslated-mark"
"""The class of the "not translated" mark after an English unit."""

OUTDATED_MARK_CLASS = "i18ndocs-outdated-mark"
"""The class of the "outdated" mark after an English unit."""

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


@dataclass(frozen=True)
class UnitCatalog:
    """The translations a ``docstrings`` catalog holds, current or not.

    Attributes:
        current: The translations not marked fuzzy, by ``(context, English text)``.
        older: The ``(context, English text)`` of every other translated entry: marked fuzzy
            (translated from an earlier English), or not, in which case the English it was
            translated from may be gone from the docstrings.
    """

    current: dict[tuple[str, str], UnitTranslation]
    older: frozenset[tuple[str, str]]

    def outdated_contexts(self, english: set[tuple[str, str]]) -> frozenset[str]:
        """Return the contexts whose translations describe English no longer in the docstrings.

        Args:
            english: Every ``(context, English text)`` unit of the docstrings.

        Returns:
            The contexts of translated entries, fuzzy or not, whose English is not a unit.
        """
        entries = self.older | self.current.keys()
        return frozenset(context for context, text in entries if (context, text) not in english)


def load_unit_catalog(po_path: Path, lang: str) -> UnitCatalog:
    """Read a ``docstrings`` catalog.

    Args:
        po_path: The catalog.
        lang: Its language.

    Returns:
        Its translations; empty entries are left out, so their units read as untranslated.

    Raises:
        DocsError: The catalog does not parse.
    """
    from i18ndocs.catalogs.po import read_catalog

    if not po_path.is_file():
        return UnitCatalog({}, frozenset())
    current: dict[tuple[str, str], UnitTranslation] = {}
    older: set[tuple[str, str]] = set()
    for message in read_catalog(po_path, lang):
        if not isinstance(message.id, str) or not isinstance(message.string, str):
            continue
        if not message.id or not message.string.strip():
            continue
        key = (message.context or "", message.id)
        if message.fuzzy:
            older.add(key)
        else:
            current[key] = UnitTranslation(message.string, message.lineno or 0)
    return UnitCatalog(current, frozenset(older))


def _mark(css_class: str, guide_url: str, lang: str, title: str, text: str) -> str:
    """Write the link that follows an English unit and says why it is English."""
    return (
        f'<a class="{css_class}" href="{escape(guide_url)}" lang="{escape(lang)}" '
        f'title="{escape(title)}">{escape(text)}</a>'
    )


class TranslateDocstrings(Extension):
    """Replace docstring units by their translation into one language, marking each unit's state.

    Args:
        lang: The language being built.
        docs_root: The folder holding one docs folder per language.
        cache_dir: The pipeline's cache folder (for the compiled site catalog).
        guide_url: The URL of the translators' guide, for the marks' links.
        tokens: Put tokens in the texts' place, keeping the language's texts in the package
            (`i18ndocs.reference.fields.package_fields`).
        source: The language is the source language: its texts are the English ones.
    """

    def __init__(
        self,
        lang: str,
        docs_root: str,
        cache_dir: str,
        guide_url: str,
        tokens: bool = False,
        source: bool = False,
    ) -> None:
        super().__init__()
        self.lang = lang
        self.tokens = tokens
        self.source = source
        self.po_path = catalog_path(Path(docs_root), lang, "docstrings")
        self.catalog = UnitCatalog({}, frozenset())
        if not source and self.po_path.is_file():  # parsed once for each state of the catalog
            self.catalog = read_through(
                self.po_path,
                Path(cache_dir) / "parsed",
                f"units {lang}",
                partial(load_unit_catalog, self.po_path, lang),
            )
        self.outdated: frozenset[str] = frozenset()
        words = translator(Path(docs_root), lang, Path(cache_dir))
        self.untranslated_mark = _mark(
            MARK_CLASS,
            guide_url,
            lang,
            words.gettext(UNTRANSLATED_MARK_TITLE),
            words.pgettext("untranslated unit", UNTRANSLATED_MARK),
        )
        self.outdated_mark = _mark(
            OUTDATED_MARK_CLASS,
            guide_url,
            lang,
            words.gettext(OUTDATED_MARK_TITLE),
            words.pgettext("outdated unit", OUTDATED_MARK),
        )

    def on_package(self, *, pkg: Module, loader: GriffeLoader, **kwargs: Any) -> None:
        """Translate the docstrings of a package griffe has just loaded.

        Args:
            pkg: The loaded package.
            loader: The loader that loaded it.
            **kwargs: Further arguments griffe may pass.
        """
        objects = [obj for obj in documented_objects(pkg) if obj.docstring is not None]
        if not self.source:
            english = {(u.context, u.text) for obj in objects for u in docstring_units(obj)}
            self.outdated = self.catalog.outdated_contexts(english)
        fields = package_fields(pkg) if self.tokens else None
        for obj in objects:
            if obj.docstring is None:
                continue
            sections = parsed_sections(obj.docstring)
            if fields is None:
                translate_sections(obj.path, sections, self.translate)
                continue
            for context, text, replace in editable_texts(obj.path, sections):
                shown = text if self.source else translated(context, text, self.translate)
                fields.stand_in(context, text, shown, replace)

    def translate(self, context: str, english: str) -> str:
        """Return a unit's translation, or the English unit marked as outdated or untranslated.

        Args:
            context: The unit's context.
            english: The unit's English text.

        Returns:
            Markdown to render in the unit's place, wrapped in an element whose class says the
            unit's state. A title (of a "Note:" or "Example:" section) is inline text and a
            control: it is wrapped in a ``span``, without a mark.
        """
        title = context.endswith("-title")
        found = self.catalog.current.get((context, english))
        if found is not None:
            problems = unsafe_additions(english, found.text)
            if not problems:
                if title:
                    return f'<span class="{TRANSLATED_CLASS}">{found.text}</span>'
                return f'<div class="{TRANSLATED_CLASS}" markdown="1">\n\n{found.text}\n\n</div>'
            log.error(
                f"{self.po_path}:{found.lineno}: the translation of {context} adds "
                f"{', '.join(problems)}; it is shown in English"
            )
            css_class, mark = UNTRANSLATED_CLASS, self.untranslated_mark
        elif (context, english) in self.catalog.older or context in self.outdated:
            css_class, mark = OUTDATED_CLASS, self.outdated_mark
        else:
            css_class, mark = UNTRANSLATED_CLASS, self.untranslated_mark
        if title:
            return f'<span class="{css_class}" lang="en">{english}</span>'
        return f'<div class="{css_class}" lang="en" markdown="1">\n\n{english} {mark}\n\n</div>'

"""The translation state of catalog units: docstring units and the site's words.

The English units are computed from the sources (the documented package and
``mkdocs.yml``), not read from the templates, so the status is right even before anyone runs
``catalog update``. The site's units are the project's own words (`extract_site`); the
pipeline's words come translated with it and are not counted. A unit of a language is:

* ``TRANSLATED``: its catalog holds a translation of exactly this English, not fuzzy;
* ``OUTDATED``: its catalog holds a translation marked fuzzy, or a translation of another
  English text under the same context (the English changed since);
* ``MISSING``: nothing.

Docstring units are those the pages render (`i18ndocs.catalogs.docscope`), each naming the
English pages that render it, so pages can be counted too. Catalog mistakes that
must stop a build (syntax, placeholders, unsafe markup) are structural errors.
"""

from __future__ import annotations

from collections import Counter
from functools import partial
from pathlib import Path

from i18ndocs.catalogs.extract import extract_site
from i18ndocs.catalogs.po import check_catalog, is_translated, kept_check, read_catalog
from i18ndocs.catalogs.sitetext import catalog_path
from i18ndocs.project.claims import read_through
from i18ndocs.project.errors import DocsError
from i18ndocs.project.settings import Settings
from i18ndocs.status.model import (
    Change,
    ErrorKind,
    PageState,
    SourceUnit,
    StructuralError,
    UnitKind,
    UnitStatus,
)


def source_units(settings: Settings) -> list[SourceUnit]:
    """Compute every English catalog unit from the sources.

    Args:
        settings: The project's settings.

    Returns:
        The docstring units (with their pages), then the project's own site words (the
        pipeline's come translated with it).
    """
    from i18ndocs.catalogs.docscope import docstring_scope

    units: list[SourceUnit] = []
    ranks: Counter[str] = Counter()
    for unit in docstring_scope(settings).units:
        owners = unit.pages
        key = f"{unit.context}#{ranks[unit.context]}"
        ranks[unit.context] += 1
        units.append(SourceUnit(UnitKind.DOCSTRING, key, unit.context, unit.text, owners))
    for message in extract_site(settings):
        if not message.id:
            continue
        text = message.id if isinstance(message.id, str) else message.id[0]
        context = message.context or ""
        key = f"{context}|{text}" if context else text
        units.append(SourceUnit(UnitKind.SITE_TEXT, key, context, text))
    return units


CatalogIndex = dict[tuple[str, str], tuple[bool, str | None]]
"""For each translated (context, English) of a catalog: whether it is current, and the English
a fuzzy one was translated from (its ``#| msgid``) when the catalog kept it."""


def catalog_index(path: Path, lang: str) -> CatalogIndex:
    """Index a catalog's translated entries by context and English.

    Args:
        path: The catalog.
        lang: Its language.

    Returns:
        The index.

    Raises:
        DocsError: The catalog does not parse.
    """
    entries: CatalogIndex = {}
    for message in read_catalog(path, lang):
        if not message.id or not is_translated(message):
            continue
        text = message.id if isinstance(message.id, str) else message.id[0]
        previous = message.previous_id[0] if message.fuzzy and message.previous_id else None
        entries[(message.context or "", text)] = (not message.fuzzy, previous)
    return entries


def _catalog_reading(
    path: Path, lang: str, cache_dir: Path | None
) -> tuple[CatalogIndex, list[tuple[int | None, str]]]:
    """Index a catalog and check it (`check_catalog`), kept for its bytes when there is a cache.

    A live server computes the report again after every edit, mostly of pages: the catalogs'
    readings, and a build's checks of them, are read from the cache.

    Raises:
        DocsError: The catalog does not parse.
    """
    if cache_dir is None:
        return catalog_index(path, lang), check_catalog(path, lang)
    index = partial(catalog_index, path, lang)
    entries = read_through(path, cache_dir / "parsed", f"status {lang}", index)
    return entries, kept_check(path, lang, cache_dir)


def unit_statuses(
    docs_root: Path, lang: str, units: list[SourceUnit], cache_dir: Path | None = None
) -> tuple[list[UnitStatus], list[StructuralError]]:
    """Compute the state of every catalog unit in one language.

    Args:
        docs_root: The folder holding one docs folder per language.
        lang: The language.
        units: The English units, from `source_units`.
        cache_dir: The pipeline's cache folder, where the catalogs' readings are kept; None
            to read them without keeping anything.

    Returns:
        The units' states, and the catalog mistakes found.
    """
    errors: list[StructuralError] = []
    indexes: dict[UnitKind, CatalogIndex] = {}
    for kind, domain in ((UnitKind.DOCSTRING, "docstrings"), (UnitKind.SITE_TEXT, "site")):
        path = catalog_path(docs_root, lang, domain)
        shown = path.relative_to(docs_root.parent).as_posix()
        try:
            indexes[kind], mistakes = (
                _catalog_reading(path, lang, cache_dir) if path.is_file() else ({}, [])
            )
            errors.extend(
                StructuralError(ErrorKind.CATALOG, shown, line, message)
                for line, message in mistakes
            )
        except DocsError as error:
            indexes[kind] = {}
            line = error.problem.line
            errors.append(StructuralError(ErrorKind.CATALOG, shown, line, error.problem.message))
    english = {(unit.context, unit.text) for unit in units}
    stale_contexts = {
        kind: {context: text for context, text in entries if (context, text) not in english}
        for kind, entries in indexes.items()
    }
    statuses = []
    for unit in units:
        entries = indexes[unit.kind]
        stale = stale_contexts[unit.kind]
        found = entries.get((unit.context, unit.text))
        change = None
        if found is not None and found[0]:
            state = PageState.TRANSLATED
        elif found is not None or unit.context in stale:
            state = PageState.OUTDATED
            # fuzzy: the English kept by `catalog update`; else the English of the stale entry
            old = found[1] if found is not None else stale[unit.context]
            change = Change(old, unit.text)
        else:
            state = PageState.MISSING
        statuses.append(UnitStatus(unit.kind, unit.key, state, unit.pages, change))
    return statuses, errors

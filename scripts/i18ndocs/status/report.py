"""Collecting the translation status of every language: pages, catalog units, mistakes.

Missing and outdated pages are work in progress. Structural errors are mistakes in the tree
itself: a translation without an English source (an orphan), a malformed fingerprint or
front matter, a directory for an undeclared language, a catalog that must not be built.
Documented objects that no page renders are listed apart (`objects_off_pages`): their
docstrings are not asked of translators.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from i18ndocs.catalogs.docscope import docstring_scope
from i18ndocs.pages.frontmatter import FrontMatterError, read_front_matter, read_page
from i18ndocs.project.settings import Settings
from i18ndocs.status.model import (
    SOURCE_LANGUAGE,
    DeclaredLanguage,
    ErrorKind,
    LanguageStatus,
    PageState,
    SourceUnit,
    StatusReport,
    StructuralError,
    UnitKind,
    UnitStatus,
)
from i18ndocs.status.page_state import (
    FingerprintError,
    page_change,
    page_state,
    project_relative,
    recorded_fingerprint,
)
from i18ndocs.status.units import unit_statuses


def _markdown_pages(directory: Path) -> list[str]:
    if not directory.is_dir():
        return []
    return sorted(path.relative_to(directory).as_posix() for path in directory.rglob("*.md"))


def _page_error(path: Path, docs_root: Path) -> StructuralError | None:
    shown = project_relative(path, docs_root)
    project = docs_root.resolve().parent
    if not path.resolve().is_relative_to(project):
        message = f"links to {path.resolve()}, outside the project; it is never published"
        return StructuralError(ErrorKind.OUTSIDE, shown, None, message)
    try:
        recorded_fingerprint(read_front_matter(read_page(path)))
    except FrontMatterError as error:
        return StructuralError(ErrorKind.MALFORMED_FRONT_MATTER, shown, error.line, error.message)
    except FingerprintError as error:
        return StructuralError(ErrorKind.MALFORMED_FINGERPRINT, shown, error.line, error.message)
    except UnicodeDecodeError as error:
        message = f"not valid UTF-8 at byte {error.start}"
        return StructuralError(ErrorKind.MALFORMED_FRONT_MATTER, shown, 1, message)
    return None


def _language_status(
    docs_root: Path, source: str, language: DeclaredLanguage, english_pages: Sequence[str]
) -> tuple[LanguageStatus, list[StructuralError]]:
    errors: list[StructuralError] = []
    english = set(english_pages)
    for rel_path in _markdown_pages(docs_root / language.code):
        path = docs_root / language.code / rel_path
        if rel_path not in english:
            message = f"translation has no English source docs/{source}/{rel_path}"
            errors.append(
                StructuralError(ErrorKind.ORPHAN, project_relative(path, docs_root), 1, message)
            )
        error = _page_error(path, docs_root)
        if error is not None:
            errors.append(error)
    units = []
    for rel_path in english_pages:
        state = page_state(docs_root, language.code, rel_path, source=source)
        change = None
        if state is PageState.OUTDATED:
            change = page_change(docs_root, language.code, rel_path, source=source)
        units.append(UnitStatus(UnitKind.PAGE, rel_path, state, change=change))
    return LanguageStatus(language.code, language.name, tuple(units)), errors


def _undeclared_directories(docs_root: Path, codes: Iterable[str]) -> list[StructuralError]:
    declared = set(codes)
    return [
        StructuralError(
            ErrorKind.UNDECLARED_LANGUAGE,
            project_relative(child, docs_root),
            None,
            f"directory for language {child.name!r}, which mkdocs.yml does not declare",
        )
        for child in sorted(docs_root.iterdir())
        if child.is_dir() and not child.name.startswith(".") and child.name not in declared
    ]


def collect_status(
    docs_root: Path,
    languages: Sequence[DeclaredLanguage],
    units: Sequence[SourceUnit] | None = None,
    cache_dir: Path | None = None,
) -> StatusReport:
    """Compute the translation status of every declared language.

    Args:
        docs_root: The ``docs`` directory holding one directory per language.
        languages: The declared languages, the source language included.
        units: The English catalog units (`i18ndocs.status.units.source_units`), whose
            state in each language's catalogs is reported too; None for pages only.
        cache_dir: The pipeline's cache folder, where the catalogs' readings are kept;
            None to read them without keeping anything.

    Returns:
        The status of every non-source language and every structural error.
    """
    source = next((language.code for language in languages if language.source), SOURCE_LANGUAGE)
    english_pages = _markdown_pages(docs_root / source)
    statuses: list[LanguageStatus] = []
    errors = _undeclared_directories(docs_root, (language.code for language in languages))
    for language in languages:
        if language.code == source:
            continue
        if not (docs_root / language.code).is_dir():
            errors.append(
                StructuralError(
                    ErrorKind.MISSING_LANGUAGE,
                    project_relative(docs_root / language.code, docs_root),
                    None,
                    f"language {language.code!r} is declared but has no folder; "
                    f"create it (docs.py new-lang adds one) or remove the declaration",
                )
            )
        status, language_errors = _language_status(docs_root, source, language, english_pages)
        if units is not None:
            found, catalog_errors = unit_statuses(docs_root, language.code, list(units), cache_dir)
            status = LanguageStatus(status.code, status.name, (*status.units, *found))
            language_errors.extend(catalog_errors)
        statuses.append(status)
        errors.extend(language_errors)
    errors.sort(key=lambda error: (error.path, error.line or 0, error.kind.value))
    return StatusReport(source, tuple(statuses), tuple(errors))


def objects_off_pages(settings: Settings) -> tuple[str, ...]:
    """List the documented objects with a docstring that no page renders.

    Their docstrings are left out of the catalog (the pages' directives and the handler's
    member options decide what is rendered; `i18ndocs.catalogs.docscope`).

    Args:
        settings: The project's settings.

    Returns:
        The objects' paths, as griffe walks the code.
    """
    return docstring_scope(settings).off_pages

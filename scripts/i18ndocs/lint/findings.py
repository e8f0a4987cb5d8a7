"""Collecting the lint's findings over a project: which translations to check, and checking them.

The checks themselves are in `i18ndocs.lint.checks`, the glossaries in `i18ndocs.lint.glossary`.
``docs.py status --check`` calls `collect_findings` with ``current_only=True``: a page
whose English text changed since its translation is work in progress, like a missing
page, and only a translation that claims to be current must pass the lint.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from i18ndocs.lint.checks import lint_page, lint_po
from i18ndocs.lint.glossary import Glossary, GlossaryError, glossary_path, load_glossary
from i18ndocs.lint.model import Finding, FindingKind
from i18ndocs.project.settings import Settings
from i18ndocs.status.model import PageState
from i18ndocs.status.page_state import page_state, translated_pages


class LintInputError(ValueError):
    """A path given to ``lint`` is not a translated page or catalog."""


def load_glossaries(root: Path, codes: Sequence[str]) -> tuple[dict[str, Glossary], list[Finding]]:
    """Load the glossary of each language that has one.

    Args:
        root: The repository root.
        codes: The translated languages' codes.

    Returns:
        The glossaries by language code, and a finding for each glossary that cannot be read.
    """
    glossaries: dict[str, Glossary] = {}
    problems: list[Finding] = []
    for code in codes:
        path = glossary_path(root, code)
        if not path.is_file():
            continue
        try:
            glossaries[code] = load_glossary(path, path.relative_to(root).as_posix())
        except GlossaryError as error:
            problems.append(Finding(error.path, error.line, FindingKind.GLOSSARY, error.message))
    return glossaries, problems


def _shown(path: Path, root: Path) -> str:
    """Name a file relative to the repository root when it is inside it."""
    resolved, base = path.resolve(), root.resolve()
    return resolved.relative_to(base).as_posix() if resolved.is_relative_to(base) else str(path)


def _catalogs(docs_root: Path, codes: Sequence[str]) -> list[tuple[str, Path]]:
    found: list[tuple[str, Path]] = []
    for code in codes:
        directory = docs_root / code
        found += [(code, path) for path in sorted(directory.rglob("*.po")) if directory.is_dir()]
    return found


def _targets(
    docs_root: Path, codes: Sequence[str], paths: Sequence[Path]
) -> tuple[list[tuple[str, str]], list[tuple[str, Path]]]:
    """Sort command-line paths into (language, page) pairs and (language, catalog) pairs."""
    docs_root = docs_root.resolve()
    pages: list[tuple[str, str]] = []
    catalogs: list[tuple[str, Path]] = []
    for given in paths:
        path = given.resolve()
        if not path.exists():
            raise LintInputError(f"{given}: no such file or folder")
        files = sorted(path.rglob("*")) if path.is_dir() else [path]
        for file in files:
            if file.suffix == ".po":
                code = next((part for part in file.parts if part in codes), None)
                if code is None:
                    raise LintInputError(f"{file}: cannot tell which language this catalog is")
                catalogs.append((code, file))
            elif file.suffix == ".md":
                if not file.is_relative_to(docs_root):
                    raise LintInputError(f"{file}: not a page under {docs_root}")
                code, *rest = file.relative_to(docs_root).parts
                if code not in codes or not rest:
                    raise LintInputError(f"{file}: not a page of a translated language")
                pages.append((code, "/".join(rest)))
            elif not path.is_dir():
                raise LintInputError(f"{given}: not a Markdown page (.md) or a catalog (.po)")
    return pages, catalogs


def collect_findings(
    settings: Settings,
    paths: Sequence[Path] = (),
    *,
    current_only: bool = False,
) -> list[Finding]:
    """Lint translated pages and catalogs.

    Args:
        settings: The project's settings (its ``glossary/`` sits next to ``mkdocs.yml``).
        paths: Pages, catalogs or folders to lint; empty for every translated page and
            every catalog (``.po``) under ``docs/<code>/``.
        current_only: Skip pages whose translation is outdated (the English changed).

    Returns:
        The findings, grouped by file in path order, each file's sorted by line.

    Raises:
        LintInputError: A path is not a translated page, a catalog or a folder of them.
    """
    root, docs_root = settings.root, settings.docs_root
    source = settings.source.code
    codes = [language.code for language in settings.languages if not language.source]
    glossaries, findings = load_glossaries(root, codes)
    if paths:
        pages, catalogs = _targets(docs_root, codes, paths)
    else:
        pages, catalogs = translated_pages(docs_root, source, codes), _catalogs(docs_root, codes)
    for code, rel_path in dict.fromkeys(pages):
        english = docs_root / source / rel_path
        if not english.is_file():
            continue
        if current_only and page_state(docs_root, code, rel_path, source=source) is not (
            PageState.TRANSLATED
        ):
            continue
        findings += lint_page(
            english,
            docs_root / code / rel_path,
            glossaries.get(code),
            english_shown=f"docs/{source}/{rel_path}",
            translation_shown=f"docs/{code}/{rel_path}",
        )
    for code, catalog in dict.fromkeys(catalogs):
        findings += lint_po(catalog, glossaries.get(code), _shown(catalog, root))
    return findings

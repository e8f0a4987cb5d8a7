"""The ``lint`` command of ``scripts/docs.py``: find the pages to check, print the findings.

The checks themselves are in `i18ndocs.lint.checks`, the glossaries in `i18ndocs.lint.glossary`.
``docs.py status --check`` calls `collect_findings` with ``current_only=True``: a page
whose English text changed since its translation is work in progress, like a missing
page, and only a translation that claims to be current must pass the lint.
"""

from __future__ import annotations

import inspect
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated

import typer

from i18ndocs.lint.checks import Finding, FindingKind, lint_page, lint_po
from i18ndocs.lint.glossary import Glossary, GlossaryError, glossary_path, load_glossary
from i18ndocs.project.errors import DocsError
from i18ndocs.project.languages import Language, load_languages, project_root, source_language
from i18ndocs.project.settings import docs_root as find_docs_root
from i18ndocs.status.model import PageState
from i18ndocs.status.page_state import page_state

DEFAULT_ROOT = project_root(Path(__file__).resolve().parents[3])


class LintInputError(ValueError):
    """A path given to ``lint`` is not a translated page or catalog."""


def render(finding: Finding) -> str:
    """Format a finding for a terminal: where, what, then the English next to the translation.

    Args:
        finding: The finding to show.

    Returns:
        Several lines: ``path:line: kind: message``, then the English text (with its
        location) and the translated text, each indented.
    """
    lines = [f"{finding.path}:{finding.line}: {finding.kind.value}: {finding.message}"]
    if finding.english or finding.translation:
        english_label = f"English ({finding.source})" if finding.source else "English"
        width = max(len(english_label), len("Translation"))
        lines.append(f"    {english_label:<{width}}  {_indent(finding.english, width + 6)}")
        lines.append(f"    {'Translation':<{width}}  {_indent(finding.translation, width + 6)}")
    return "\n".join(lines)


def _indent(text: str, width: int) -> str:
    return text.replace("\n", "\n" + " " * width)


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


def _translations(docs_root: Path, source: str, codes: Sequence[str]) -> list[tuple[str, str]]:
    pages: list[tuple[str, str]] = []
    for code in codes:
        directory = docs_root / code
        for path in sorted(directory.rglob("*.md")) if directory.is_dir() else []:
            rel_path = path.relative_to(directory).as_posix()
            if (docs_root / source / rel_path).is_file():
                pages.append((code, rel_path))
    return pages


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
    root: Path, codes: Sequence[str], paths: Sequence[Path]
) -> tuple[list[tuple[str, str]], list[tuple[str, Path]]]:
    """Sort command-line paths into (language, page) pairs and (language, catalog) pairs."""
    docs_root = find_docs_root(root).resolve()
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
    root: Path,
    languages: Sequence[Language],
    paths: Sequence[Path] = (),
    *,
    current_only: bool = False,
) -> list[Finding]:
    """Lint translated pages and catalogs.

    Args:
        root: The repository root, holding ``mkdocs.yml``, ``docs/`` and ``glossary/``.
        languages: The declared languages.
        paths: Pages, catalogs or folders to lint; empty for every translated page and
            every catalog (``.po``) under ``docs/<code>/``.
        current_only: Skip pages whose translation is outdated (the English changed).

    Returns:
        The findings, grouped by file in path order, each file's sorted by line.

    Raises:
        LintInputError: A path is not a translated page, a catalog or a folder of them.
    """
    docs_root = find_docs_root(root)
    source = source_language(list(languages)).code
    codes = [language.code for language in languages if not language.source]
    glossaries, findings = load_glossaries(root, codes)
    if paths:
        pages, catalogs = _targets(root, codes, paths)
    else:
        pages, catalogs = _translations(docs_root, source, codes), _catalogs(docs_root, codes)
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


def register(app: typer.Typer) -> None:
    """Add the ``lint`` command to a typer application.

    Args:
        app: The application of ``scripts/docs.py``.
    """
    help_text = (inspect.getdoc(lint_command) or "").split("\n\nArgs:")[0]
    app.command("lint", help=help_text)(lint_command)


def lint_command(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Translated pages, catalogs (.po) or folders; default: every page."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the findings as JSON.")] = False,
    root: Annotated[
        Path,
        typer.Option(
            "--root", help="Repository root holding mkdocs.yml and docs/.", file_okay=False
        ),
    ] = DEFAULT_ROOT,
) -> None:
    """Check translations against English: code, links, headings, structure and glossary.

    Each finding is printed as ``path:line: kind: message``, followed by the
    English text (and where it is) and the translated text. Exits with status 1
    when there are findings. A deliberate difference is allowed with a
    ``<!-- lint: allow KIND -->`` comment; see the translators' guide.

    Args:
        paths: The pages, catalogs or folders to check.
        as_json: Print JSON instead of text.
        root: The repository root.
    """
    try:
        languages = load_languages(root)
        findings = collect_findings(root, languages, list(paths or []))
    except (DocsError, LintInputError) as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(2) from None
    if as_json:
        typer.echo(json.dumps([item.to_dict() for item in findings], ensure_ascii=False, indent=2))
    else:
        for finding in findings:
            typer.echo(render(finding))
        files = len({finding.path for finding in findings})
        summary = f"{len(findings)} finding(s) in {files} file(s)" if findings else "no findings"
        typer.echo(summary, err=bool(findings))
    if findings:
        raise typer.Exit(1)

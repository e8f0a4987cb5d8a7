"""The ``status`` and ``mark-updated`` commands of ``scripts/docs.py``.

``status`` prints how far each language's translation is (a table, or JSON for
tooling) and, with ``--check``, fails on structural errors only: missing and
outdated pages are normal work in progress; with ``--diff``, what changed in the English of
each outdated page and catalog unit. ``mark-updated`` records the current English
fingerprint in translated pages once they match the English text again, with a snapshot of
that English (`i18ndocs.status.snapshots`) for later diffs.
"""

from __future__ import annotations

import enum
import inspect
import json
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from i18ndocs.cli.lint import render
from i18ndocs.cli.project import chosen_root, settings_or_exit
from i18ndocs.lint.findings import collect_findings
from i18ndocs.lint.model import Finding
from i18ndocs.lint.suggestions import Suggester, SuggestionKind, load_suggester, unit_id
from i18ndocs.project.errors import DocsError
from i18ndocs.project.languages import Language
from i18ndocs.project.required_pages import page_problems
from i18ndocs.project.settings import Settings
from i18ndocs.status.diff import PieceKind, word_diff
from i18ndocs.status.model import (
    Change,
    LanguageStatus,
    PageState,
    StatusReport,
    UnitKind,
    UnitStatus,
    UnknownLanguageError,
)
from i18ndocs.status.page_state import (
    StampError,
    page_state,
    recorded_fingerprints,
    stamp,
    translated_pages,
)
from i18ndocs.status.report import collect_status, objects_off_pages
from i18ndocs.status.snapshots import prune_snapshots
from i18ndocs.status.units import source_units

_STYLES = {
    PageState.TRANSLATED: "green",
    PageState.OUTDATED: "yellow",
    PageState.MISSING: "red",
}

RootOption = Annotated[
    Path | None,
    typer.Option(
        "--root",
        help="The project: the folder holding mkdocs.yml (default: the current one).",
        file_okay=False,
        exists=True,
    ),
]


class OutputFormat(str, enum.Enum):
    """How ``status`` prints the report."""

    TABLE = "table"
    JSON = "json"


def register(app: typer.Typer) -> None:
    """Add the ``status`` and ``mark-updated`` commands to a typer application.

    Args:
        app: The application of ``scripts/docs.py``.
    """
    app.command("status", help=_help(status_command))(status_command)
    app.command("mark-updated", help=_help(mark_updated_command))(mark_updated_command)


def _help(command: Callable[..., None]) -> str:
    """Return a command's docstring without its ``Args:`` section, for ``--help``."""
    return (inspect.getdoc(command) or "").split("\n\nArgs:")[0]


def status_command(
    context: typer.Context,
    path: Annotated[
        str | None,
        typer.Argument(
            help="With --diff, one translated page: docs/es/index.md, or index.md with --lang."
        ),
    ] = None,
    lang: Annotated[str | None, typer.Option("--lang", "-l", help="Only this language.")] = None,
    output: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="table for people, json for tools.")
    ] = OutputFormat.TABLE,
    check: Annotated[
        bool,
        typer.Option(
            "--check",
            help="Exit with status 1 on structural errors or translation lint findings.",
        ),
    ] = False,
    diff: Annotated[
        bool,
        typer.Option(
            "--diff",
            help="Show what changed in the English of each outdated page and catalog unit.",
        ),
    ] = False,
    root: RootOption = None,
) -> None:
    """Show how far each language's translation is, and the pages needing work.

    Missing and outdated pages are work in progress and never fail ``--check``;
    structural errors (an orphan translation, a malformed fingerprint or front
    matter, a directory for an undeclared language) do. A missing guide page, or a
    page where the status page is generated, is printed to standard error as a
    warning, which ``build --strict`` fails on. Errors are printed as
    ``path:line: message``; with ``--format json`` they are also in the JSON,
    and ``--check`` prints them to standard error. ``--check`` also runs the
    translation lint (``docs.py lint``) on every up-to-date translation and fails
    on its findings, printed to standard error.

    ``--diff`` shows, instead of the tables, what changed in the English since each outdated
    page or catalog unit was translated, word by word: ``[-removed-]{+added+}``. Give a page
    to see only that page and the docstring units it renders.

    Args:
        path: With ``--diff``, the one translated page to show.
        lang: Restrict the report to one translated language.
        output: The output format.
        check: Exit with status 1 when the tree has structural errors or lint findings.
        diff: Show what changed in the English of outdated pages and units.
        root: The repository root.
    """
    settings = settings_or_exit(chosen_root(context, root))
    page: tuple[str, str] | None = None
    if path is not None:
        if not diff:
            typer.echo(f"error: a page ({path}) is only taken with --diff", err=True)
            raise typer.Exit(2)
        try:
            (page,) = _resolve_targets(settings.docs_root, list(settings.languages), [path], lang)
        except StampError as error:
            typer.echo(f"error: {error}", err=True)
            raise typer.Exit(2) from None
        lang = page[0]
    try:
        units = source_units(settings)
        report = collect_status(settings.docs_root, settings.languages, units, settings.cache_dir)
        off_pages = objects_off_pages(settings)
    except DocsError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(2) from None
    for missing in page_problems(settings):  # what a first build --strict fails on
        typer.echo(str(missing), err=True)
    if lang is not None:
        try:
            report = StatusReport(report.source, (report.language(lang),), report.errors)
        except UnknownLanguageError as error:
            typer.echo(f"error: {error}", err=True)
            raise typer.Exit(2) from None
    if diff:
        console = Console(highlight=False, soft_wrap=True)
        for status in report.languages:
            _print_changes(settings, status, page[1] if page else None, console)
    elif output is OutputFormat.JSON:
        data = report.to_dict() | {"not_on_any_page": list(off_pages)}
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        if check:
            for problem in report.errors:
                typer.echo(str(problem), err=True)
    else:
        console = Console(highlight=False, soft_wrap=True)
        _print_table(report, console)
        _print_off_pages(off_pages, console)
    if check:
        findings = _lint_findings(settings)
        typer.echo(check_verdict(len(report.errors), len(findings)), err=True)
        if report.errors or findings:
            raise typer.Exit(1)


def _print_changes(
    settings: Settings, status: LanguageStatus, page: str | None, console: Console
) -> None:
    """Print what changed in the English of a language's outdated pages and units.

    Each outdated catalog unit also gets the suggestions ``catalog suggest`` would give it
    (`i18ndocs.lint.suggestions`) and the command that accepts the first.

    Args:
        settings: The project's settings.
        status: The language's status.
        page: Only this page and the docstring units it renders; None for all.
        console: Where to print.
    """
    outdated = [
        unit
        for unit in status.units
        if unit.state is PageState.OUTDATED
        and (page is None or unit.key == page or page in unit.pages)
    ]
    if not outdated:
        console.print(f"Nothing outdated in {status.code} ({status.name}).", markup=False)
        return
    console.print(
        Text(f"What changed in the English, {status.code} ({status.name}):", style="bold")
    )
    suggester: Suggester | None = None
    for unit in outdated:
        if unit.kind is UnitKind.PAGE:
            console.print(Text(f"\n  docs/{status.code}/{unit.key}", style="bold"))
        else:
            console.print(Text(f"\n  {unit.kind.value} {unit.key}", style="bold"))
        console.print(_change_text(unit, status.code, settings.source.code))
        if unit.kind is not UnitKind.PAGE and unit.change is not None:
            suggester = suggester or load_suggester(settings, status.code)
            _print_suggestions(unit, unit.change.new, status.code, suggester, console)


def _print_suggestions(
    unit: UnitStatus, english: str, code: str, suggester: Suggester, console: Console
) -> None:
    """Print the suggestions for an outdated unit, and how to accept the first."""
    if unit.kind is UnitKind.DOCSTRING:  # keyed context#rank
        context: str | None = unit.key.rpartition("#")[0]
    else:  # keyed context|text, or text alone
        context = unit.key[: -len(english) - 1] if unit.key.endswith(f"|{english}") else None
    suggestions = suggester.suggest(context, english)
    for suggestion in suggestions:
        console.print(Text("    " + suggestion.comment(), style="cyan"))
    if any(suggestion.kind is SuggestionKind.MEMORY for suggestion in suggestions):
        command = f"i18ndocs catalog accept --lang {code} {unit_id(context, english)}"
        console.print(Text(f"    accept the first: {command}"))


def _change_text(unit: UnitStatus, code: str, source: str) -> Text:
    """Render one unit's change: the diff, or why there is none and where to find it."""
    change = unit.change or Change(None, "")
    indent = "    "
    if change.old is None:
        return Text(indent + _not_recorded(unit, change, code, source))
    pieces = word_diff(change.old, change.new)
    if not pieces:
        return Text(
            indent + "No word changed: only spacing differs, or the entry was marked fuzzy."
        )
    styles = {PieceKind.REMOVED: "red strike", PieceKind.ADDED: "green underline"}
    marks = {PieceKind.REMOVED: ("[-", "-]"), PieceKind.ADDED: ("{+", "+}")}
    text = Text(indent)
    for piece in pieces:
        opening, closing = marks.get(piece.kind, ("", ""))
        text.append(piece.space.replace("\n", "\n" + indent))
        marked = f"{opening}{piece.text}{closing}".replace("\n", "\n" + indent)
        text.append(marked, style=styles.get(piece.kind, ""))
    return text


def _not_recorded(unit: UnitStatus, change: Change, code: str, source: str) -> str:
    """Say that the English a unit was translated from is unknown, and how to find it."""
    if unit.kind is not UnitKind.PAGE:
        return (
            "The catalog does not keep the English this entry was translated from "
            "(no '#| msgid' line); compare the entry with the English above by hand."
        )
    translation, english = f"docs/{code}/{unit.key}", f"docs/{source}/{unit.key}"
    if not change.fingerprint:
        return (
            f"The translation records no fingerprint, so the English it was made from is "
            f"unknown; the English page's history has it: git log -p -- {english}"
        )
    return (
        f"The English this page was translated from is not recorded (it was marked up to "
        f"date before mark-updated kept snapshots). Git has it: "
        f"git log -S {change.fingerprint} -- {translation} names the commit that recorded "
        f"{change.fingerprint}; git show <that commit>:{english} prints the English then."
    )


def check_verdict(errors: int, findings: int) -> str:
    """Say in one line whether ``status --check`` passed, and why not.

    Args:
        errors: How many structural errors the report has.
        findings: How many lint findings the up-to-date translations have.

    Returns:
        ``check passed: ...`` or ``check failed: ...`` with both counts.
    """
    counts = (
        f"{errors} structural error{'s' if errors != 1 else ''}, "
        f"{findings} lint finding{'s' if findings != 1 else ''}"
    )
    if errors or findings:
        return f"check failed: {counts}"
    return f"check passed: {counts}; missing and outdated translations are work in progress"


def _print_off_pages(paths: tuple[str, ...], console: Console) -> None:
    """List the documented objects no page renders: not work for translators.

    Public objects are listed one per line (a page may have forgotten them); objects with a
    private name anywhere in their path are only counted, as pages leave them out on purpose.
    """
    if not paths:
        return
    public = [path for path in paths if not any(part.startswith("_") for part in path.split("."))]
    private = len(paths) - len(public)
    console.print(
        f"\nNot on any page: {len(paths)} object{'s' if len(paths) != 1 else ''} with a "
        "docstring (no page renders them, so the catalog leaves them out)"
        + (f"; {private} with a private name, not listed" if private else "")
        + (":" if public else ".")
    )
    for path in public:
        console.print(f"  {path}", markup=False)


def _lint_findings(settings: Settings) -> list[Finding]:
    """Run the translation lint on the up-to-date translations; print what it finds."""
    findings = collect_findings(settings, current_only=True)
    if findings:
        typer.echo(f"\nTranslation lint findings ({len(findings)}):", err=True)
        for finding in findings:
            typer.echo(render(finding), err=True)
    return findings


def _print_table(report: StatusReport, console: Console) -> None:
    table = Table(title="Translation status (pages)")
    table.add_column("Language")
    table.add_column("Total", justify="right")
    for state in PageState:
        table.add_column(state.value.capitalize(), justify="right", style=_STYLES[state])
    for status in report.languages:
        counts = status.counts()
        table.add_row(
            f"{status.code} ({status.name})",
            str(counts.total),
            *(f"{counts.of(state)} ({counts.percent(state):.1f}%)" for state in PageState),
        )
    console.print(table)
    for status in report.languages:
        pending = status.needing_work()
        if pending:
            console.print(f"\n[bold]Pages needing work in {status.code} ({status.name}):[/bold]")
            for unit in pending:
                style = _STYLES[unit.state]
                console.print(
                    f"  [{style}]{unit.state.value:<8}[/{style}] docs/{status.code}/{unit.key}"
                )
    _print_unit_tables(report, console)
    if report.errors:
        console.print(f"\n[bold red]Structural errors ({len(report.errors)}):[/bold red]")
        for error in report.errors:
            console.print(str(error), markup=False)


def _print_unit_tables(report: StatusReport, console: Console) -> None:
    """Print the catalog units per language and kind, and the docstring units per page."""
    kinds = (UnitKind.DOCSTRING, UnitKind.SITE_TEXT)
    if not any(status.counts(kind).total for status in report.languages for kind in kinds):
        return
    table = Table(title="Translation status (catalog units; outdated = fuzzy)")
    table.add_column("Language")
    table.add_column("Units")
    table.add_column("Total", justify="right")
    for state in PageState:
        table.add_column(state.value.capitalize(), justify="right", style=_STYLES[state])
    for status in report.languages:
        for kind in kinds:
            counts = status.counts(kind)
            table.add_row(
                status.code,
                kind.value,
                str(counts.total),
                *(f"{counts.of(state)} ({counts.percent(state):.1f}%)" for state in PageState),
            )
    console.print(table)
    pages = Table(title="Docstring units per reference page (translated/outdated/missing)")
    pages.add_column("Page")
    for status in report.languages:
        pages.add_column(status.code, justify="right")
    per_language = [status.page_unit_counts() for status in report.languages]
    for page in sorted({page for by_page in per_language for page in by_page}):
        cells = []
        for by_page in per_language:
            found = by_page.get(page)
            cells.append(f"{found.translated}/{found.outdated}/{found.missing}" if found else "-")
        pages.add_row(page, *cells)
    console.print(pages)


def _resolve_targets(
    docs_root: Path, languages: list[Language], paths: list[str], lang: str | None
) -> list[tuple[str, str]]:
    """Turn command-line arguments into (language, page) pairs."""
    codes = [language.code for language in languages if not language.source]
    if lang is not None and lang not in codes:
        raise StampError(f"{lang!r} is not a declared translated language ({', '.join(codes)})")
    targets: list[tuple[str, str]] = []
    for argument in paths:
        candidate = Path(argument).resolve()
        if candidate.is_file() and candidate.is_relative_to(docs_root.resolve()):
            code, *rest = candidate.relative_to(docs_root.resolve()).parts
            if code not in codes or not rest:
                raise StampError(f"{argument} is not a page of a translated language")
            targets.append((code, "/".join(rest)))
        elif lang is not None:
            targets.append((lang, Path(argument).as_posix()))
        else:
            raise StampError(
                f"{argument} is not a file under {docs_root}; "
                "give a path such as docs/es/index.md, or --lang es index.md"
            )
    return targets


def mark_updated_command(
    context: typer.Context,
    paths: Annotated[
        list[str] | None,
        typer.Argument(help="Translated pages: docs/es/index.md, or index.md with --lang."),
    ] = None,
    lang: Annotated[
        str | None,
        typer.Option("--lang", "-l", help="Language of the pages given relative to docs/<lang>."),
    ] = None,
    every: Annotated[
        bool,
        typer.Option("--all", help="Every existing translation (of --lang, or of all languages)."),
    ] = False,
    root: RootOption = None,
) -> None:
    """Record that translated pages match the current English text.

    Writes the fingerprint of the English page into each translation's front
    matter (``source_hash``), changing nothing else in the file, and keeps that English
    text as a snapshot in ``docs/<source>/catalogs/snapshots/`` (commit it: ``status
    --diff`` shows what changed since, even in a fresh clone). Snapshots no translation
    refers to any more are removed. Run it after bringing a translation in line with the
    English page.

    Args:
        paths: The translated pages to mark.
        lang: The language of pages given relative to ``docs/<lang>/``.
        every: Mark every existing translation of ``--lang`` (or of every language).
        root: The repository root.
    """
    settings = settings_or_exit(chosen_root(context, root))
    languages = list(settings.languages)
    folder = settings.docs_root
    source = settings.source.code
    try:
        targets = _resolve_targets(folder, languages, list(paths or []), lang)
    except StampError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(2) from None
    if every:
        codes = [lang] if lang else [item.code for item in languages if not item.source]
        targets += translated_pages(folder, source, codes)
    if not targets:
        typer.echo("error: no page given; name pages, or use --all", err=True)
        raise typer.Exit(2)
    failed = False
    for code, rel_path in dict.fromkeys(targets):
        shown = f"docs/{code}/{rel_path}"
        try:
            changed = stamp(folder, code, rel_path, source=source)
        except StampError as error:
            typer.echo(f"error: {error}", err=True)
            failed = True
            continue
        state = page_state(folder, code, rel_path, source=source)
        typer.echo(f"{'marked' if changed else 'already up to date'}: {shown} ({state.value})")
    translated = [item.code for item in languages if not item.source]
    kept = recorded_fingerprints(folder, source, translated)
    for removed in prune_snapshots(folder, source, kept):
        typer.echo(
            f"removed a snapshot no translation refers to: {removed.relative_to(folder.parent)}"
        )
    if failed:
        raise typer.Exit(1)

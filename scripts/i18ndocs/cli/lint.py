"""The ``lint`` command of ``scripts/docs.py``: print the findings of `i18ndocs.lint.findings`."""

from __future__ import annotations

import inspect
import json
from pathlib import Path
from typing import Annotated

import typer

from i18ndocs.cli.project import chosen_root, settings_or_exit
from i18ndocs.lint.findings import LintInputError, collect_findings
from i18ndocs.lint.model import Finding


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


def register(app: typer.Typer) -> None:
    """Add the ``lint`` command to a typer application.

    Args:
        app: The application of ``scripts/docs.py``.
    """
    help_text = (inspect.getdoc(lint_command) or "").split("\n\nArgs:")[0]
    app.command("lint", help=help_text)(lint_command)


def lint_command(
    context: typer.Context,
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Translated pages, catalogs (.po) or folders; default: every page."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the findings as JSON.")] = False,
    root: Annotated[
        Path | None,
        typer.Option(
            "--root",
            help="The project: the folder holding mkdocs.yml (default: the current one).",
            file_okay=False,
        ),
    ] = None,
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
    settings = settings_or_exit(chosen_root(context, root))
    try:
        findings = collect_findings(settings, list(paths or []))
    except LintInputError as error:
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

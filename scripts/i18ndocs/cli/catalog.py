"""The ``catalog`` commands of ``docs.py``: extract, update and compile the gettext catalogs.

    python scripts/docs.py catalog extract            # write the .pot templates
    python scripts/docs.py catalog update [--lang es] # merge them into each language's .po
    python scripts/docs.py catalog compile            # check and compile .po into .mo
    python scripts/docs.py catalog pipeline           # the pipeline's own shipped catalogs

Templates live in ``docs/<source>/catalogs/``, each language's catalogs in
``docs/<code>/catalogs/`` (`i18ndocs.catalogs.po`). Compiled files go to the build cache.
``catalog pipeline`` is for the pipeline's maintainers: it rewrites the catalogs of its own
words in its package (`i18ndocs.catalogs.shipped`), never a project's files.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from i18ndocs.catalogs.extract import extract_templates, update_shipped_catalogs
from i18ndocs.catalogs.po import (
    DOMAINS,
    catalog_counts,
    check_catalog,
    init_catalog,
    read_catalog,
    template_path,
    update_catalog,
    write_catalog,
)
from i18ndocs.catalogs.shipped import shipped_folder, shipped_template
from i18ndocs.catalogs.sitetext import catalog_path, compiled
from i18ndocs.cli.project import chosen_root
from i18ndocs.project.errors import DocsError
from i18ndocs.project.languages import Language, select_languages
from i18ndocs.project.settings import Settings, load_settings

app = typer.Typer(help="Extract, update and compile the gettext catalogs.", no_args_is_help=True)
console = Console(highlight=False)
errors = Console(stderr=True, highlight=False)

LangOption = Annotated[
    list[str] | None,
    typer.Option("--lang", "-l", help="A language to work on (repeatable); default: all."),
]


def register(parent: typer.Typer) -> None:
    """Add the ``catalog`` command group to the docs command line.

    Args:
        parent: The ``docs.py`` application.
    """
    parent.add_typer(app, name="catalog")


def _fail(error: DocsError) -> None:
    errors.print(str(error.problem), style="red", markup=False, soft_wrap=True)
    raise typer.Exit(1)


def _translated(settings: Settings, codes: list[str]) -> list[Language]:
    """The translated languages asked for (all of them when none is)."""
    languages = list(settings.languages)
    chosen = select_languages(languages, codes) if codes else languages
    return [language for language in chosen if not language.source]


def write_templates(settings: Settings) -> dict[str, Path]:
    """Extract both templates from the code and configuration and write them.

    Args:
        settings: The project's settings.

    Returns:
        The template file of each domain.
    """
    source = settings.source.code
    paths = {}
    for domain, template in extract_templates(settings).items():
        paths[domain] = template_path(settings.docs_root, source, domain)
        write_catalog(template, paths[domain])
    return paths


def update_language(settings: Settings, code: str) -> dict[str, dict[str, int]]:
    """Merge the templates into one language's catalogs, creating missing ones.

    Args:
        settings: The project's settings.
        code: The language to update.

    Returns:
        Per domain, how many messages are translated, fuzzy, untranslated and obsolete.
    """
    docs_root, source = settings.docs_root, settings.source.code
    counts: dict[str, dict[str, int]] = {}
    for domain in DOMAINS:
        template = read_catalog(template_path(docs_root, source, domain))
        path = catalog_path(docs_root, code, domain)
        if path.is_file():
            # A site catalog keeps the pipeline's words it translates: the project's overrides.
            shipped = read_catalog(shipped_template()) if domain == "site" else None
            catalog = update_catalog(template, read_catalog(path, code), shipped)
        else:
            catalog = init_catalog(template, code)
        write_catalog(catalog, path)
        counts[domain] = catalog_counts(catalog)
    return counts


@app.command("extract")
def extract_command(context: typer.Context) -> None:
    """Write the templates (.pot) from the docstrings, the pipeline and mkdocs.yml."""
    root = chosen_root(context)
    try:
        for domain, path in write_templates(load_settings(root)).items():
            console.print(f"{domain}: {path.relative_to(root)}")
    except DocsError as error:
        _fail(error)


@app.command("update")
def update_command(context: typer.Context, lang: LangOption = None) -> None:
    """Extract the templates, then merge them into each language's catalogs.

    Unchanged English keeps its translation; changed English gets the closest old
    translation marked fuzzy; removed English is kept as obsolete (#~) entries.
    """
    try:
        settings = load_settings(chosen_root(context))
        languages = _translated(settings, lang or [])
        write_templates(settings)
        for language in languages:
            for domain, count in update_language(settings, language.code).items():
                summary = ", ".join(f"{value} {name}" for name, value in count.items())
                console.print(f"{language.code} {domain}: {summary}")
    except DocsError as error:
        _fail(error)


@app.command("compile")
def compile_command(context: typer.Context, lang: LangOption = None) -> None:
    """Check each language's catalogs and compile them (.mo) into the build cache."""
    failed = False
    root = chosen_root(context)
    try:
        settings = load_settings(root)
        languages = _translated(settings, lang or [])
        for language in languages:
            for domain in DOMAINS:
                path = catalog_path(settings.docs_root, language.code, domain)
                if not path.is_file():
                    continue
                problems = check_catalog(path, language.code)
                for line, message in problems:
                    location = f"{path.relative_to(root)}:{line}" if line else str(path)
                    errors.print(f"{location}: {message}", style="red", markup=False)
                failed = failed or bool(problems)
                target = compiled(path, settings.cache_dir, language.code, domain)
                console.print(f"{language.code} {domain}: {target.relative_to(root)}")
    except DocsError as error:
        _fail(error)
    if failed:
        raise typer.Exit(1)


@app.command("pipeline")
def pipeline_command() -> None:
    """For the pipeline's maintainers: refresh the catalogs of its own words that it ships.

    Extracts every word marked in the pipeline's code into locale/i18ndocs.pot in its
    package and merges it into each locale/<code>.po there; then translate what is missing.
    """
    folder = shipped_folder()
    try:
        counts = update_shipped_catalogs(folder)
    except DocsError as error:
        _fail(error)
    console.print(f"template: {shipped_template(folder)}")
    for code, count in counts.items():
        console.print(f"{code}: " + ", ".join(f"{value} {name}" for name, value in count.items()))

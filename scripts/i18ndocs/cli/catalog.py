"""The ``catalog`` commands of ``docs.py``: extract, update and compile the gettext catalogs.

    python scripts/docs.py catalog extract            # write the .pot templates
    python scripts/docs.py catalog update [--lang es] # merge them into each language's .po
    python scripts/docs.py catalog suggest --lang es  # the units to translate, with suggestions
    python scripts/docs.py catalog accept --lang es ID [--choice N]   # take one suggestion
    python scripts/docs.py catalog compile            # check and compile .po into .mo
    python scripts/docs.py catalog pipeline           # the pipeline's own shipped catalogs

Templates live in ``docs/<source>/catalogs/``, each language's catalogs in
``docs/<code>/catalogs/`` (`i18ndocs.catalogs.po`). Compiled files go to the build cache.
``update`` writes, above each unit to translate (new or fuzzy), its best suggestion from
the language's translation memory and the glossary's choice for its terms, as translator
comments (`i18ndocs.lint.suggestions`); ``suggest`` lists every suggestion of each such unit
with the unit's id, and ``accept`` writes one as the translation: final when it translates
exactly the unit's English, fuzzy (to review) when it translates a similar English.
``catalog pipeline`` is for the pipeline's maintainers: it rewrites the catalogs of its own
words in its package (`i18ndocs.catalogs.shipped`), never a project's files.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

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
from i18ndocs.lint.suggestions import (
    Suggester,
    SuggestionCounts,
    SuggestionKind,
    TranslationMemory,
    accept,
    annotate,
    english_of,
    read_glossary,
    to_translate,
    unit_id,
)
from i18ndocs.project.errors import DocsError
from i18ndocs.project.languages import Language, select_languages
from i18ndocs.project.settings import Settings, load_settings

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog

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


def update_language(
    settings: Settings, code: str
) -> dict[str, tuple[dict[str, int], SuggestionCounts]]:
    """Merge the templates into one language's catalogs, creating missing ones.

    Each unit to translate gets its suggestions as translator comments: the memory is the
    language's catalogs once merged, the glossary its ``glossary/<code>.yml``.

    Args:
        settings: The project's settings.
        code: The language to update.

    Returns:
        Per domain, how many messages are translated, fuzzy, untranslated and obsolete,
        and how many units to translate got a suggestion.

    Raises:
        DocsError: A catalog or the glossary cannot be read; nothing is written then.
    """
    docs_root, source = settings.docs_root, settings.source.code
    glossary = read_glossary(settings.root, code)
    catalogs = {}
    for domain in DOMAINS:
        template = read_catalog(template_path(docs_root, source, domain))
        path = catalog_path(docs_root, code, domain)
        if path.is_file():
            # A site catalog keeps the pipeline's words it translates: the project's overrides.
            shipped = read_catalog(shipped_template()) if domain == "site" else None
            catalogs[domain] = update_catalog(template, read_catalog(path, code), shipped)
        else:
            catalogs[domain] = init_catalog(template, code)
    suggester = Suggester(TranslationMemory.from_catalogs(catalogs.values()), glossary)
    counts = {}
    for domain, catalog in catalogs.items():
        annotated = annotate(catalog, suggester)
        write_catalog(catalog, catalog_path(docs_root, code, domain))
        counts[domain] = (catalog_counts(catalog), annotated)
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
            counts = update_language(settings, language.code)
            for domain, (count, found) in counts.items():
                summary = ", ".join(f"{value} {name}" for name, value in count.items())
                if found.pending:
                    summary += (
                        f"; suggestions for {found.suggested} of {found.pending} to translate"
                        f" ({found.exact} of the same English)"
                    )
                console.print(f"{language.code} {domain}: {summary}", markup=False, soft_wrap=True)
            if any(found.suggested for _, found in counts.values()):
                console.print(f"  see them: catalog suggest --lang {language.code}", markup=False)
    except DocsError as error:
        _fail(error)


UnitArgument = Annotated[
    str, typer.Argument(help="The unit: its id (as `catalog suggest` shows it) or its context.")
]


def _catalogs(settings: Settings, code: str) -> dict[str, tuple[Path, Catalog]]:
    """Read one language's existing catalogs, by domain."""
    found = {}
    for domain in DOMAINS:
        path = catalog_path(settings.docs_root, code, domain)
        if path.is_file():
            found[domain] = (path, read_catalog(path, code))
    return found


def _suggester(settings: Settings, code: str, catalogs: list[Catalog]) -> Suggester:
    return Suggester(TranslationMemory.from_catalogs(catalogs), read_glossary(settings.root, code))


@app.command("suggest")
def suggest_command(
    context: typer.Context,
    lang: LangOption = None,
    units: Annotated[
        list[str] | None,
        typer.Argument(help="Only these units: ids or contexts; default: every unit to translate."),
    ] = None,
) -> None:
    """List each unit to translate (new or fuzzy) with its suggestions and its id.

    Suggestions are the closest reviewed translations in the language's catalogs, with their
    similarity, numbered for `catalog accept --choice`, and the glossary's choice for each
    glossary term of the unit's English.
    """
    try:
        settings = load_settings(chosen_root(context))
        named = set(units or ())
        found_named: set[str | None] = set()
        for language in _translated(settings, lang or []):
            code = language.code
            catalogs = _catalogs(settings, code)
            suggester = _suggester(settings, code, [c for _, c in catalogs.values()])
            for domain, (_, catalog) in catalogs.items():
                for message in to_translate(catalog):
                    english = english_of(message)
                    ident = unit_id(message.context, english)
                    if named and not {ident, message.context} & named:
                        continue
                    found_named |= {ident, message.context} & named
                    state = "fuzzy" if message.fuzzy else "untranslated"
                    where = f" {message.context}" if message.context else ""
                    console.print(f"{code} {domain} {ident}{where} ({state})", markup=False)
                    console.print(f"    {english}", markup=False, soft_wrap=True)
                    number = 0
                    for found in suggester.suggest(message.context, english):
                        if found.kind is SuggestionKind.GLOSSARY:
                            console.print(f"  {found.comment()}", markup=False)
                            continue
                        number += 1
                        console.print(
                            f"  {number}. ({found.percent}%) {found.translation}",
                            markup=False,
                            soft_wrap=True,
                        )
                        if found.english != english:
                            console.print(
                                f"     for: {found.english}", markup=False, soft_wrap=True
                            )
        unknown = sorted(named - found_named)
        if unknown:
            typer.echo(
                f"no unit to translate is named {', '.join(unknown)} (ids and contexts are "
                "those catalog suggest lists)",
                err=True,
            )
            raise typer.Exit(1)
    except DocsError as error:
        _fail(error)


@app.command("accept")
def accept_command(
    context: typer.Context,
    unit: UnitArgument,
    lang: Annotated[str, typer.Option("--lang", "-l", help="The unit's language.")],
    choice: Annotated[
        int, typer.Option("--choice", "-c", min=1, help="Which suggestion, as numbered.")
    ] = 1,
) -> None:
    """Write a suggestion from the translation memory as a unit's translation.

    A translation of exactly the unit's English is final. One of a similar English is
    written fuzzy, with that English as the previous one (#|), so an editor shows what
    differs: the unit stays English on the site until a translator reviews it and removes
    the fuzzy mark.
    """
    try:
        settings = load_settings(chosen_root(context))
        if not _translated(settings, [lang]):
            _refuse(f"{lang} is the source language: it has no catalogs to translate")
        catalogs = _catalogs(settings, lang)
        matches = [
            (domain, path, message)
            for domain, (path, catalog) in catalogs.items()
            for message in to_translate(catalog)
            if unit in (unit_id(message.context, english_of(message)), message.context)
        ]
        if not matches:
            _refuse(f"no unit to translate in {lang} is named {unit} (see: catalog suggest)")
        if len(matches) > 1:
            ids = ", ".join(unit_id(m.context, english_of(m)) for _, _, m in matches)
            _refuse(f"{unit} names {len(matches)} units to translate in {lang}; give an id: {ids}")
        [(domain, path, message)] = matches
        suggester = _suggester(settings, lang, [c for _, c in catalogs.values()])
        found = suggester.suggest(message.context, english_of(message))
        memory = [s for s in found if s.kind is SuggestionKind.MEMORY]
        if not isinstance(message.id, str) or not memory:
            _refuse(f"{unit} has no suggestion to accept (a plural unit gets none)")
        if choice > len(memory):
            _refuse(f"{unit} has {len(memory)} suggestion(s); --choice {choice} is not one")
        final = accept(message, memory[choice - 1])
        write_catalog(catalogs[domain][1], path)
        outcome = "translated" if final else "fuzzy, to review against the English"
        shown = path.relative_to(settings.root).as_posix()
        console.print(f"{lang} {domain}: {unit} {outcome} ({shown})", markup=False)
    except DocsError as error:
        _fail(error)


def _refuse(message: str) -> NoReturn:
    errors.print(message, style="red", markup=False, soft_wrap=True)
    raise typer.Exit(1)


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

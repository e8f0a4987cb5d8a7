"""Adding a language to the site: validate its code, create its folder, declare it.

The folder starts with the language's catalogs and, when the pipeline ships the translators'
guide in that language, with its guide page, recorded as translated from the English guide.

The language is appended to ``extra.i18n.languages`` in ``mkdocs.yml`` by inserting one
line after the last entry, so the file's comments and formatting stay as they were; its
gettext catalogs are started from the current sources. The code is spelled the canonical
BCP 47 way (``fr``, ``pt-BR``, ``zh-Hant``) whatever way it was typed, and a code that is
another spelling of a declared language is refused.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated

import typer

from i18ndocs.catalogs.extract import start_language_catalogs
from i18ndocs.cli.guide import project_guide
from i18ndocs.cli.project import chosen_root
from i18ndocs.project.errors import DocsError
from i18ndocs.project.language_config import theme_language
from i18ndocs.project.languages import (
    CONFIG_FILE,
    LANGUAGES_KEY,
    LANGUAGES_PATH,
    SECTION_KEY,
    Language,
    canonical_code,
)
from i18ndocs.project.settings import Settings, load_settings
from i18ndocs.status.page_state import project_relative

PLACEHOLDER = ".gitkeep"


def native_name(code: str) -> str:
    """Validate a language code with Babel and return the language's own name for itself.

    Args:
        code: A language code such as ``fr``, ``pt-BR`` or ``zh_Hant``.

    Returns:
        The language's name in that language, capitalised (``Français``).

    Raises:
        DocsError: Babel knows no such language.
    """
    from babel import Locale

    try:
        canonical = canonical_code(code)
    except ValueError as error:
        raise DocsError(CONFIG_FILE, None, f"unknown language code {code!r}: {error}") from None
    locale = Locale.parse(canonical.replace("-", "_"))
    name = locale.get_display_name(locale) or canonical
    return name[:1].upper() + name[1:]


def add_language(root: Path, code: str) -> tuple[Language, list[str]]:
    """Add a language: create ``docs/<code>/`` with its catalogs and guide, and declare it.

    The language's ``site`` and ``docstrings`` catalogs are created from the current
    sources, every message untranslated, so everything translatable for the language is in
    ``docs/<code>/catalogs/``. When the pipeline ships the translators' guide in that
    language, the language's guide page is written from it (`write_guide`).

    Args:
        root: The repository root holding ``mkdocs.yml`` and ``docs/``.
        code: The new language's code, validated with Babel.

    Returns:
        The new language and notes for the user (such as the theme falling back to English).

    Raises:
        DocsError: The code is unknown, already declared with its folder, or ``mkdocs.yml``
            has no language list to append to. A language declared by hand whose folder is
            missing gets its folder and catalogs, and ``mkdocs.yml`` is left as it is.
    """
    name = native_name(code)
    typed, code = code, canonical_code(code)
    settings = load_settings(root)
    config_path = settings.config_path
    declared = next(
        (lang for lang in settings.languages if lang.code.lower() == code.lower()), None
    )
    folder = settings.language_dir(code)
    notes: list[str] = []
    if declared is not None and (declared.code != code or folder.is_dir()):
        same = "" if typed == declared.code else f" (as {declared.code!r})"
        raise DocsError(str(config_path), None, f"language {typed!r} is already declared{same}")
    if declared is None:
        text = settings.config_text
        config_path.write_text(_with_language(text, code, name, str(config_path)), encoding="utf-8")
    else:
        name = declared.name
        notes.append(f"{code!r} was declared already; its folder was missing and is created now")
    folder.mkdir(parents=True, exist_ok=True)
    (folder / PLACEHOLDER).touch()
    start_language_catalogs(settings, code)
    guide = write_guide(settings, code)
    if guide is not None:
        notes.append(f"wrote the translators' guide, {project_relative(guide, settings.docs_root)}")
    if theme_language(code) != code:
        notes.append(
            f"Material has no {code!r} translation of its interface; "
            "the site's menus and search stay in English for this language"
        )
    return Language(code, name), notes


def write_guide(settings: Settings, code: str) -> Path | None:
    """Write a new language's translators' guide from the template the pipeline ships.

    The page records the English guide it translates (`i18ndocs.cli.guide.project_guide`).
    Nothing is written when the guide is not shipped in that language, when the project's
    English guide is not the shipped one (it wrote or edited its own), or when the page exists.

    Args:
        settings: The project's settings.
        code: The new language's code.

    Returns:
        The page written, if any.
    """
    guide = project_guide(settings, code)
    target = settings.language_dir(code) / settings.guide_page
    english = settings.language_dir(settings.source.code) / settings.guide_page
    if guide is None or not english.is_file() or target.exists():
        return None
    if english.read_text(encoding="utf-8") != project_guide(settings, settings.source.code):
        return None  # the project wrote its own guide: a translation of the shipped one is not
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(guide, encoding="utf-8")
    return target


def _with_language(text: str, code: str, name: str, config_path: str) -> str:
    """Insert a language entry after the last entry of the language list."""
    lines = text.splitlines(keepends=True)
    header = re.compile(rf"^(\s*){LANGUAGES_KEY}:\s*(#.*)?$")
    section = re.compile(rf"^\s*{SECTION_KEY}:\s*(#.*)?$")
    inside = False
    for index, line in enumerate(lines):
        inside = inside or section.match(line.rstrip("\r\n")) is not None
        match = header.match(line.rstrip("\r\n"))
        if match is None or not inside:
            continue
        indent = len(match[1])
        last = None
        item_indent = ""
        for position in range(index + 1, len(lines)):
            current = lines[position].rstrip("\r\n")
            stripped = current.lstrip()
            if not stripped or stripped.startswith("#"):
                continue
            if len(current) - len(stripped) <= indent and not stripped.startswith("- "):
                break
            if stripped.startswith("- "):
                last = position
                item_indent = current[: len(current) - len(stripped)]
        if last is None:
            break
        newline = "\r\n" if lines[last].endswith("\r\n") else "\n"
        if not lines[last].endswith(("\n", "\r\n")):
            lines[last] += newline
        entry = f"{item_indent}- {{code: {code}, name: {yaml_text(name)}}}{newline}"
        lines.insert(last + 1, entry)
        return "".join(lines)
    raise DocsError(config_path, None, f"found no {LANGUAGES_PATH} list to add to")


def yaml_text(value: str) -> str:
    """Quote a value for a YAML flow mapping when it needs quoting.

    Args:
        value: The value, such as a language's name.

    Returns:
        The value as it is, or in double quotes.
    """
    if re.fullmatch(r"[^\s,{}\[\]:#'\"&*!|>%@`-][^,{}\[\]:#]*", value) and value == value.strip():
        return value
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def register(app: typer.Typer) -> None:
    """Add the ``new-lang`` command to a typer application.

    Args:
        app: The command line's application.
    """
    app.command("new-lang")(new_lang_command)


def new_lang_command(
    context: typer.Context,
    code: Annotated[str, typer.Argument(help="The language code, e.g. fr or pt-BR.")],
) -> None:
    """Add a language: validate its code with Babel, create its folder and declare it.

    The code is spelled the BCP 47 way (pt-BR, zh-Hant); another spelling of a declared
    language is refused. The language is appended to extra.i18n.languages in mkdocs.yml and
    gets its folder next to docs_dir with its gettext catalogs (CODE/catalogs/site.po and
    docstrings.po, nothing translated yet); the next
    build includes it, with every page shown in English under a "not translated yet" banner
    and every docstring unit marked as English.
    """
    try:
        language, notes = add_language(chosen_root(context), code)
    except DocsError as error:
        typer.echo(str(error.problem), err=True)
        raise typer.Exit(1) from None
    for note in notes:
        typer.echo(f"note: {note}", err=True)
    typer.echo(f"added {language.name} ({language.code})")

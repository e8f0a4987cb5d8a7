"""The site's languages, declared once in ``mkdocs.yml`` under ``extra.i18n.languages``.

Each entry is one line of flow-style YAML, so that tools can add a language without
reformatting the file::

    extra:
      i18n:
        languages:
          - {code: en, name: English, source: true}
          - {code: es, name: Español, site_name: Documentación de ejemplo}

An entry may give the site's name in its language (``site_name``; the site's title, header
and the language's ``llms.txt``), else the language uses ``mkdocs.yml``'s. The site's
description needs no such key: it is translated through the ``site`` catalog.

Codes are BCP 47 tags in their canonical spelling (``pt-BR``, ``zh-Hant``): a code written
otherwise (``FR``, ``pt_br``) is refused with the spelling to use, so that folders, URLs and
``lang`` attributes agree, and two spellings of one language can never both be declared.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from i18ndocs.project.errors import DocsError

CONFIG_FILE = "mkdocs.yml"
SECTION_KEY = "i18n"
LANGUAGES_KEY = "languages"
LANGUAGES_PATH = f"extra.{SECTION_KEY}.{LANGUAGES_KEY}"


@dataclass(frozen=True)
class Language:
    """One language of the site.

    Attributes:
        code: The language code, also the folder under ``docs/`` and the path under the site
            root (``es`` for ``docs/es`` and ``/es/``).
        name: The language's name in that language, as shown by the language selector.
        source: Whether this is the source language the other languages translate.
        site_name: The site's name in the language, when it is not ``mkdocs.yml``'s.
    """

    code: str
    name: str
    source: bool = False
    site_name: str | None = None


def project_root(default: Path) -> Path:
    """Pick the project the command line works on: the current folder if it has a config.

    Args:
        default: The project to use otherwise (the one the pipeline is kept in).

    Returns:
        The folder holding the ``mkdocs.yml`` to use.
    """
    here = Path.cwd()
    return here if (here / CONFIG_FILE).is_file() else default


def canonical_code(code: str) -> str:
    """Spell a language code the canonical BCP 47 way, checking Babel knows the language.

    Args:
        code: A code such as ``fr``, ``FR``, ``pt_br`` or ``zh-hant``.

    Returns:
        The canonical spelling (``fr``, ``pt-BR``, ``zh-Hant``).

    Raises:
        ValueError: Babel knows no such language; the message says so, in words to follow
            "unknown language code ...: ".
    """
    from babel import Locale, UnknownLocaleError

    try:
        locale = Locale.parse(code.strip().replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError):
        raise ValueError("Babel knows no such locale") from None
    canonical = str(locale).replace("_", "-")
    if canonical.lower() != code.strip().replace("_", "-").lower():
        raise ValueError(f"Babel knows no such locale (the closest is {canonical!r})")
    return canonical


def parse_languages(config: Mapping[str, Any], config_path: str) -> list[Language]:
    """Read the language list out of an already loaded ``mkdocs.yml``.

    Args:
        config: The configuration as MkDocs' loader reads it.
        config_path: The file the configuration came from, named in errors.

    Returns:
        The languages in declaration order.

    Raises:
        DocsError: The list is missing, malformed, or does not have exactly one source language.
    """
    extra = config.get("extra") or {}
    section = extra.get(SECTION_KEY) if isinstance(extra, Mapping) else None
    entries = section.get(LANGUAGES_KEY) if isinstance(section, Mapping) else None
    if not isinstance(entries, list) or not entries:
        raise DocsError(config_path, None, f"{LANGUAGES_PATH} must be a non-empty list")
    languages: list[Language] = []
    for index, entry in enumerate(entries):
        key = f"{LANGUAGES_PATH}[{index}]"
        if not isinstance(entry, dict) or not {"code", "name"} <= entry.keys():
            raise DocsError(config_path, None, f"{key} needs a code and a name")
        unknown = sorted(set(entry) - {"code", "name", "source", "site_name"})
        if unknown:
            raise DocsError(config_path, None, f"{key}.{unknown[0]}: unknown setting")
        code = str(entry["code"])
        try:
            canonical = canonical_code(code)
        except ValueError as error:
            message = f"{key}.code: unknown language code {code!r}: {error}"
            raise DocsError(config_path, None, message) from None
        if canonical != code:
            raise DocsError(
                config_path, None, f"{key}.code: write {code!r} as {canonical!r} (BCP 47)"
            )
        if not isinstance(entry.get("source", False), bool):
            raise DocsError(config_path, None, f"{key}.source: must be true or false")
        site_name = entry.get("site_name")
        if "site_name" in entry and (not isinstance(site_name, str) or not site_name.strip()):
            raise DocsError(config_path, None, f"{key}.site_name: must be a non-empty string")
        if code.lower() in {language.code.lower() for language in languages}:
            raise DocsError(config_path, None, f"{key}.code: {code!r} is declared twice")
        source = bool(entry.get("source", False))
        languages.append(Language(code, str(entry["name"]), source, site_name))
    sources = [language.code for language in languages if language.source]
    if len(sources) != 1:
        raise DocsError(
            config_path, None, f"{LANGUAGES_PATH} must mark exactly one language as source"
        )
    return languages


def source_language(languages: list[Language]) -> Language:
    """Return the source language of a language list.

    Args:
        languages: The site's languages.

    Returns:
        The one language marked as source.
    """
    return next(language for language in languages if language.source)


def select_languages(languages: list[Language], codes: list[str]) -> list[Language]:
    """Pick languages by code, keeping the declaration order.

    Args:
        languages: The site's languages.
        codes: The codes asked for; empty means every language.

    Returns:
        The selected languages.

    Raises:
        DocsError: A code is not one of the site's languages.
    """
    known = {language.code for language in languages}
    for code in codes:
        if code not in known:
            raise DocsError(
                CONFIG_FILE,
                None,
                f"unknown language {code!r}; the site's languages are {', '.join(sorted(known))}",
            )
    return [language for language in languages if not codes or language.code in codes]


def declaration_line(config_text: str, code: str) -> int | None:
    """Find the line of ``mkdocs.yml`` that declares a language, for problems about it.

    Args:
        config_text: The text of ``mkdocs.yml``.
        code: The language's code as declared.

    Returns:
        The 1-based line of its ``code:`` key, or None when the text spells it another way.
    """
    pattern = re.compile(rf"\bcode:\s*['\"]?{re.escape(code)}['\"]?\s*(?:[,}}#]|$)")
    for number, line in enumerate(config_text.splitlines(), start=1):
        if pattern.search(line):
            return number
    return None

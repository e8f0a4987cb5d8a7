"""The site's languages, declared once in ``mkdocs.yml`` under ``extra.tether_languages``.

Each entry is one line of flow-style YAML, so that tools can add a language without
reformatting the file::

    extra:
      tether_languages:
        - {code: en, name: English, source: true}
        - {code: es, name: Español}
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import DocsError

CONFIG_FILE = "mkdocs.yml"
LANGUAGES_KEY = "tether_languages"


@dataclass(frozen=True)
class Language:
    """One language of the site.

    Attributes:
        code: The language code, also the folder under ``docs/`` and the path under the site
            root (``es`` for ``docs/es`` and ``/es/``).
        name: The language's name in that language, as shown by the language selector.
        source: Whether this is the source language the other languages translate.
    """

    code: str
    name: str
    source: bool = False


def read_config(root: Path) -> dict[str, Any]:
    """Read ``mkdocs.yml`` with MkDocs' own YAML loader.

    The loader understands MkDocs' tags (``!ENV``, ``!relative``) and ``INHERIT``.

    Args:
        root: The repository root holding ``mkdocs.yml``.

    Returns:
        The configuration as plain data, before MkDocs validates it.

    Raises:
        DocsError: The file is missing or is not valid YAML.
    """
    from mkdocs.utils.yaml import yaml_load
    from yaml import YAMLError  # type: ignore[import-untyped, unused-ignore]

    path = root / CONFIG_FILE
    try:
        with path.open("rb") as stream:
            data = yaml_load(stream)
    except FileNotFoundError:
        raise DocsError(str(path), None, "no MkDocs configuration found") from None
    except YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise DocsError(str(path), line, f"invalid YAML: {error}") from None
    if not isinstance(data, dict):
        raise DocsError(str(path), None, "the configuration is not a mapping")
    return data


def parse_languages(config: dict[str, Any], config_path: str) -> list[Language]:
    """Read the language list out of an already loaded ``mkdocs.yml``.

    Args:
        config: The configuration as returned by `read_config`.
        config_path: The file the configuration came from, named in errors.

    Returns:
        The languages in declaration order.

    Raises:
        DocsError: The list is missing, malformed, or does not have exactly one source language.
    """
    extra = config.get("extra") or {}
    entries = extra.get(LANGUAGES_KEY) if isinstance(extra, Mapping) else None
    if not isinstance(entries, list) or not entries:
        raise DocsError(config_path, None, f"extra.{LANGUAGES_KEY} must be a non-empty list")
    languages: list[Language] = []
    for entry in entries:
        if not isinstance(entry, dict) or not {"code", "name"} <= entry.keys():
            raise DocsError(
                config_path, None, f"each entry of extra.{LANGUAGES_KEY} needs a code and a name"
            )
        languages.append(
            Language(str(entry["code"]), str(entry["name"]), bool(entry.get("source", False)))
        )
    sources = [language.code for language in languages if language.source]
    if len(sources) != 1:
        raise DocsError(
            config_path, None, f"extra.{LANGUAGES_KEY} must mark exactly one language as source"
        )
    codes = [language.code for language in languages]
    if len(set(codes)) != len(codes):
        raise DocsError(config_path, None, f"extra.{LANGUAGES_KEY} lists a language twice")
    return languages


def load_languages(root: Path) -> list[Language]:
    """Read the site's languages from ``mkdocs.yml``.

    Args:
        root: The repository root holding ``mkdocs.yml``.

    Returns:
        The languages in declaration order; exactly one has ``source`` set.

    Raises:
        DocsError: The configuration or its language list is malformed.
    """
    return parse_languages(read_config(root), str(root / CONFIG_FILE))


def source_language(languages: list[Language]) -> Language:
    """Return the source language of a language list.

    Args:
        languages: A list as returned by `load_languages`.

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

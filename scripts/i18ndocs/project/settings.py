"""The pipeline's settings: one validated section of ``mkdocs.yml``, and what follows from it.

Everything the pipeline needs to know about a project is configuration, under ``extra.i18n``,
validated with MkDocs' own configuration options the way a plugin declares its schema::

    docs_dir: docs/en            # the source language's folder; the others sit next to it
    extra:
      i18n:
        languages:               # see i18ndocs.project.languages
          - {code: en, name: English, source: true}
          - {code: es, name: Español}
        guide_page: contributing/translations.md   # linked from "not translated" banners
        status_page: contributing/status.md        # generated in every language
        cache_dir: .cache/docs                     # relative to mkdocs.yml
        watch: []                                  # more paths `serve` rebuilds on
        signature_cache: true   # i18ndocs.reference.signatures: a private upstream name

The language folders come from ``docs_dir``: its parent holds one folder per language code,
and ``docs_dir`` itself must be the source language's folder. A setting that is wrong is
reported with its key, for example ``extra.i18n.cache_dir: Expected type: str``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c

from i18ndocs.project.errors import DocsError
from i18ndocs.project.languages import (
    CONFIG_FILE,
    LANGUAGES_KEY,
    SECTION_KEY,
    Language,
    parse_languages,
    read_config,
    source_language,
)

SECTION_PATH = f"extra.{SECTION_KEY}"
DEFAULT_GUIDE_PAGE = "contributing/translations.md"
DEFAULT_STATUS_PAGE = "contributing/status.md"


class SectionSchema(base.Config):  # type: ignore[no-untyped-call]
    """The schema of ``extra.i18n`` apart from its language list (`parse_languages`)."""

    languages = c.Type(list)
    guide_page = c.Type(str, default=DEFAULT_GUIDE_PAGE)
    status_page = c.Type(str, default=DEFAULT_STATUS_PAGE)
    cache_dir = c.Type(str, default=".cache/docs")
    watch = c.ListOfItems(c.Type(str), default=[])
    signature_cache = c.Type(bool, default=True)


@dataclass(frozen=True)
class Settings:
    """A project's validated pipeline settings.

    Attributes:
        root: The folder holding ``mkdocs.yml``.
        config_path: ``mkdocs.yml`` itself.
        languages: The site's languages, in declaration order.
        docs_root: The folder holding one folder per language.
        guide_page: The translators' guide, relative to a language folder.
        status_page: The generated status page, relative to a language folder.
        cache_dir: The folder the pipeline caches into.
        watch: What ``serve`` rebuilds on besides the language folders and ``mkdocs.yml``.
        code_paths: The folders the reference is rendered from (the Python handler's paths).
        site_name: The site's name.
        signature_cache: Whether formatted signatures are cached (`i18ndocs.reference.signatures`,
            which reaches into a private function of mkdocstrings-python).
    """

    root: Path
    config_path: Path
    languages: tuple[Language, ...]
    docs_root: Path
    guide_page: str
    status_page: str
    cache_dir: Path
    watch: tuple[Path, ...]
    code_paths: tuple[Path, ...]
    site_name: str
    signature_cache: bool = True

    @property
    def source(self) -> Language:
        """The source language."""
        return source_language(list(self.languages))

    @property
    def sources(self) -> tuple[Path, ...]:
        """Every folder the site is built from: the site may never overlap one."""
        return (self.docs_root, *self.code_paths, *self.watch)

    def language_dir(self, code: str) -> Path:
        """Return the folder of one language's pages.

        Args:
            code: The language code.

        Returns:
            ``<docs_root>/<code>``.
        """
        return self.docs_root / code


def _code_paths(raw: dict[str, Any], root: Path) -> tuple[Path, ...]:
    """Find the Python handler's ``paths`` in the mkdocstrings plugin's options."""
    for entry in raw.get("plugins") or []:
        if isinstance(entry, dict) and "mkdocstrings" in entry:
            options = entry["mkdocstrings"] or {}
            handler = ((options.get("handlers") or {}).get("python")) or {}
            paths = handler.get("paths") or ["."]
            return tuple((root / str(path)).resolve() for path in paths)
    return ()


def settings_from(raw: dict[str, Any], root: Path) -> Settings:
    """Validate the pipeline's section of an already read ``mkdocs.yml``.

    Args:
        raw: The configuration as returned by `read_config`.
        root: The folder holding ``mkdocs.yml``.

    Returns:
        The settings.

    Raises:
        DocsError: A setting is missing or wrong; the message names its key.
    """
    config_path = root / CONFIG_FILE
    shown = str(config_path)
    languages = parse_languages(raw, shown)
    section = dict((raw.get("extra") or {}).get(SECTION_KEY) or {})
    schema = SectionSchema()
    schema.load_dict(section)
    failed, warnings = schema.validate()
    for key, error in failed:
        raise DocsError(shown, None, f"{SECTION_PATH}.{key}: {error}")
    for key, warning in warnings:
        if key != LANGUAGES_KEY:
            raise DocsError(shown, None, f"{SECTION_PATH}.{key}: {warning}")
    docs_dir = raw.get("docs_dir", "docs")
    if not isinstance(docs_dir, str):
        raise DocsError(shown, None, "docs_dir: must be a path")
    source_dir = (root / docs_dir).resolve()
    source = source_language(languages)
    if source_dir.name != source.code:
        raise DocsError(
            shown,
            None,
            f"docs_dir: {docs_dir!r} must be the source language's folder, named "
            f"{source.code!r}; every language's folder sits next to it",
        )
    for key in ("guide_page", "status_page"):
        _check_page(shown, key, schema[key])
    if schema["guide_page"] == schema["status_page"]:
        raise DocsError(shown, None, f"{SECTION_PATH}.status_page: is the guide_page too")
    cache_dir = (root / schema["cache_dir"]).resolve()
    if not cache_dir.is_relative_to(root.resolve()) or cache_dir == root.resolve():
        raise DocsError(
            shown,
            None,
            f"{SECTION_PATH}.cache_dir: {schema['cache_dir']!r} must be a folder inside the "
            "project, such as .cache/docs",
        )
    site_name = raw.get("site_name")
    return Settings(
        root=root,
        config_path=config_path,
        languages=tuple(languages),
        docs_root=source_dir.parent,
        guide_page=schema["guide_page"],
        status_page=schema["status_page"],
        cache_dir=cache_dir,
        watch=tuple(
            (root / path).resolve() for path in [*(raw.get("watch") or []), *schema["watch"]]
        ),
        code_paths=_code_paths(raw, root),
        site_name=str(site_name) if site_name else "",
        signature_cache=schema["signature_cache"],
    )


def _check_page(shown: str, key: str, page: str) -> None:
    """Refuse a page setting that is not a Markdown page inside a language's folder."""
    path = PurePosixPath(page)
    if path.is_absolute() or "\\" in page or ".." in path.parts or path.suffix != ".md":
        raise DocsError(
            shown,
            None,
            f"{SECTION_PATH}.{key}: {page!r} must be a Markdown page inside each language's "
            "folder, such as contributing/status.md",
        )


def docs_root(root: Path) -> Path:
    """Find the folder holding one folder per language: the parent of ``docs_dir``.

    Args:
        root: The folder holding ``mkdocs.yml``.

    Returns:
        The folder.

    Raises:
        DocsError: The configuration does not parse or a setting is wrong.
    """
    return load_settings(root).docs_root


def load_settings(root: Path) -> Settings:
    """Read and validate the pipeline's settings from a project's ``mkdocs.yml``.

    Args:
        root: The folder holding ``mkdocs.yml``.

    Returns:
        The settings.

    Raises:
        DocsError: The configuration does not parse or a setting is wrong.
    """
    return settings_from(read_config(root), root)

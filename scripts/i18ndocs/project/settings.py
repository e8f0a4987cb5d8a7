"""The pipeline's settings: one validated section of ``mkdocs.yml``, and what follows from it.

Everything the pipeline needs to know about a project is configuration, under ``extra.i18n``,
validated with MkDocs' own configuration options the way a plugin declares its schema::

    docs_dir: docs/en            # the source language's folder; the others sit next to it
    extra:
      i18n:
        languages:               # see i18ndocs.project.languages
          - {code: en, name: English, source: true}
          - {code: es, name: Español, site_name: Documentación}   # site_name: optional
        guide_page: contributing/translations.md   # linked from "not translated" banners
        status_page: contributing/status.md        # generated in every language
        cache_dir: .cache/docs                     # relative to mkdocs.yml
        watch: []                                  # more paths `serve` rebuilds on
        signature_cache: true   # i18ndocs.reference.signatures: a private upstream name
        shared_rendering: true  # render each reference block once for every language
        docstring_warnings: warn                   # warn, fail or ignore

``docstring_warnings`` decides what griffe's warnings about the documented code's docstrings
(a parameter documented but not in the signature, a line of a section that does not parse)
do. Each is reported once, at its ``.py`` file and line, however many languages and pages
show the object. ``warn`` (the default) prints them and lets ``--strict`` pass: a first build
of a package whose docstrings are not yours (or not yet clean) works, and says what griffe
found; ``fail`` makes them warnings like MkDocs' own, so ``--strict`` fails on them (a project
that keeps its docstrings clean wants this); ``ignore`` leaves them out.

What every language's site gets without a setting (`i18ndocs.project.language_config`):
with Material and no ``theme.palette``, the light and dark colour schemes and the toggle
between them, starting from the reader's system preference, its names in the language; an
``llms.txt`` linking the language's pages and the other languages' (`i18ndocs.plugin.hosting`),
and one at the site root. A project's own ``theme.palette`` or ``llms.txt`` page is kept.

The language folders come from ``docs_dir``: its parent holds one folder per language code,
and ``docs_dir`` itself must be the source language's folder. A setting that is wrong is
reported with its key, at its line of ``mkdocs.yml`` (`setting_line`), for example
``mkdocs.yml:12: error: extra.i18n.cache_dir: Expected type: str``.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
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
    source_language,
)

SECTION_PATH = f"extra.{SECTION_KEY}"
DEFAULT_GUIDE_PAGE = "contributing/translations.md"
DEFAULT_STATUS_PAGE = "contributing/status.md"
DOCSTRING_WARNINGS = ("warn", "fail", "ignore")
"""The values of ``docstring_warnings``: what griffe's warnings about docstrings do."""


class SectionSchema(base.Config):  # type: ignore[no-untyped-call]
    """The schema of ``extra.i18n`` apart from its language list (`parse_languages`)."""

    languages = c.Type(list)
    guide_page = c.Type(str, default=DEFAULT_GUIDE_PAGE)
    status_page = c.Type(str, default=DEFAULT_STATUS_PAGE)
    cache_dir = c.Type(str, default=".cache/docs")
    watch = c.ListOfItems(c.Type(str), default=[])
    signature_cache = c.Type(bool, default=True)
    shared_rendering = c.Type(bool, default=True)
    docstring_warnings = c.Choice(DOCSTRING_WARNINGS, default="warn")


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
        search_paths: Where mkdocstrings' Python handler finds the documented code (its
            ``paths``; the project's folder when it sets none), resolved.
        site_name: The site's name.
        config: ``mkdocs.yml`` as MkDocs' own loader reads it, before validation.
        config_text: ``mkdocs.yml``'s text, for the lines of what it declares.
        signature_cache: Whether formatted signatures are cached (`i18ndocs.reference.signatures`,
            which reaches into a private function of mkdocstrings-python).
        shared_rendering: Whether each reference block is rendered once for every language
            and filled in per language (`i18ndocs.plugin.shared_blocks`).
        docstring_warnings: What griffe's warnings about the documented code's docstrings do:
            ``warn`` (reported, ``--strict`` passes), ``fail`` (``--strict`` fails on them)
            or ``ignore``.
    """

    root: Path
    config_path: Path
    languages: tuple[Language, ...]
    docs_root: Path
    guide_page: str
    status_page: str
    cache_dir: Path
    watch: tuple[Path, ...]
    search_paths: tuple[Path, ...]
    site_name: str
    config: Mapping[str, Any]
    config_text: str
    signature_cache: bool = True
    shared_rendering: bool = True
    docstring_warnings: str = "warn"

    @property
    def source(self) -> Language:
        """The source language."""
        return source_language(list(self.languages))

    @property
    def code_folders(self) -> tuple[Path, ...]:
        """The search paths that are folders of their own, the project's folder aside."""
        return tuple(path for path in self.search_paths if path != self.root.resolve())

    @property
    def sources(self) -> tuple[Path, ...]:
        """Every folder the site is built from: the site may never overlap one."""
        return (self.docs_root, *self.code_folders, *self.watch)

    def language_dir(self, code: str) -> Path:
        """Return the folder of one language's pages.

        Args:
            code: The language code.

        Returns:
            ``<docs_root>/<code>``.
        """
        return self.docs_root / code


def plugin_entries(config: Mapping[str, Any]) -> list[tuple[Any, Any]]:
    """List ``mkdocs.yml``'s plugins with their options, however ``plugins`` is written.

    Args:
        config: The configuration as MkDocs' loader reads it.

    Returns:
        ``(name, options)`` pairs in order; options are None for a plugin listed by name only.
    """
    entries = config.get("plugins") or []
    if isinstance(entries, Mapping):
        return list(entries.items())
    return [
        next(iter(entry.items())) if isinstance(entry, Mapping) else (entry, None)
        for entry in entries
    ]


def _search_paths(raw: Mapping[str, Any], root: Path, shown: str) -> tuple[Path, ...]:
    """Find where mkdocstrings' Python handler looks for code, by mkdocstrings' own rule.

    Its ``paths`` option, relative to ``mkdocs.yml``; the project's folder when the plugin is
    listed without it; nothing when mkdocstrings is not used.
    """
    for name, options in plugin_entries(raw):
        if name != "mkdocstrings":
            continue
        handler: Any = options or {}
        for key in ("handlers", "python"):
            if not isinstance(handler, Mapping):
                break
            handler = handler.get(key) or {}
        paths = handler.get("paths") if isinstance(handler, Mapping) else None
        key = "plugins.mkdocstrings.handlers.python"
        if not isinstance(handler, Mapping) or not (
            paths is None or (isinstance(paths, list) and all(isinstance(p, str) for p in paths))
        ):
            raise DocsError(shown, None, f"{key}.paths: must be a list of folders")
        return tuple((root / path).resolve() for path in paths or ["."])
    return ()


def settings_from(raw: Mapping[str, Any], root: Path, text: str = "") -> Settings:
    """Validate the pipeline's section of an already read ``mkdocs.yml``.

    Args:
        raw: The configuration as MkDocs' loader reads it.
        root: The folder holding ``mkdocs.yml``.
        text: ``mkdocs.yml``'s text.

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
        raise DocsError(shown, setting_line(text, key), f"{SECTION_PATH}.{key}: {error}")
    for key, warning in warnings:
        if key != LANGUAGES_KEY:
            raise DocsError(shown, setting_line(text, key), f"{SECTION_PATH}.{key}: {warning}")
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
        _check_page(shown, setting_line(text, key), key, schema[key])
    if schema["guide_page"] == schema["status_page"]:
        line = setting_line(text, "status_page")
        raise DocsError(shown, line, f"{SECTION_PATH}.status_page: is the guide_page too")
    cache_dir = (root / schema["cache_dir"]).resolve()
    if not cache_dir.is_relative_to(root.resolve()) or cache_dir == root.resolve():
        raise DocsError(
            shown,
            setting_line(text, "cache_dir"),
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
        search_paths=_search_paths(raw, root, shown),
        site_name=str(site_name) if site_name else "",
        config=raw,
        config_text=text,
        signature_cache=schema["signature_cache"],
        shared_rendering=schema["shared_rendering"],
        docstring_warnings=schema["docstring_warnings"],
    )


def _check_page(shown: str, line: int | None, key: str, page: str) -> None:
    """Refuse a page setting that is not a Markdown page inside a language's folder."""
    path = PurePosixPath(page)
    if path.is_absolute() or "\\" in page or ".." in path.parts or path.suffix != ".md":
        raise DocsError(
            shown,
            line,
            f"{SECTION_PATH}.{key}: {page!r} must be a Markdown page inside each language's "
            "folder, such as contributing/status.md",
        )


def setting_line(config_text: str, key: str) -> int | None:
    """Find the line of ``mkdocs.yml`` that sets one of the pipeline's settings.

    Args:
        config_text: The text of ``mkdocs.yml``.
        key: The setting's key under ``extra.i18n``.

    Returns:
        The 1-based line of ``key:`` inside the ``i18n:`` section, or None when it is not
        written there one key a line (a flow mapping, say).
    """
    section: int | None = None  # the indentation of the ``i18n:`` line, once found
    keys: int | None = None  # the indentation of its keys
    for number, line in enumerate(config_text.splitlines(), start=1):
        stripped = line.lstrip(" ")
        indent = len(line) - len(stripped)
        if not stripped or stripped.startswith("#"):
            continue
        if section is None:
            if re.match(rf"{SECTION_KEY}:\s*(#.*)?$", stripped):
                section = indent
            continue
        if indent <= section:
            return None
        keys = indent if keys is None else keys
        if indent == keys and re.match(rf"{re.escape(key)}\s*:", stripped):
            return number
    return None


def load_settings(root: Path) -> Settings:
    """Read ``mkdocs.yml`` once and validate the pipeline's settings in it.

    Every command, and every language's build, calls this once and passes the result down:
    no other part of the pipeline opens ``mkdocs.yml``.

    Args:
        root: The folder holding ``mkdocs.yml``.

    Returns:
        The settings.

    Raises:
        DocsError: The file is missing or unreadable, is not valid YAML, or a setting is wrong.
    """
    raw, text = read_config(root)
    return settings_from(raw, root, text)


def read_config(root: Path) -> tuple[dict[str, Any], str]:
    """Read ``mkdocs.yml`` with MkDocs' own YAML loader, keeping its text.

    The loader understands MkDocs' tags (``!ENV``, ``!relative``) and ``INHERIT``.

    Args:
        root: The folder holding ``mkdocs.yml``.

    Returns:
        The configuration as plain data, before MkDocs validates it, and the file's text.

    Raises:
        DocsError: The file is missing or is not valid YAML.
    """
    from mkdocs.exceptions import ConfigurationError
    from mkdocs.utils.yaml import yaml_load
    from yaml import YAMLError  # type: ignore[import-untyped, unused-ignore]

    path = root / CONFIG_FILE
    try:
        data = path.read_bytes()
        text = data.decode("utf-8-sig")
        stream = io.BytesIO(data)
        stream.name = str(path)  # the loader finds an INHERIT'ed file next to it
        config = yaml_load(stream)
    except FileNotFoundError:
        raise DocsError(str(path), None, "no MkDocs configuration found") from None
    except (YAMLError, ConfigurationError) as error:
        raise _yaml_error(path, error) from None
    except (OSError, UnicodeDecodeError) as error:
        raise DocsError(str(path), None, f"cannot be read: {error}") from None
    if not isinstance(config, dict):
        raise DocsError(str(path), None, "the configuration is not a mapping")
    return config, text


def _yaml_error(path: Path, error: Exception) -> DocsError:
    """Describe a YAML error in one line, at the line it names.

    MkDocs wraps the YAML parser's error in its own, whose text spans several lines; the
    parser's error (the cause) knows the line and the problem.
    """
    cause = error.__cause__ or error.__context__ or error
    mark = getattr(cause, "problem_mark", None) or getattr(cause, "context_mark", None)
    line = mark.line + 1 if mark is not None else None
    problem = getattr(cause, "problem", None) or str(cause).splitlines()[0]
    return DocsError(str(path), line, f"invalid YAML: {problem}")

"""Work remembered from one build to the next in a warm build process (``serve`` only).

`i18ndocs.builder.warm` keeps one process per language while serving and calls `enable` in
it; full builds never do, so they stay as they are. In a warm process, each build's
``on_pre_build`` (`equip`) wraps, on that build's own instances:

* mkdocstrings' Python handler (`HandlerMemo`): the HTML of each ``:::`` block, keyed by
  the object, its options, the language, `language_key` (what rendering reads besides the
  code: the language's catalogs, the pipeline's templates and words, ``mkdocs.yml``) and
  the text of each source file the rendered objects come from (`source_files`: the
  object's, its members' and inherited members', alias targets', their packages'). On a
  hit, ``collect`` does not load the code with griffe and ``render`` returns the
  remembered HTML; what rendering left behind is replayed: the headings the extension
  reads with ``get_headings`` (for the table of contents and cross-references), and the
  aliases ``get_aliases`` answered for them (keyed by all the code, `code_key`). A
  docstring edit so renders again only the blocks showing objects of its file. A block
  whose collection or rendering logged anything (a docstring warning, say) is not
  remembered, so it logs again next time;
* Material's search index (`SearchMemo`): the entries each page adds, keyed by everything
  the indexer reads from the page and the search plugin's settings;
* the theme's files (`ThemeMemo`): MkDocs lists every file of the theme's folders to find
  the ones to copy (Material's hold thousands of icons); a folder outside the project and
  the pipeline (an installed theme) is listed once, and which names MkDocs keeps is
  remembered by name.

Entries used by a build are kept for the next one, the others dropped, so the memory holds
about one build's worth. The store is process-wide on purpose: it must outlive the plugin
instances, which MkDocs creates anew for each build.
"""

from __future__ import annotations

import copy
import hashlib
import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, Generic, TypeVar
from xml.etree.ElementTree import Element

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

from i18ndocs.catalogs.sitetext import catalog_path
from i18ndocs.pages.directives import code_locations
from i18ndocs.plugin.docstring_warnings import GRIFFE_LOGGER
from i18ndocs.project.resources import pipeline_folder
from i18ndocs.project.settings import Settings

K = TypeVar("K")
V = TypeVar("V")


class Store(Generic[K, V]):
    """Remembered values: those a build used survive into the next, the others are dropped."""

    def __init__(self) -> None:
        self.previous: dict[K, V] = {}
        self.current: dict[K, V] = {}

    def get(self, key: K) -> V | None:
        """Return a remembered value, keeping it for the next build.

        Args:
            key: What the value was computed from.

        Returns:
            The value, or None when it is not remembered.
        """
        if key in self.current:
            return self.current[key]
        value = self.previous.pop(key, None)
        if value is not None:
            self.current[key] = value
        return value

    def put(self, key: K, value: V) -> None:
        """Remember a value.

        Args:
            key: What the value was computed from.
            value: The value.
        """
        self.current[key] = value

    def next_build(self) -> None:
        """Start a build: what the last one did not use is dropped."""
        self.previous, self.current = self.current, {}


@dataclass(frozen=True)
class Rendered:
    """What rendering one ``:::`` block produced.

    Attributes:
        html: The block's HTML.
        headings: The headings the extension reads after it (`get_headings`).
        files: Each source file the rendered objects come from, with the digest of the
            text it was rendered from (`source_files`).
    """

    html: str
    headings: tuple[Element, ...]
    files: tuple[tuple[str, str], ...]


_enabled = False
_renders: Store[tuple[str, ...], Rendered] = Store()
_aliases: Store[tuple[str, ...], tuple[str, ...]] = Store()
_search: Store[tuple[str, ...], list[dict[str, Any]]] = Store()
_theme_files: dict[str, list[str]] = {}  # an installed theme folder's files, by folder
_theme_kept: dict[tuple[Any, ...], bool] = {}  # a theme file's name passed MkDocs' filter


def enable() -> None:
    """Remember work across this process's builds (`i18ndocs.builder.warm` only)."""
    global _enabled
    _enabled = True


def _digest(parts: Iterable[str | bytes]) -> str:
    """Hash strings and bytes into one hex digest, each part delimited."""
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "little"))
        digest.update(data)
    return digest.hexdigest()


def _files(folder: Path, patterns: Sequence[str]) -> list[Path]:
    """The files under a folder (or the file itself) matching the patterns, sorted."""
    if folder.is_file():
        return [folder]
    return sorted({path for pattern in patterns for path in folder.rglob(pattern)})


def _code_files(settings: Settings) -> list[Path]:
    """The documented code's files: in mkdocstrings' search paths, or the packages named."""
    paths: list[Path] = []
    for folder in [*settings.code_folders, *code_locations(settings)]:
        paths += _files(folder, ("*.py", "*.pyi"))
    return paths


def _text_digest(lines: Iterable[str]) -> str:
    """Hash a source file's lines as griffe reads them."""
    return _digest(["\n".join(lines)])


def file_digest(path: Path) -> str:
    """Hash a source file's text as griffe reads it (`_text_digest`).

    Args:
        path: The file.

    Returns:
        The digest; an empty string when the file cannot be read.
    """
    try:
        return _text_digest(path.read_text(encoding="utf-8-sig").splitlines())
    except (OSError, UnicodeDecodeError):
        return ""


def language_key(settings: Settings, code: str) -> str:
    """Hash what a language's reference blocks are rendered from, besides the code.

    Args:
        settings: The project's settings.
        code: The language being built.

    Returns:
        A digest of ``mkdocs.yml``, the language's (and the source language's) catalogs,
        and the pipeline's templates and shipped words.
    """
    paths = [settings.config_path]
    for lang in dict.fromkeys((code, settings.source.code)):
        paths += _files(catalog_path(settings.docs_root, lang, "site").parent, ("*",))
    paths += _files(pipeline_folder("templates"), ("*",))
    paths += _files(pipeline_folder("locale"), ("*",))
    parts: list[str | bytes] = [code]
    for path in paths:
        if path.is_file():
            parts += [str(path), path.read_bytes()]
    return _digest(parts)


def code_key(settings: Settings) -> str:
    """Hash all the documented code.

    Args:
        settings: The project's settings.

    Returns:
        A digest of every code file's path and text.
    """
    return _digest(
        [part for path in _code_files(settings) for part in (str(path), file_digest(path))]
    )


def source_files(data: Any) -> dict[str, str] | None:
    """List the source files a collected object's rendering reads, with their text's digest.

    They are the files of the object, of its members and inherited members (recursively),
    of the targets of aliases among them, and of the packages holding each.

    Args:
        data: The griffe object ``collect`` returned.

    Returns:
        The digest of each file's text as griffe read it, by path; None when a class's
        bases cannot be resolved (such a block is not remembered). An alias whose target
        griffe did not load (an import from outside the code) adds no file.
    """
    from griffe import AliasResolutionError

    files: dict[str, str] = {}
    seen: set[int] = set()
    pending = [data]
    while pending:
        item = pending.pop()
        try:
            target = item.final_target if item.is_alias else item
        except AliasResolutionError:
            continue  # code griffe did not load (an import from elsewhere): not the project's
        if id(target) in seen:
            continue
        seen.add(id(target))
        owner = target
        while owner is not None:
            module = owner.module if not owner.is_module else owner
            path = module.filepath
            if isinstance(path, Path) and str(path) not in files:
                files[str(path)] = _text_digest(module.lines)
            owner = module.parent
        pending += target.members.values()
        if target.is_class:
            try:
                pending += target.inherited_members.values()
            except AliasResolutionError:
                return None
    return files


class _Logged(logging.Handler):
    """Notes whether anything was logged while it is attached."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.seen = False

    def emit(self, record: logging.LogRecord) -> None:
        """Note the record.

        Args:
            record: A record that reached the handler.
        """
        self.seen = True

    def filter(self, record: logging.LogRecord) -> bool:
        """Note a warning before other filters (repeats dropped) decide its fate.

        Args:
            record: A record of griffe's logger.

        Returns:
            Always true: the record goes on.
        """
        if record.levelno >= logging.WARNING:
            self.seen = True
        return True


class _Watching:
    """Attach a `_Logged` to MkDocs' logger and (first of its filters) griffe's."""

    def __init__(self) -> None:
        self.logged = _Logged()

    def __enter__(self) -> _Logged:
        logging.getLogger("mkdocs").addHandler(self.logged)
        logging.getLogger(GRIFFE_LOGGER).filters.insert(0, self.logged)
        return self.logged

    def __exit__(self, *_: object) -> None:
        logging.getLogger("mkdocs").removeHandler(self.logged)
        logging.getLogger(GRIFFE_LOGGER).removeFilter(self.logged)


@dataclass(frozen=True)
class _Skipped:
    """What ``collect`` returns for a remembered block: ``render`` looks it up."""

    key: tuple[str, ...]
    identifier: str
    options: Any


class HandlerMemo:
    """Remembers the blocks of one build's mkdocstrings Python handler (see the module).

    Args:
        handler: The handler instance; its ``collect``, ``render``, ``get_headings`` and
            ``get_aliases`` are wrapped on the instance.
        key: `language_key` of the build.
        code: `code_key` of the build.
    """

    def __init__(self, handler: Any, key: str, code: str) -> None:
        self.handler = handler
        self.key = key
        self.code = code
        self.digests: dict[str, str] = {}  # the source files' digests now, read once a build
        self.real_collect: Callable[..., Any] = handler.collect
        self.real_render: Callable[..., str] = handler.render
        self.real_headings: Callable[[], Sequence[Element]] = handler.get_headings
        self.real_aliases: Callable[[str], tuple[str, ...]] = handler.get_aliases
        self.modules: set[str] = set()  # top-level modules collected, or skipped as remembered
        self.loaded = False  # whether griffe has loaded the code in this build
        self.skipped: list[_Skipped] = []
        self.replay: list[Element] = []
        self.missed: tuple[str, ...] | None = None  # the key of the block being collected
        self.depth = 0
        handler.collect, handler.render = self.collect, self.render
        handler.get_headings, handler.get_aliases = self.get_headings, self.get_aliases

    def _block_key(self, identifier: str, options: Any) -> tuple[str, ...]:
        """Key a block by the build's sources, the object, its options, the code loaded."""
        return (self.key, identifier, repr(options), repr(sorted(self.modules)))

    def collect(self, identifier: str, options: Any) -> Any:
        """Collect an object, or return a token when its block is remembered.

        Args:
            identifier: The object's path.
            options: The block's options.

        Returns:
            The griffe object, or a `_Skipped` token.
        """
        if options == {} or self.depth:
            return self.real_collect(identifier, options)
        self.modules.add(identifier.split(".", 1)[0])
        self.modules.update(getattr(options, "preload_modules", ()) or ())
        key = self._block_key(identifier, options)
        if self._fresh(_renders.get(key)):
            token = _Skipped(key, identifier, options)
            self.skipped.append(token)
            return token
        with _Watching() as logged:  # loading the code may warn: such a block is not kept
            self._load_skipped()
            data = self.real_collect(identifier, options)
        self.missed = None if logged.seen else key
        return data

    def _fresh(self, rendered: Rendered | None) -> bool:
        """Whether a remembered block's source files still hold the text it was rendered from."""
        if rendered is None:
            return False
        for path, digest in rendered.files:
            if path not in self.digests:
                self.digests[path] = file_digest(Path(path))
            if self.digests[path] != digest:
                return False
        return True

    def render(self, data: Any, options: Any, locale: str | None = None) -> str:
        """Render a block, or replay the remembered one.

        Args:
            data: What `collect` returned.
            options: The block's options.
            locale: The locale mkdocstrings passes.

        Returns:
            The block's HTML.
        """
        if isinstance(data, _Skipped):
            rendered = _renders.get(data.key)
            assert rendered is not None  # kept for this build by collect's lookup
            self.replay = [copy.deepcopy(heading) for heading in rendered.headings]
            return rendered.html
        key, self.missed = self.missed, None
        if self.depth:  # a block inside a docstring: its headings go to the outer block
            return self.real_render(data, options, locale=locale)
        self.depth += 1
        try:
            with _Watching() as logged:
                html = self.real_render(data, options, locale=locale)
        finally:
            self.depth -= 1
        self.replay = list(self.real_headings())
        files = source_files(data)
        if key is not None and not logged.seen and files is not None:
            headings = tuple(copy.deepcopy(heading) for heading in self.replay)
            _renders.put(key, Rendered(html, headings, tuple(sorted(files.items()))))
        return html

    def get_headings(self) -> Sequence[Element]:
        """Return the headings of the last block, rendered or replayed.

        Returns:
            The headings, handed over once.
        """
        headings, self.replay = [*self.replay, *self.real_headings()], []
        return headings

    def get_aliases(self, identifier: str) -> tuple[str, ...]:
        """Return an object's aliases, remembered when the code was not loaded this build.

        Args:
            identifier: The object's path.

        Returns:
            Its other paths.
        """
        key = (self.key, self.code, identifier, repr(sorted(self.modules)))
        if not self.loaded:
            remembered = _aliases.get(key)
            if remembered is not None:
                return remembered
            self._load_skipped()
        aliases = tuple(self.real_aliases(identifier))
        _aliases.put(key, aliases)
        return aliases

    def _load_skipped(self) -> None:
        """Load the code as the skipped blocks would have, in their order."""
        for token in self.skipped:
            self.real_collect(token.identifier, token.options)
        self.skipped.clear()
        self.loaded = True


class SearchMemo:
    """Remembers the search entries each page adds (see the module).

    Args:
        index: Material's search index of the build; its ``add_entry_from_context`` is
            wrapped on the instance.
        settings_key: A digest of the search plugin's settings (and its dictionary).
    """

    def __init__(self, index: Any, settings_key: str) -> None:
        self.index = index
        self.settings_key = settings_key
        self.real_add: Callable[[Page], None] = index.add_entry_from_context
        index.add_entry_from_context = self.add

    def add(self, page: Page) -> None:
        """Index a page, or add the entries remembered for the same page.

        Args:
            page: The page, its HTML final.
        """
        meta = {name: page.meta.get(name) for name in ("search", "tags", "title")}
        key = (
            self.settings_key,
            page.url,
            str(page.title),
            repr(meta),
            _toc_key(page.toc),
            _digest([page.content or ""]),
        )
        entries = _search.get(key)
        if entries is None:
            start = len(self.index.entries)
            self.real_add(page)
            entries = copy.deepcopy(self.index.entries[start:])
            _search.put(key, entries)
            return
        self.index.entries.extend(copy.deepcopy(entries))


class ThemeMemo:
    """Lists a theme's files once per installed folder (see the module).

    Args:
        theme: The build's theme; its ``get_env`` is wrapped on the instance, so the
            environment MkDocs lists the theme's files with remembers them.
        listed_once: Whether a folder of the theme can be listed once per process.
    """

    def __init__(self, theme: Any, listed_once: Callable[[Path], bool]) -> None:
        self.theme = theme
        self.listed_once = listed_once
        self.real_get_env: Callable[[], Any] = theme.get_env
        theme.get_env = self.get_env

    def get_env(self) -> Any:
        """Return the theme's template environment, its ``list_templates`` remembering.

        Returns:
            The environment.
        """
        env = self.real_get_env()
        env.list_templates = partial(self.list_templates, env.list_templates)
        return env

    def list_templates(
        self,
        real: Callable[..., list[str]],
        extensions: Any = None,
        filter_func: Callable[[str], bool] | None = None,
    ) -> list[str]:
        """List the theme's files as Jinja's ``Environment.list_templates`` does.

        Args:
            real: The environment's own ``list_templates``, for calls without a filter.
            extensions: The file extensions to keep (jinja's argument).
            filter_func: Which names to keep; its answers are remembered by name for the
                same function and the same static templates of the theme.

        Returns:
            The names kept, sorted.
        """
        from jinja2 import FileSystemLoader

        if filter_func is None or extensions is not None:
            return real(extensions, filter_func)
        names: set[str] = set()
        for folder in self.theme.dirs:
            listed = _theme_files.get(folder)
            if listed is None:
                listed = FileSystemLoader(folder).list_templates()
                if self.listed_once(Path(folder)):
                    _theme_files[folder] = listed
            names.update(listed)
        static = tuple(sorted(self.theme.static_templates))
        kept = []
        for name in sorted(names):
            key = (filter_func.__code__, static, name)
            if key not in _theme_kept:
                _theme_kept[key] = filter_func(name)
            if _theme_kept[key]:
                kept.append(name)
        return kept


def _toc_key(items: Iterable[Any]) -> str:
    """Describe a table of contents: what the indexer looks sections up by."""
    return repr([(item.id, item.url, item.title, _toc_key(item.children)) for item in items])


def equip(config: MkDocsConfig, settings: Settings, code: str) -> None:
    """Wrap this build's mkdocstrings handler and search index, if memos are enabled.

    Args:
        config: The language's configuration, its plugins configured.
        settings: The project's settings.
        code: The language being built.
    """
    if not _enabled:
        return
    from material.plugins.search.plugin import SearchPlugin  # type: ignore[import-untyped]

    for store in (_renders, _aliases, _search):
        store.next_build()
    pipeline = pipeline_folder()
    ThemeMemo(
        config.theme,
        lambda folder: (
            not folder.is_relative_to(settings.root) and not folder.is_relative_to(pipeline)
        ),
    )
    if "mkdocstrings" in config.plugins:
        handler = config.plugins["mkdocstrings"].get_handler("python")  # type: ignore[attr-defined]
        HandlerMemo(handler, language_key(settings, code), code_key(settings))
    for plugin in config.plugins.values():
        if isinstance(plugin, SearchPlugin) and plugin.config.enabled:
            dictionary = plugin.config.jieba_dict
            words = Path(dictionary).read_bytes() if dictionary else b""
            SearchMemo(plugin.search_index, _digest([repr(dict(plugin.config)), words]))

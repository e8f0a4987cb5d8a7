"""The pages' memo: MkDocs' conversion of a page's Markdown, skipped when nothing it reads changed.

MkDocs converts each page with ``Page.render``, most of a warm rebuild's time. In a warm
process the i18ndocs plugin's ``on_page_markdown`` hands each page to `PageMemo.wrap`, which
wraps that page's ``render`` on the instance. A conversion is keyed by (`PageMemo.key`):

* the build's sources besides the page (`sources_key`): `language_key` (catalogs,
  templates, words, ``mkdocs.yml``), the site's URL, every file under the folders ``serve``
  watches (but the documented code) and the folders pymdownx.snippets includes from;
* the site's files, each with its URL (links are rewritten against them: `files_key`);
* the page: its path, URL, metadata, title before conversion (the navigation's, say) and
  final Markdown (after every ``on_page_markdown``);
* what earlier pages of the build left for it: the modules their reference blocks loaded,
  the names in mkdocstrings' inventory (an alias goes into it only if it is not there yet);
* for a page with ``:::`` blocks, the shape of all the documented code (`code_shape_key`:
  its syntax but docstrings) and the text of every file its blocks show; so a docstring
  edit converts again only the pages showing objects of the edited file.

A hit restores what ``render`` sets (``content``, ``toc``, ``present_anchor_ids``,
``links_to_anchors``, the title when it came from the first heading) and replays, in their
order, what the conversion told other plugins: anchors and URLs registered with
mkdocs-autorefs, objects registered in mkdocstrings' inventory, and the blocks and aliases
the block memo (`HandlerMemo`) saw, so that it loads the code as a full build would and
keeps those blocks. A page whose conversion logged anything, passed autorefs another page,
or showed a block the block memo did not keep, is not remembered: it is converted, and
logs, every time. A build where pymdownx.snippets may read files anywhere (``url_download``,
``restrict_base_path: false``, a base path holding the project) remembers no page.
"""

from __future__ import annotations

import copy
import logging
import os
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import TableOfContents

from i18ndocs.plugin.memo.blocks import HandlerMemo
from i18ndocs.plugin.memo.store import Store, code_files, files_under
from i18ndocs.plugin.memo.watching import Watching
from i18ndocs.project.cachefiles import digest
from i18ndocs.project.settings import Settings

PAGES_LOGGER = "mkdocs.structure.pages"
"""MkDocs' logger of page conversion: below DEBUG, ``render`` records links to anchors."""

Call = tuple[str, tuple[Any, ...], tuple[tuple[str, Any], ...]]
"""What a conversion told another plugin: its kind, positional and keyword arguments."""


@dataclass(frozen=True)
class Converted:
    """What converting one page produced.

    Attributes:
        content: The page's HTML.
        toc: Its table of contents (copied in and out: later events may change it).
        anchors: The anchor ids it holds (``present_anchor_ids``).
        links: Its links to anchors of other pages, by the linked file's path
            (``links_to_anchors``); None when MkDocs did not record them.
        title: Its title after conversion (the first heading's, unless set before).
        calls: What it told other plugins and the block memo, in order (`Call`).
        code: `code_shape_key` when it has ``:::`` blocks, else None.
        files: The source files its blocks show, with their digests.
    """

    content: str
    toc: TableOfContents
    anchors: frozenset[str]
    links: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] | None
    title: str | None
    calls: tuple[Call, ...]
    code: str | None
    files: tuple[tuple[str, str], ...]


page_store: Store[tuple[str, ...], Converted] = Store()
"""The pages remembered, by `PageMemo.key`."""


def snippet_folders(config: MkDocsConfig, root: Path) -> list[Path] | None:
    """List what pymdownx.snippets may include files from, as the extension resolves it.

    Args:
        config: The language's configuration.
        root: The project's folder.

    Returns:
        The base paths (relative ones from the working folder, as the extension reads
        them); an empty list without the extension; None when it may read anywhere: it
        downloads URLs, its base paths do not restrict it, or one holds the project.
    """
    names = [
        item if isinstance(item, str) else type(item).__module__
        for item in config.markdown_extensions
    ]
    if "pymdownx.snippets" not in names:
        return []
    options = config.mdx_configs.get("pymdownx.snippets") or {}
    if options.get("url_download") or not options.get("restrict_base_path", True):
        return None
    bases = options.get("base_path", ["."])
    bases = [bases] if isinstance(bases, (str, os.PathLike)) else bases
    folders = [Path(os.path.abspath(base)) for base in bases]
    if any(root.resolve().is_relative_to(folder) for folder in folders):
        return None
    return folders


def folders_key(folders: Iterable[Path], skipped: Collection[Path] = ()) -> str:
    """Hash every file under some folders (or the files named), path and bytes.

    Args:
        folders: Folders or files; missing ones count as empty.
        skipped: Files left out.

    Returns:
        The digest.
    """
    parts: list[str | bytes] = []
    for folder in folders:
        parts.append(str(folder))
        for path in files_under(folder, ("*",)) if folder.exists() else []:
            if path.is_file() and path not in skipped:
                parts += [str(path), path.read_bytes()]
    return digest(parts)


def sources_key(config: MkDocsConfig, settings: Settings, language: str) -> str | None:
    """Hash what a build's page conversions read besides the pages and the site's files.

    Args:
        config: The language's configuration.
        settings: The project's settings.
        language: `i18ndocs.plugin.memo.store.language_key` of the build.

    Returns:
        The digest; None when pages are not remembered in this build (`snippet_folders`).
    """
    snippets = snippet_folders(config, settings.root)
    if snippets is None:
        return None
    links = logging.getLogger(PAGES_LOGGER).getEffectiveLevel() > logging.DEBUG
    return digest(
        [
            language,
            config.site_url or "",
            str(config.use_directory_urls),
            config.docs_dir,
            str(links),
            # The documented code only matters to pages with blocks, keyed by its shape;
            # a docstring edit leaves the other pages alone, unless snippets include code.
            folders_key(settings.watch, {path.resolve() for path in code_files(settings)}),
            folders_key(snippets),
        ]
    )


def files_key(files: Files) -> str:
    """Hash the site's files as links are rewritten and checked against them.

    Args:
        files: The site's files.

    Returns:
        A digest of each file's path, destination, URL, inclusion and source.
    """
    return digest(
        [
            repr((file.src_uri, file.dest_uri, file.url, str(file.inclusion), file.abs_src_path))
            for file in files
        ]
    )


def _copied(value: Any) -> Any:
    """Copy a call's argument, unless it cannot change (strings, numbers, None)."""
    return value if isinstance(value, (str, int, float, type(None))) else copy.deepcopy(value)


def _call_args(kind: str, args: Iterable[Any], kwargs: dict[str, Any]) -> Call:
    """Record a call's arguments, copied (the caller may change what it passed)."""
    return (
        kind,
        tuple(_copied(arg) for arg in args),
        tuple((name, _copied(arg)) for name, arg in kwargs.items()),
    )


class PageMemo:
    """Remembers the conversion of one build's pages (see the module).

    Args:
        sources: `sources_key` of the build; None to remember nothing.
        autorefs: mkdocs-autorefs' plugin of the build, if any: its ``register_anchor``
            and ``register_url`` are wrapped on the instance.
        inventory: mkdocstrings' inventory of the build, if any: its ``register`` is
            wrapped on the instance.
        blocks: The build's block memo, if any: it tells this memo of its blocks.
    """

    def __init__(
        self, sources: str | None, autorefs: Any, inventory: Any, blocks: HandlerMemo | None
    ) -> None:
        self.sources = sources
        self.autorefs = autorefs
        self.inventory = inventory
        self.blocks = blocks
        self.files: tuple[Files, str] | None = None  # the build's files and their key
        self.page: Page | None = None  # the page being converted and recorded
        self.calls: list[Call] = []
        self.block_files: dict[str, str] = {}
        self.has_blocks = False
        self.unkept = False  # the conversion did something a hit could not replay
        if autorefs is not None:
            autorefs.register_anchor = partial(self._register_anchor, autorefs.register_anchor)
            autorefs.register_url = partial(self._record, "url", autorefs.register_url)
        if inventory is not None:
            inventory.register = partial(self._record, "inventory", inventory.register)
        if blocks is not None:
            blocks.listener = self

    def wrap(self, page: Page) -> None:
        """Wrap a page's ``render`` so that an unchanged conversion is replayed.

        Args:
            page: A page of the build, before MkDocs converts it.
        """
        if self.sources is not None:
            page.render = partial(self.render, page, page.render)  # type: ignore[method-assign]

    def key(self, page: Page, files: Files) -> tuple[str, ...]:
        """Key a page's conversion (see the module).

        Args:
            page: The page, its Markdown final.
            files: The site's files.

        Returns:
            The key.
        """
        if self.files is None or self.files[0] is not files:
            self.files = (files, files_key(files))
        modules = repr(sorted(self.blocks.modules)) if self.blocks is not None else ""
        names = digest(list(self.inventory)) if self.inventory is not None else ""
        return (
            self.sources or "",
            self.files[1],
            page.file.src_uri,
            page.url,
            repr(page.meta),
            repr(page.title),
            digest([page.markdown or ""]),
            modules,
            names,
        )

    def render(
        self, page: Page, real: Callable[[MkDocsConfig, Files], None], config: Any, files: Files
    ) -> None:
        """Convert a page, or restore its remembered conversion.

        Args:
            page: The page.
            real: The page's own ``render``.
            config: The language's configuration.
            files: The site's files.
        """
        key = self.key(page, files)
        converted = page_store.get(key)
        if converted is not None and self._usable(converted, page, files):
            self._restore(converted, page, files)
            return
        self.page, self.calls, self.block_files = page, [], {}
        self.has_blocks = self.unkept = False
        try:
            with Watching() as logged:
                real(config, files)
        finally:
            self.page = None
        if logged.seen or self.unkept or page.content is None or page.present_anchor_ids is None:
            return
        links = page.links_to_anchors
        page_store.put(
            key,
            Converted(
                content=page.content,
                toc=copy.deepcopy(page.toc),
                anchors=frozenset(page.present_anchor_ids),
                links=None
                if links is None
                else tuple(
                    (file.src_uri, tuple(sorted(anchors.items())))
                    for file, anchors in links.items()
                ),
                title=page.title,
                calls=tuple(self.calls),
                code=self.blocks.code if self.has_blocks and self.blocks is not None else None,
                files=tuple(sorted(self.block_files.items())),
            ),
        )

    def _usable(self, converted: Converted, page: Page, files: Files) -> bool:
        """Tell whether a remembered conversion can be restored into this build's page."""
        if any(files.get_file_from_path(uri) is None for uri, _ in converted.links or ()):
            return False
        kinds = {kind for kind, _, _ in converted.calls}
        if kinds & {"anchor", "url"} and self.autorefs is None:
            return False
        if "inventory" in kinds and self.inventory is None:
            return False
        if converted.code is None:
            return not kinds & {"block", "aliases"}
        blocks = self.blocks
        return (
            blocks is not None
            and converted.code == blocks.code
            and blocks.digests.unchanged(converted.files)
        )

    def _restore(self, converted: Converted, page: Page, files: Files) -> None:
        """Set what ``render`` sets and replay what the conversion told other plugins."""
        page.content = converted.content
        page.toc = copy.deepcopy(converted.toc)
        page.present_anchor_ids = set(converted.anchors)
        if converted.links is not None:
            page.links_to_anchors = {}
            for uri, anchors in converted.links:
                linked = files.get_file_from_path(uri)
                assert linked is not None  # checked by _usable
                page.links_to_anchors[linked] = dict(anchors)
        if page.title != converted.title:  # MkDocs' title from the first heading
            page.title = converted.title
        for kind, recorded, recorded_kwargs in converted.calls:
            args = [_copied(arg) for arg in recorded]
            named = {name: _copied(arg) for name, arg in recorded_kwargs}
            if kind == "anchor":
                self.autorefs.register_anchor(page, *args, **named)
            elif kind == "url":
                self.autorefs.register_url(*args, **named)
            elif kind == "inventory":
                self.inventory.register(*args, **named)
            elif kind == "block" and self.blocks is not None:
                self.blocks.skip(*args, **named)
            elif kind == "aliases" and self.blocks is not None:
                self.blocks.get_aliases(*args, **named)

    # --- what the conversion tells others, recorded -------------------------------------------

    def _record(self, kind: str, real: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Any:
        """Record a call made while a page is converted, and make it."""
        if self.page is not None:
            self.calls.append(_call_args(kind, args, kwargs))
        return real(*args, **kwargs)

    def _register_anchor(
        self, real: Callable[..., Any], /, page: Any, *args: Any, **kwargs: Any
    ) -> Any:
        """Record an anchor registered for the page being converted, and register it."""
        if self.page is not None:
            if page is self.page:
                self.calls.append(_call_args("anchor", args, kwargs))
            else:
                self.unkept = True
        return real(page, *args, **kwargs)

    def collected(self, identifier: str, options: Any) -> None:
        """Record an outer block collected (`BlockListener`).

        Args:
            identifier: The object's path.
            options: The block's options.
        """
        if self.page is not None:
            self.has_blocks = True
            self.calls.append(_call_args("block", (identifier, options), {}))

    def rendered(self, files: tuple[tuple[str, str], ...] | None) -> None:
        """Note the source files an outer block shows (`BlockListener`).

        Args:
            files: The files with their digests; None when the block is not remembered.
        """
        if self.page is None:
            return
        if files is None:
            self.unkept = True
        else:
            self.block_files.update(files)

    def aliased(self, identifier: str) -> None:
        """Record the aliases of an object asked for (`BlockListener`).

        Args:
            identifier: The object's path.
        """
        if self.page is not None:
            self.calls.append(_call_args("aliases", (identifier,), {}))

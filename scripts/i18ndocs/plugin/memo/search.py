"""The search index's memo: Material's search entries per page, wrapped (`SearchMemo`).

Indexing parses each page's HTML, a large share of a build that is the same from one build
to the next for every unchanged page. The entries each page adds are keyed by everything
the indexer reads from the page, the search plugin's settings and dictionaries, and the
versions of the indexer. They are kept in the cache folder for every build, and in this
process too while serving. A page not kept is split into sections by
`i18ndocs.plugin.searchsections` when it can, by Material's parser otherwise; Material makes
the entries from the sections either way.
"""

from __future__ import annotations

import copy
import pickle
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from mkdocs.structure.pages import Page

from i18ndocs.plugin.memo.store import Store
from i18ndocs.plugin.searchsections import page_sections
from i18ndocs.project.cachefiles import digest, package_versions, write_atomically
from i18ndocs.project.resources import pipeline_digest

entry_store: Store[str, list[dict[str, Any]]] = Store()
"""The search entries remembered in a warm build process, by key."""

INDEXER = ("mkdocs-material", "jieba")
"""The packages whose versions the entries depend on."""


def settings_key(config: Any) -> str:
    """Hash what a search plugin's entries depend on besides the page.

    Args:
        config: The search plugin's settings, after its ``on_config``.

    Returns:
        A digest of the settings, the dictionaries' text, the indexer's versions and the
        pipeline's code (which splits pages into sections for it).
    """
    parts: list[str | bytes] = [repr(dict(config))]
    for dictionary in (config.jieba_dict, config.jieba_dict_user):
        try:
            parts.append(Path(dictionary).read_bytes() if dictionary else b"")
        except OSError:
            parts.append(str(dictionary))
    parts += [package_versions(*INDEXER), pipeline_digest()]
    return digest(parts)


class SearchMemo:
    """Remembers the search entries each page adds (see the module).

    Args:
        index: Material's search index of the build; its ``add_entry_from_context`` is
            wrapped on the instance.
        settings_key: What the entries depend on besides the page (`settings_key`).
        folder: The cache folder's folder of search entries.
        in_memory: Also remember entries in this process (a warm build process).
    """

    def __init__(self, index: Any, settings_key: str, folder: Path, in_memory: bool) -> None:
        self.index = index
        self.settings_key = settings_key
        self.folder = folder
        self.in_memory = in_memory
        self.real_add: Callable[[Page], None] = index.add_entry_from_context
        index.add_entry_from_context = self.add

    def add(self, page: Page) -> None:
        """Index a page, or add the entries remembered for the same page.

        Args:
            page: The page, its HTML final.
        """
        meta = {name: page.meta.get(name) for name in ("search", "tags", "title")}
        key = digest(
            [
                self.settings_key,
                page.url,
                str(page.title),
                repr(meta),
                _toc_key(page.toc),
                page.content or "",
            ]
        )
        entries = entry_store.get(key) if self.in_memory else None
        if entries is None:
            entries = self._read(key)
        if entries is None:
            start = len(self.index.entries)
            self._index(page)
            entries = copy.deepcopy(self.index.entries[start:])
            self._write(key, entries)
        else:
            self.index.entries.extend(copy.deepcopy(entries))
        if self.in_memory:
            entry_store.put(key, entries)

    def _index(self, page: Page) -> None:
        """Index a page as Material's search does, its sections split by `page_sections`.

        A page whose HTML `page_sections` does not read, or whose ``search`` metadata is
        not a mapping, is indexed by Material itself (which stops on what it cannot read).
        """
        search = page.meta.get("search") or {}
        content = page.content
        sections = None
        if isinstance(search, dict) and isinstance(content, str):
            sections = page_sections(content)
        if sections is None:
            self.real_add(page)
            return
        if search.get("exclude"):
            return
        for section in sections:
            if not section.excluded:
                self.index.create_entry_for_section(section, page.toc, page.url, page)

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / key

    def _read(self, key: str) -> list[dict[str, Any]] | None:
        """The entries kept on disk; None when missing or unreadable (the page is indexed)."""
        try:
            entries = pickle.loads(self._path(key).read_bytes())
        except Exception:  # missing or damaged: indexed again, as a miss
            return None
        return entries if isinstance(entries, list) else None

    def _write(self, key: str, entries: list[dict[str, Any]]) -> None:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, pickle.dumps(entries))


def _toc_key(items: Iterable[Any]) -> str:
    """Describe a table of contents: what the indexer looks sections up by."""
    return repr([(item.id, item.url, item.title, _toc_key(item.children)) for item in items])

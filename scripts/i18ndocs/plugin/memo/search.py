"""The search index's memo: Material's search entries per page, wrapped (`SearchMemo`).

The entries each page adds are keyed by everything the indexer reads from the page and
the search plugin's settings.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable
from typing import Any

from mkdocs.structure.pages import Page

from i18ndocs.plugin.memo.store import Store, digest

entry_store: Store[tuple[str, ...], list[dict[str, Any]]] = Store()
"""The search entries remembered, by page."""


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
            digest([page.content or ""]),
        )
        entries = entry_store.get(key)
        if entries is None:
            start = len(self.index.entries)
            self.real_add(page)
            entries = copy.deepcopy(self.index.entries[start:])
            entry_store.put(key, entries)
            return
        self.index.entries.extend(copy.deepcopy(entries))


def _toc_key(items: Iterable[Any]) -> str:
    """Describe a table of contents: what the indexer looks sections up by."""
    return repr([(item.id, item.url, item.title, _toc_key(item.children)) for item in items])

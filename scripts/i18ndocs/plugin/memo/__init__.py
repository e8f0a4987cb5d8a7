"""Work remembered from one build to the next.

Every build's ``on_pre_build`` (`equip`) wraps Material's search index (`SearchMemo`): the
entries each page adds are kept in the cache folder. `i18ndocs.builder.warm` keeps one
process per language while serving and calls `enable` in it; full builds never do. In a warm
process, `equip` also wraps, on that build's own instances:

* ``blocks``: mkdocstrings' Python handler (`HandlerMemo`): the HTML of each ``:::`` block,
  keyed by the object, its options, the language and the source files it shows;
* ``search``: the search index's entries, kept in the process as well;
* ``theme``: the theme's files (`ThemeMemo`): an installed theme's folder listed once;
* ``pages``: MkDocs' conversion of each page's Markdown (`PageMemo`), keyed by everything
  it reads, with what it told other plugins replayed.

``store`` holds what they share: the `Store` (entries used by a build are kept for the
next one, the others dropped, so the memory holds about one build's worth) and the digests
keys are made of; ``watching`` tells whether work logged anything (such work is not
remembered, so it logs again). The stores are process-wide on purpose: they must outlive
the plugin instances, which MkDocs creates anew for each build.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from mkdocs.config.defaults import MkDocsConfig

from i18ndocs.plugin.memo import blocks, pages, search
from i18ndocs.plugin.memo.blocks import HandlerMemo
from i18ndocs.plugin.memo.pages import PageMemo, sources_key
from i18ndocs.plugin.memo.search import SearchMemo
from i18ndocs.plugin.memo.store import language_key
from i18ndocs.plugin.memo.theme import ThemeMemo
from i18ndocs.project.resources import pipeline_folder
from i18ndocs.project.settings import Settings

_enabled = False


def enable() -> None:
    """Remember work across this process's builds (`i18ndocs.builder.warm` only)."""
    global _enabled
    _enabled = True


def equip(
    config: MkDocsConfig, settings: Settings, code: str, code_shape: Callable[[], str]
) -> PageMemo | None:
    """Wrap this build's search index; and its mkdocstrings handler and theme, if enabled.

    Args:
        config: The language's configuration, its plugins configured.
        settings: The project's settings.
        code: The language being built.
        code_shape: Gives `i18ndocs.plugin.memo.store.code_shape_key` of the build.

    Returns:
        The build's page memo, for the plugin to hand it each page (`PageMemo.wrap`);
        None when memos are not enabled.
    """
    from material.plugins.search.plugin import SearchPlugin  # type: ignore[import-untyped]

    for plugin in config.plugins.values():
        if isinstance(plugin, SearchPlugin) and plugin.config.enabled:
            key = search.settings_key(plugin.config)
            SearchMemo(plugin.search_index, key, settings.cache_dir / "search", _enabled)
    if not _enabled:
        return None
    from mkdocs_autorefs import AutorefsPlugin

    stores = (blocks.block_store, blocks.alias_store, search.entry_store, pages.page_store)
    for store in stores:
        store.next_build()
    language = language_key(settings, code)
    pipeline = pipeline_folder()
    ThemeMemo(
        config.theme,
        lambda folder: (
            not folder.is_relative_to(settings.root) and not folder.is_relative_to(pipeline)
        ),
    )
    handler_memo = inventory = None
    if "mkdocstrings" in config.plugins:
        mkdocstrings: Any = config.plugins["mkdocstrings"]
        handler = mkdocstrings.get_handler("python")
        handler_memo = HandlerMemo(handler, language, code_shape())
        inventory = mkdocstrings.handlers.inventory
    autorefs = [plugin for plugin in config.plugins.values() if isinstance(plugin, AutorefsPlugin)]
    # Blocks of another handler, or anchors registered with a second autorefs, would go
    # unrecorded: such a build remembers no page.
    other_handlers = "mkdocstrings" in config.plugins and (
        mkdocstrings.config.default_handler != "python"
        or set(mkdocstrings.config.handlers or {}) - {"python"}
    )
    pages_key = sources_key(config, settings, language)
    return PageMemo(
        None if len(autorefs) > 1 or other_handlers else pages_key,
        autorefs[0] if autorefs else None,
        inventory,
        handler_memo,
    )

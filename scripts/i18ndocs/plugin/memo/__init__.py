"""Work remembered from one build to the next in a warm build process (``serve`` only).

`i18ndocs.builder.warm` keeps one process per language while serving and calls `enable` in
it; full builds never do, so they stay as they are. In a warm process, each build's
``on_pre_build`` (`equip`) wraps, on that build's own instances:

* ``blocks``: mkdocstrings' Python handler (`HandlerMemo`): the HTML of each ``:::`` block,
  keyed by the object, its options, the language and the source files it shows;
* ``search``: Material's search index (`SearchMemo`): the entries each page adds;
* ``theme``: the theme's files (`ThemeMemo`): an installed theme's folder listed once.

``store`` holds what they share: the `Store` (entries used by a build are kept for the
next one, the others dropped, so the memory holds about one build's worth) and the digests
keys are made of; ``watching`` tells whether work logged anything (such work is not
remembered, so it logs again). The stores are process-wide on purpose: they must outlive
the plugin instances, which MkDocs creates anew for each build.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig

from i18ndocs.plugin.memo import blocks, search
from i18ndocs.plugin.memo.blocks import HandlerMemo
from i18ndocs.plugin.memo.search import SearchMemo
from i18ndocs.plugin.memo.store import code_key, digest, language_key
from i18ndocs.plugin.memo.theme import ThemeMemo
from i18ndocs.project.resources import pipeline_folder
from i18ndocs.project.settings import Settings

_enabled = False


def enable() -> None:
    """Remember work across this process's builds (`i18ndocs.builder.warm` only)."""
    global _enabled
    _enabled = True


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

    for store in (blocks.block_store, blocks.alias_store, search.entry_store):
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
            SearchMemo(plugin.search_index, digest([repr(dict(plugin.config)), words]))

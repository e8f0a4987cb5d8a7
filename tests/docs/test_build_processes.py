"""How language builds start: forked from a server that already imported the heavy modules.

The fork server imports `i18ndocs.builder.preload` once per run; each language's process is forked
from it. If the server cannot import the pipeline, multiprocessing ignores the error and every
process imports MkDocs itself, which costs about a second of CPU per language; these tests
catch that, and keep jieba's dictionary (needed only by the Chinese search index) out of it.
"""

from __future__ import annotations

import sys

import pytest

from i18ndocs.builder.site import process_context

pytestmark = pytest.mark.docs

PRELOADED = (
    "i18ndocs.builder.preload",
    "mkdocs.commands.build",
    "material.plugins.search.plugin",
    "mkdocstrings_handlers.python",
    "pymdownx.superfences",
)


def modules_at_start() -> dict[str, bool]:
    """Run in a worker: which modules it has, and whether jieba's dictionary is loaded."""
    jieba = sys.modules.get("jieba")
    loaded = bool(jieba is not None and jieba.dt.initialized)
    return {**{name: name in sys.modules for name in PRELOADED}, "jieba dictionary": loaded}


def test_a_worker_starts_with_mkdocs_imported_and_no_dictionary_loaded() -> None:
    context = process_context()
    assert context.get_start_method() == "forkserver"
    with context.Pool(1) as pool:
        found = pool.apply(modules_at_start)
    assert found == {**dict.fromkeys(PRELOADED, True), "jieba dictionary": False}

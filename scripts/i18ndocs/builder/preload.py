"""Work shared by every language's build, done once in the fork server before it forks them.

`i18ndocs.builder.site` starts language builds from a fork server that imports this module:
importing it loads the builder, MkDocs, Material, mkdocstrings and Markdown's extensions, the
pipeline's plugin, Babel's catalog reader and the Python highlighter every source listing uses,
so each build process is forked with them already imported (the highlighter's rules compiled)
instead of importing them itself.
jieba's dictionary is not loaded here: only a build that indexes Chinese text needs it, and
Material's search loads it there on first use. Unlike the rest of the package, importing this
module is meant to do work: that is its job.

The collector is off while it imports (none of that is garbage), and what was imported is then
frozen out of its reach (`gc.freeze`): each build's full collections no longer walk every
object of MkDocs and its plugins, and no longer write to (and so copy) the memory the
processes share with the server. It saved about half a second of CPU in a cold build of
three languages.
"""

# ruff: noqa: E402  (the collector is turned off before the imports)
from __future__ import annotations

import gc
import os

gc.disable()
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # Material's end-of-life notice

import babel.messages.pofile  # noqa: F401
import material.plugins.search.plugin  # type: ignore[import-untyped]  # noqa: F401
import mkdocs.commands.build
import mkdocs.config.defaults  # noqa: F401
import mkdocstrings  # noqa: F401
import mkdocstrings_handlers.python  # noqa: F401
import pygments.formatters.html  # type: ignore[import-untyped]
import pygments.lexers.python  # type: ignore[import-untyped]
import pygments.styles.default  # type: ignore[import-untyped]
import pymdownx.highlight  # type: ignore[import-untyped]
import pymdownx.superfences  # type: ignore[import-untyped]  # noqa: F401

import i18ndocs.builder.site
import i18ndocs.plugin.plugin  # noqa: F401

pygments.lexers.python.PythonLexer()  # compiles its rules, which Pygments does on first use

gc.freeze()
gc.enable()

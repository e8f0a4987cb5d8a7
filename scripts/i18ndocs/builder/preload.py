"""Work shared by every language's build, done once in the fork server before it forks them.

`i18ndocs.builder.site` starts language builds from a fork server that imports this module first:
importing it loads MkDocs, Material, mkdocstrings and Markdown's extensions, so each build
process is forked with them already imported instead of importing them itself. jieba's
dictionary is not loaded here: only a build that indexes Chinese text needs it, and Material's
search loads it there on first use. Unlike the rest of the package, importing this module is
meant to do work: that is its job.
"""

from __future__ import annotations

import os

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # Material's end-of-life notice

import material.plugins.search.plugin  # type: ignore[import-untyped]  # noqa: F401
import mkdocs.commands.build
import mkdocs.config.defaults  # noqa: F401
import mkdocstrings  # noqa: F401
import mkdocstrings_handlers.python  # noqa: F401
import pymdownx.highlight  # type: ignore[import-untyped]
import pymdownx.superfences  # type: ignore[import-untyped]  # noqa: F401

"""The API reference as mkdocstrings renders it: griffe extensions and caches for the handler.

* ``translation``: the griffe extension translating docstring units, marking those in English;
* ``fields``: the tokens standing in for docstring texts while blocks render once for all
  languages, and each token's text in the language being built;
* ``attributes``: the griffe extension completing attributes (properties' source, types);
* ``listings``: the disk cache of highlighted source listings;
* ``signatures``: the disk cache of signatures formatted by ``ruff format``;
* ``shape``: the documented code without its docstrings, which kept blocks are keyed by.

It may import: project, pages, catalogs.
"""

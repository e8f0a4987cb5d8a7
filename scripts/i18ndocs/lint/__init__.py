"""The translation lint: what a machine can check in a translation against its English.

* ``checks``: the checks of a translated page and of a catalog (`lint_page`, `lint_po`);
* ``glossary``: the per-language glossaries (``glossary/<code>.yml``) the checks apply;
* ``findings``: which translations to check in a project, and their findings
  (``docs.py lint``, and ``docs.py status --check`` for the up-to-date ones).

It may import: project, pages, status (a page's translation state).
"""

"""The translation lint: what a machine can check in a translation against its English.

* ``checks``: the checks of a translated page and of a catalog (`lint_page`, `lint_po`);
* ``blocks``: a page split into the blocks the checks align with the English page's;
* ``units``: the check of one text unit (`check_unit`): code, links, images, glossary;
* ``model``: the findings and their kinds, and the comments that allow them;
* ``glossary``: the per-language glossaries (``glossary/<code>.yml``) the checks apply;
* ``suggestions``: for a unit to translate, the closest reviewed translations (translation
  memory) and the glossary's choice for its terms (``catalog update``, ``suggest``, ``accept``;
  `suggestions_for` for one unit);
* ``findings``: which translations to check in a project, and their findings
  (``docs.py lint``, and ``docs.py status --check`` for the up-to-date ones).

It may import: project, pages, catalogs (the suggestions' memory), status (a page's
translation state).
"""

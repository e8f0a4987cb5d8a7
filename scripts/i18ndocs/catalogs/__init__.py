"""The gettext catalogs: what is translatable, and the ``.pot``/``.po``/``.mo`` files.

* ``docunits``: the translatable units of the documented package's docstrings (via griffe);
* ``sitetext``: the words the site shows (`N_`, `NP_`), the compiled ``site`` catalog;
* ``extract``: the ``docstrings`` and ``site`` templates, from the code and ``mkdocs.yml``;
* ``po``: catalog files read, written, merged from a template (fuzzy matching) and checked.

It may import: project, pages.
"""

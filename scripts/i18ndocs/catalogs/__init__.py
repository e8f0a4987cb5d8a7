"""The gettext catalogs: what is translatable, and the ``.pot``/``.po``/``.mo`` files.

* ``docunits``: the translatable units of a docstring, in any style griffe parses;
* ``docscope``: which docstrings the pages render (the handler's member options), their units;
* ``sitetext``: the words the site shows (`N_`, `NP_`), the compiled ``site`` catalog;
* ``extract``: the ``docstrings`` and ``site`` templates, from the code and ``mkdocs.yml``;
* ``po``: catalog files read, written, merged from a template (fuzzy matching) and checked.

It may import: project, pages.
"""

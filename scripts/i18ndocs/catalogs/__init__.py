"""The gettext catalogs: what is translatable, and the ``.pot``/``.po``/``.mo`` files.

* ``docunits``: the translatable units of a docstring, in any style griffe parses;
* ``docscope``: which docstrings the pages render (the handler's member options), their units;
* ``shipped``: the catalogs of the pipeline's own words it ships (``locale/``), per language;
* ``sitetext``: the words the site shows (`N_`, `NP_`), looked up in the project's ``site``
  catalog, then the shipped one, then English;
* ``extract``: the ``docstrings`` and ``site`` templates, from the code and ``mkdocs.yml``,
  and the shipped template of the pipeline's words;
* ``po``: catalog files read, written, merged from a template (fuzzy matching) and checked.

It may import: project, pages.
"""

"""The commands of ``scripts/docs.py`` beyond ``build`` and ``serve``, a module per command group.

* ``status``: ``status`` (a table or JSON; ``--check``) and ``mark-updated``;
* ``lint``: ``lint``: prints the findings of `i18ndocs.lint.findings`;
* ``catalog``: ``catalog extract``, ``update`` and ``compile``;
* ``new_lang``: ``new-lang``: declares a language, starts its folder and catalogs;
* ``project``: the project a command works on, and its settings, read once per command.

``docs.py`` registers each module's commands (``new_lang`` it calls directly).
It may import every package below it; today it uses project, catalogs, status and lint.
"""

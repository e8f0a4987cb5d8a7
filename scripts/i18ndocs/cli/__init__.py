"""The command line: a module per command group, assembled into one application by ``app``.

* ``app``: the one typer application and `main`, which ``scripts/docs.py`` runs;
* ``site``: ``build`` and ``serve``;
* ``status``: ``status`` (a table or JSON; ``--check``) and ``mark-updated``;
* ``lint``: ``lint``: prints the findings of `i18ndocs.lint.findings`;
* ``catalog``: ``catalog extract``, ``update`` and ``compile``;
* ``init``: ``init``: makes a plain MkDocs project a multi-language one;
* ``new_lang``: ``new-lang``: declares a language, starts its folder, catalogs and guide;
* ``guide``: the translators' guide the pipeline ships, rendered for a project;
* ``project``: the project a command works on, and its settings, read once per command.

Each module registers its commands on ``app``'s application.
It may import every package below it.
"""

from __future__ import annotations


def main() -> None:
    """Run the command line (the ``i18ndocs`` command), the builds' fork server started first.

    Builds fork their language processes from a server that imports MkDocs; started before
    the command line is imported (`i18ndocs.builder.forkserver.start_early`), its imports
    and the command line's run side by side.
    """
    import sys

    from i18ndocs.builder.forkserver import start_early

    start_early(sys.argv)
    from i18ndocs.cli.app import main as run

    run()

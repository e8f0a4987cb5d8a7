"""The project a command works on, and its settings, read once per command.

``--root`` names the project; else the current folder when it has an ``mkdocs.yml``; else the
project the entry point was started for (``scripts/docs.py`` passes the one around it, as
the command line context's ``obj``).
"""

from __future__ import annotations

from pathlib import Path

import typer

from i18ndocs.project.errors import DocsError
from i18ndocs.project.languages import project_root
from i18ndocs.project.settings import Settings, load_settings


def chosen_root(context: typer.Context, explicit: Path | None = None) -> Path:
    """Return the folder holding the ``mkdocs.yml`` a command works on.

    Args:
        context: The command's context.
        explicit: The command's ``--root``, if given.

    Returns:
        ``--root``; else the current folder when it has a configuration; else the project
        the entry point was started for (the current folder when there is none).
    """
    if explicit is not None:
        return explicit
    chosen = context.find_root().obj
    return project_root(chosen if isinstance(chosen, Path) else Path.cwd())


def settings_or_exit(root: Path) -> Settings:
    """Read a project's settings, or print the problem and exit with status 2.

    Args:
        root: The folder holding ``mkdocs.yml``.

    Returns:
        The settings.
    """
    try:
        return load_settings(root)
    except DocsError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(2) from None

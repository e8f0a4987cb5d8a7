"""The command line: every command of the pipeline, one typer application.

    docs.py build [--lang es]... [--strict]       docs.py status [--check]
    docs.py serve [--dev-addr 127.0.0.1:8000]     docs.py mark-updated docs/es/index.md
    docs.py new-lang fr                           docs.py lint [docs/es/index.md]...
    docs.py catalog extract|update|compile        i18ndocs init (a plain MkDocs project)
    docs.py build --lang es --shard shards/es     docs.py assemble shards/*

Each command group is a module of this package; `main` runs the application for a project.
"""

from __future__ import annotations

import signal
from pathlib import Path

import typer

from i18ndocs.cli import catalog, init, lint, new_lang, site, status

app = typer.Typer(
    help="Build, serve and translate the multi-language documentation site of mkdocs.yml.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode="markdown",
)
init.register(app)
status.register(app)
lint.register(app)
site.register(app)
new_lang.register(app)
catalog.register(app)


def _stop_on_sigterm(signum: int, frame: object) -> None:
    """Turn SIGTERM into an exit that runs clean-up: worker processes and staging folders."""
    raise SystemExit(128 + signum)


def main(default_root: Path | None = None) -> None:
    """Run the command line.

    Args:
        default_root: The project to work on when the current folder has no ``mkdocs.yml``
            and no ``--root`` is given (`i18ndocs.cli.project.chosen_root`).
    """
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    app(obj=default_root)

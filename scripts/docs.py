"""The command line of a multi-language documentation site (configured in mkdocs.yml).

    python scripts/docs.py build [--lang es]... [--strict]
    python scripts/docs.py serve [--lang es]... [--dev-addr 127.0.0.1:8000]
    python scripts/docs.py new-lang fr
    python scripts/docs.py status
    python scripts/docs.py mark-updated es guide/websockets.md
    python scripts/docs.py lint [docs/es/index.md]...

Every problem is printed as one line naming its file (and line when known).
"""

from __future__ import annotations

import signal
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, NoReturn

SCRIPTS = Path(__file__).resolve().parent
try:
    import typer
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from i18ndocs.build.site import LanguageResult, SiteResult, build_site
    from i18ndocs.cli import catalog as catalog_cli
    from i18ndocs.cli import lint as lint_cli
    from i18ndocs.cli import status as status_cli
    from i18ndocs.project.errors import ERROR, DocsError, Problem
    from i18ndocs.project.languages import project_root, select_languages
    from i18ndocs.project.settings import load_settings
except ModuleNotFoundError as missing:  # run outside the environment that has the pipeline
    sys.exit(
        f"error: {missing.name} is not installed; install the pipeline first: "
        f"pip install -e {SCRIPTS} (python3 scripts/dev.py does it for this project)"
    )

# The project: the current folder when it has an mkdocs.yml, else the one around scripts/.
ROOT = project_root(SCRIPTS.parent)

app = typer.Typer(
    help="Build, serve and translate the multi-language documentation site of mkdocs.yml.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode="markdown",
)
status_cli.register(app)
lint_cli.register(app)
catalog_cli.register(app)
console = Console(highlight=False)
errors = Console(stderr=True, highlight=False)

LangOption = Annotated[
    list[str] | None,
    typer.Option("--lang", "-l", help="A language to build (repeatable); default: all."),
]
SiteDirOption = Annotated[
    Path, typer.Option("--site-dir", help="The folder the site is assembled into.")
]
SiteUrlOption = Annotated[
    str | None,
    typer.Option(
        "--site-url",
        help="The root URL the site is served from (the language selector and sitemaps "
        "need it); default: mkdocs.yml's site_url without its /en/.",
    ),
]


def _report(problem: Problem) -> None:
    """Print one problem as one line, errors in red and warnings in yellow."""
    style = "red" if problem.level == ERROR else "yellow"
    errors.print(str(problem), style=style, markup=False, soft_wrap=True)


def _fail(error: DocsError) -> NoReturn:
    """Print a pipeline error and exit with status 1."""
    _report(error.problem)
    raise typer.Exit(1)


def _build(codes: list[str], strict: bool, site_dir: Path, site_url: str | None) -> SiteResult:
    """Build with a progress display, printing each language's problems as it finishes."""
    try:
        settings = load_settings(ROOT)
        languages = select_languages(list(settings.languages), codes)
    except DocsError as error:
        _fail(error)
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as progress:
        tasks = {
            language.code: progress.add_task(f"building {language.name} ({language.code})")
            for language in languages
        }

        def finished(result: LanguageResult) -> None:
            progress.remove_task(tasks[result.code])
            for problem in result.problems:
                _report(problem)
            mark = "[green]ok[/]" if result.ok else "[red]failed[/]"
            progress.console.print(f"{result.code}: {mark} in {result.seconds:.1f}s")

        try:
            result = build_site(
                settings, site_dir, codes, site_url=site_url, strict=strict, on_result=finished
            )
        except DocsError as error:
            _fail(error)
    return result


@app.command()
def build(
    lang: LangOption = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Fail on any warning (broken links, orphans, ...).")
    ] = False,
    site_dir: SiteDirOption = ROOT / "site",
    site_url: SiteUrlOption = None,
) -> None:
    """Build the site: every language in its own process, assembled atomically into site/.

    The previous site stays untouched unless every language builds. Languages not given
    with --lang are kept from the previous site.
    """
    result = _build(lang or [], strict, site_dir, site_url)
    if not result.ok:
        errors.print(f"build failed; {site_dir} was left as it was", style="red")
        raise typer.Exit(1)
    console.print(f"site built in {result.seconds:.1f}s: {site_dir}")


@app.command()
def serve(
    lang: LangOption = None,
    dev_addr: Annotated[
        str | None,
        typer.Option(
            "--dev-addr", "-a", metavar="IP:PORT", help="Where to serve, like mkdocs serve."
        ),
    ] = None,
    host: Annotated[str, typer.Option(help="The address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="The port to listen on.")] = 8000,
    site_dir: SiteDirOption = ROOT / "site",
) -> None:
    """Build the multi-language site and serve it, rebuilding on every change.

    The whole site (one folder per language, and / sending readers to their language) is
    served from site/ by MkDocs' live-reload server. Edits to the language folders,
    mkdocs.yml or what its watch settings name rebuild the languages they affect (an English
    page or the code: all of them, the one being read first; a translated page: its
    language), and open pages reload after each rebuild. Missing pages get the site's 404
    page. A failed build, or a broken mkdocs.yml, prints its problems and shows them in the
    browser until the next good save; languages added while serving are picked up. Changes
    to the pipeline's Python code need a restart; its templates are picked up like pages.
    """
    from i18ndocs.serve.live import LiveSite, parse_dev_addr

    if dev_addr is not None:
        try:
            host, port = parse_dev_addr(dev_addr)
        except ValueError as error:
            errors.print(str(error), style="red", markup=False)
            raise typer.Exit(2) from None
    try:
        load_settings(ROOT)  # a configuration broken from the start is one line and exit 1
    except DocsError as error:
        _fail(error)
    site_url = f"http://{host}:{port}/"

    def rebuild(codes: Sequence[str]) -> list[str]:
        try:
            result = _build(list(codes), False, site_dir, site_url)
        except typer.Exit:
            return ["the configuration is broken; see the terminal"]
        return [str(problem) for problem in result.problems if problem.level == ERROR] or (
            [] if result.ok else ["the build failed; see the terminal"]
        )

    server = LiveSite(
        ROOT, site_dir, rebuild, host, port, lang or [], report=lambda line: console.print(line)
    )
    server.follow_sources()
    server.build(lang or [])
    try:
        server.run()
    except KeyboardInterrupt:
        console.print("stopped")
    finally:
        server.shutdown()


@app.command("new-lang")
def new_lang(
    code: Annotated[str, typer.Argument(help="The language code, e.g. fr or pt-BR.")],
) -> None:
    """Add a language: validate its code with Babel, create its folder and declare it.

    The code is spelled the BCP 47 way (pt-BR, zh-Hant); another spelling of a declared
    language is refused. The language is appended to extra.i18n.languages in mkdocs.yml and
    gets its folder next to docs_dir with its gettext catalogs (CODE/catalogs/site.po and
    docstrings.po, nothing translated yet); the next
    build includes it, with every page shown in English under a "not translated yet" banner
    and every docstring unit marked as English.
    """
    from i18ndocs.cli.new_lang import add_language

    try:
        language, notes = add_language(ROOT, code)
    except DocsError as error:
        _fail(error)
    for note in notes:
        errors.print(f"note: {note}", style="yellow")
    console.print(f"added {language.name} ({language.code})")


def _stop_on_sigterm(signum: int, frame: object) -> None:
    """Turn SIGTERM into an exit that runs clean-up: worker processes and staging folders."""
    raise SystemExit(128 + signum)


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    app(obj=ROOT)  # the project the commands in i18ndocs.cli work on (i18ndocs.cli.project)

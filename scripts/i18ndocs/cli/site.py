"""The ``build``, ``assemble`` and ``serve`` commands: the whole site, every language, atomically.

``build --shard DIR`` builds languages into a shard folder instead of the site, and
``assemble`` joins shards built on several machines into the site (`i18ndocs.builder.shards`).

Every problem is printed as one line naming its file (and line when known), once however
many languages' builds found it: a language's own as it finishes, those of pages it shows
from the English files once every language is done (`SiteResult.problems`). With
``--strict``, a closing line says what griffe's docstring warnings did to the build and
which setting decides it.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from i18ndocs.builder.shards import assemble as assemble_shards
from i18ndocs.builder.shards import build_shard
from i18ndocs.builder.site import LanguageResult, SiteResult, build_site
from i18ndocs.cli.project import chosen_root
from i18ndocs.project.errors import DOCSTRING, ERROR, DocsError, Problem
from i18ndocs.project.languages import select_languages
from i18ndocs.project.settings import SECTION_PATH, Settings, load_settings
from i18ndocs.serve.warm_site import WarmSite

console = Console(highlight=False)
errors = Console(stderr=True, highlight=False)


def register(app: typer.Typer) -> None:
    """Add the ``build``, ``assemble`` and ``serve`` commands to a typer application.

    Args:
        app: The command line's application.
    """
    app.command()(build)
    app.command()(assemble)
    app.command()(serve)


LangOption = Annotated[
    list[str] | None,
    typer.Option("--lang", "-l", help="A language to build (repeatable); default: all."),
]
SiteDirOption = Annotated[
    Path | None,
    typer.Option("--site-dir", help="The folder the site is assembled into; default: site/."),
]
SiteUrlOption = Annotated[
    str | None,
    typer.Option(
        "--site-url",
        help="The root URL the site is served from (the language selector and sitemaps "
        "need it); default: mkdocs.yml's site_url without its /en/.",
    ),
]


ShardOption = Annotated[
    Path | None,
    typer.Option(
        "--shard",
        help="Build the languages into this shard folder instead of the site, for "
        "'assemble' to join with the other languages' shards.",
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


def docstring_note(result: SiteResult, settings: Settings, strict: bool) -> str | None:
    """Say what griffe's docstring warnings did to a ``--strict`` build, and what decides it.

    Args:
        result: The build's outcome.
        settings: The project's settings.
        strict: Whether the build was ``--strict``.

    Returns:
        One line, or None when the build was not strict or had no docstring warning.
    """
    count = sum(1 for problem in result.problems if problem.kind == DOCSTRING)
    if not strict or not count:
        return None
    key = f"{SECTION_PATH}.docstring_warnings"
    warnings = "docstring warning" if count == 1 else "docstring warnings"
    if settings.docstring_warnings == "fail":
        return (
            f"{count} {warnings} of the documented code failed --strict ({key}: fail): "
            "fix them at the lines shown, or set it to warn to report them without failing"
        )
    return (
        f"{count} {warnings} of the documented code did not fail --strict ({key}: warn); "
        "set it to fail to make them fail"
    )


def _build(
    root: Path,
    codes: list[str],
    strict: bool,
    site_dir: Path,
    site_url: str | None,
    shard: Path | None = None,
    warm: WarmSite | None = None,
) -> tuple[SiteResult, Settings]:
    """Build with a progress display, printing the problems as `build` says.

    The languages go into the site folder, or into the shard folder ``shard`` when given;
    ``serve`` passes its `WarmSite`, which builds in warm processes instead of new ones.
    """
    try:
        settings = load_settings(root)
        languages = select_languages(list(settings.languages), codes)
    except DocsError as error:
        _fail(error)
    printed: set[Problem] = set()
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
                if not problem.context and problem not in printed:
                    printed.add(problem)
                    _report(problem)
            mark = "[green]ok[/]" if result.ok else "[red]failed[/]"
            progress.console.print(f"{result.code}: {mark} in {result.seconds:.1f}s")

        try:
            if warm is not None:
                result = warm.rebuild(settings, site_dir, codes, on_result=finished)
            elif shard is None:
                result = build_site(
                    settings, site_dir, codes, site_url=site_url, strict=strict, on_result=finished
                )
            else:
                result = build_shard(
                    settings,
                    shard,
                    codes,
                    site_dir=site_dir,
                    site_url=site_url,
                    strict=strict,
                    on_result=finished,
                )
        except DocsError as error:
            _fail(error)
    for problem in result.problems:  # those of pages shown from another language's file
        if problem not in printed:
            _report(problem)
    return result, settings


def build(
    context: typer.Context,
    lang: LangOption = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Fail on any warning (broken links, orphans, ...).")
    ] = False,
    site_dir: SiteDirOption = None,
    site_url: SiteUrlOption = None,
    shard: ShardOption = None,
) -> None:
    """Build the site: every language in its own process, assembled atomically into site/.

    The previous site stays untouched unless every language builds. Languages not given
    with --lang are kept from the previous site. With --shard, the languages go into a
    shard folder instead (replaced as atomically), which 'assemble' joins with the other
    languages' shards into a site byte for byte like this command's.
    """
    root = chosen_root(context)
    site_dir = site_dir or root / "site"
    result, settings = _build(root, lang or [], strict, site_dir, site_url, shard)
    built = site_dir if shard is None else shard
    note = docstring_note(result, settings, strict)
    if note is not None:
        errors.print(note, style="yellow", markup=False, soft_wrap=True)
    if not result.ok:
        errors.print(f"build failed; {built} was left as it was", style="red")
        raise typer.Exit(1)
    what = "site" if shard is None else "shard"
    console.print(f"{what} built in {result.seconds:.1f}s: {built}")


def assemble(
    context: typer.Context,
    shards: Annotated[
        list[Path] | None,
        typer.Argument(help="The shard folders 'build --lang CODE --shard DIR' wrote."),
    ] = None,
    site_dir: SiteDirOption = None,
    site_url: SiteUrlOption = None,
) -> None:
    """Join shards built on several machines into the site, atomically.

    Every language mkdocs.yml declares must be in exactly one shard, and every shard built
    from the same configuration, packages and --site-url as this command's; the root files
    are then written as 'build' writes them, so the site is byte for byte the one 'build'
    makes on one machine. A failed assembly leaves the previous site as it was.
    """
    root = chosen_root(context)
    site_dir = site_dir or root / "site"
    start = time.perf_counter()
    try:
        settings = load_settings(root)
        assemble_shards(settings, shards or [], site_dir, site_url=site_url)
    except DocsError as error:
        _fail(error)
    console.print(f"site assembled in {time.perf_counter() - start:.1f}s: {site_dir}")


def serve(
    context: typer.Context,
    lang: LangOption = None,
    dev_addr: Annotated[
        str | None,
        typer.Option(
            "--dev-addr", "-a", metavar="IP:PORT", help="Where to serve, like mkdocs serve."
        ),
    ] = None,
    host: Annotated[str, typer.Option(help="The address to listen on.")] = "127.0.0.1",
    port: Annotated[
        int, typer.Option(help="The port to listen on.", envvar="I18NDOCS_PORT")
    ] = 8000,
    site_dir: SiteDirOption = None,
) -> None:
    """Build the multi-language site and serve it, rebuilding on every change.

    The whole site (one folder per language, and / sending readers to their language) is
    served from site/ by MkDocs' live-reload server. Edits to the language folders,
    mkdocs.yml or what its watch settings name rebuild the site, the language being read
    first (a translated page: its language first), and open pages reload after each
    rebuild. Missing pages get the site's 404 page. Each language builds in a process kept
    between builds, which reuses the reference blocks and search entries whose sources did
    not change. A failed build, or a broken mkdocs.yml, prints its problems and shows them
    in the browser until the next good save; languages added while serving are picked up.
    Changes to the pipeline's Python code need a restart; its templates are picked up like
    pages.
    """
    from i18ndocs.serve.live import LiveSite, listening_problem, parse_dev_addr

    root = chosen_root(context)
    site_dir = site_dir or root / "site"

    if dev_addr is not None:
        try:
            host, port = parse_dev_addr(dev_addr)
        except ValueError as error:
            errors.print(str(error), style="red", markup=False)
            raise typer.Exit(2) from None
    try:
        load_settings(root)  # a configuration broken from the start is one line and exit 1
    except DocsError as error:
        _fail(error)
    problem = listening_problem(host, port)
    if problem is not None:  # before the first build, not after it
        errors.print(problem, style="red", markup=False)
        raise typer.Exit(1)
    site_url = f"http://{host}:{port}/"
    warm = WarmSite(root, site_url)

    def rebuild(codes: Sequence[str]) -> list[str]:
        try:
            result, _ = _build(root, list(codes), False, site_dir, site_url, warm=warm)
        except typer.Exit:
            return ["the configuration is broken; see the terminal"]
        return [str(problem) for problem in result.problems if problem.level == ERROR] or (
            [] if result.ok else ["the build failed; see the terminal"]
        )

    server = LiveSite(
        root, site_dir, rebuild, host, port, lang or [], report=lambda line: console.print(line)
    )
    server.follow_sources()
    server.build(lang or [])
    try:
        server.run()
    except KeyboardInterrupt:
        console.print("stopped")
    finally:
        server.shutdown()
        warm.close()

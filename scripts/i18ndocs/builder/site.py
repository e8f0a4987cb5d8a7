"""Build every language in its own process and assemble the site atomically.

Each language is built by a separate process (MkDocs and its plugins keep global state, so
one build per interpreter is the safe unit) into a staging folder next to the site folder.
Only when every language succeeded does the staging folder replace the site: the old site is
renamed away, the new one renamed in, the old one deleted. A failed build leaves the previous
site exactly as it was.

The build may be split across machines instead (`i18ndocs.builder.shards`): languages built
into shards there are joined by `finish_site`, the end every build shares.

Layout: ``site/<code>/`` per language, ``site/index.html`` sending readers to the
language their browser prefers, with plain links as a fallback, and the root ``404.html``,
sitemap index and ``llms.txt`` (`i18ndocs.plugin.hosting`).
"""

from __future__ import annotations

import html
import json
import logging
import multiprocessing
import os
import shutil
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import partial
from multiprocessing.context import BaseContext
from pathlib import Path
from typing import TYPE_CHECKING

from i18ndocs.builder.forkserver import PRELOAD
from i18ndocs.builder.sitedir import check_site_dir
from i18ndocs.builder.staging import Staging, site_lock, staged
from i18ndocs.builder.workers import Job, run_all
from i18ndocs.catalogs.po import DOMAINS, kept_check
from i18ndocs.catalogs.sitetext import (
    LLMS_LANGUAGES,
    PALETTE_TOGGLES,
    PERMALINK_TITLE,
    catalog_path,
    translator,
)
from i18ndocs.plugin.hosting import LLMS_CONTEXT, add_root_404, add_root_llms_txt, link_sitemaps
from i18ndocs.project.errors import (
    ERROR,
    DocsError,
    PageSource,
    Problem,
    ProblemCollector,
    display_path,
)
from i18ndocs.project.language_config import (
    LanguageConfig,
    ToggleNames,
    language_config,
    load_language_config,
    site_root_url,
)
from i18ndocs.project.languages import (
    CONFIG_FILE,
    LANGUAGES_PATH,
    Language,
    declaration_line,
    select_languages,
)
from i18ndocs.project.pagesources import linked_pages, page_sources
from i18ndocs.project.required_pages import page_problems
from i18ndocs.project.settings import Settings, load_settings

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig


@dataclass(frozen=True)
class LanguageResult:
    """The outcome of one language's build.

    Attributes:
        code: The language built.
        ok: Whether the build produced a site (with ``--strict``, also: without warnings).
        seconds: How long the build took, in its own process.
        problems: The warnings and errors found, each naming its file.
    """

    code: str
    ok: bool
    seconds: float
    problems: tuple[Problem, ...]


@dataclass(frozen=True)
class SiteResult:
    """The outcome of a whole build.

    Attributes:
        site_dir: The site folder, replaced only when ``ok``.
        languages: One result per language built, in declaration order.
        seconds: The wall time of the whole build, assembly included.
    """

    site_dir: Path
    languages: tuple[LanguageResult, ...]
    seconds: float

    @property
    def ok(self) -> bool:
        """Whether every language built and the site was replaced."""
        return all(result.ok for result in self.languages)

    @property
    def problems(self) -> list[Problem]:
        """Every language's problems, in declaration order, each once.

        A problem of the sources every language shares (a docstring, ``mkdocs.yml``) is
        found by each language's build alike; it is listed once. So is a problem of an
        English page that languages show untranslated: when the English build reports it,
        their reports of the same line (with their `Problem.context`) are left out.
        """
        every = list(dict.fromkeys(p for result in self.languages for p in result.problems))
        plain = {problem for problem in every if not problem.context}
        return [p for p in every if not p.context or replace(p, context="") not in plain]


def build_language(
    root: Path, code: str, out_dir: Path, site_url: str | None = None, strict: bool = False
) -> LanguageResult:
    """Build one language's site with MkDocs, in the current process.

    Problems are collected from MkDocs' logging instead of printed; exceptions become
    problems too, so the caller always gets a result, never a traceback.

    Args:
        root: The repository root holding ``mkdocs.yml`` and ``docs/``.
        code: The language to build.
        out_dir: Where the language's HTML goes (emptied first).
        site_url: The root URL the whole site is served from; defaults to ``mkdocs.yml``'s.
        strict: Whether warnings fail the build.

    Returns:
        The language's result.
    """
    # Material prints an end-of-life notice when imported unless this is set.
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.commands.build import build
    from mkdocs.exceptions import Abort, MkDocsException

    start = time.perf_counter()
    folders: list[Path] = []  # the language's pages, then the English ones it falls back to
    sources: list[Callable[[str], PageSource]] = []  # once the settings are read

    def resolve(page: str) -> PageSource:
        return sources[0](page) if sources else PageSource(Path(page))

    config_shown = display_path(root / CONFIG_FILE)
    collector = ProblemCollector(resolve, config_shown, folders)
    mkdocs_logger = logging.getLogger("mkdocs")
    saved_propagate, saved_level = mkdocs_logger.propagate, mkdocs_logger.level
    mkdocs_logger.addHandler(collector)
    mkdocs_logger.propagate = False
    mkdocs_logger.setLevel(logging.INFO)
    ok = True
    try:
        settings = load_settings(root)
        _require_folder(settings, code, config_shown)
        folders += [settings.language_dir(code), settings.language_dir(settings.source.code)]
        sources.append(page_sources(settings, code))
        collector.code_paths = settings.search_paths
        collector.linked_pages = linked_pages(settings)
        for problem in catalog_problems(settings.docs_root, code, settings.cache_dir):
            collector.add(problem)
        if code == settings.source.code:  # once per build: the pages are the source's
            for problem in page_problems(settings, guide=False):
                collector.add(problem)
        config = configure_language(settings, code, out_dir, site_url=site_url, strict=strict)
        logging.getLogger("jieba").setLevel(logging.WARNING)  # its own handler prints INFO
        # Errors so far (an unsafe catalog) stop the build; warnings (an unknown option) do
        # not: --strict makes MkDocs' loading refuse them already.
        if not any(problem.level == ERROR for problem in collector.problems):
            build(config)
    except DocsError as error:
        collector.add(error.problem)
        ok = False
    except Abort:
        ok = False  # strict mode: the warnings that caused it are already collected
    except (MkDocsException, OSError, ValueError) as error:
        if not collector.problems:  # otherwise the logged problems already say what failed
            collector.add(Problem(config_shown, None, f"{code}: {error}", ERROR))
        ok = False
    finally:
        mkdocs_logger.removeHandler(collector)
        mkdocs_logger.propagate = saved_propagate
        mkdocs_logger.setLevel(saved_level)
    ok = ok and not any(problem.level == ERROR for problem in collector.problems)
    return LanguageResult(code, ok, time.perf_counter() - start, tuple(collector.problems))


def _require_folder(settings: Settings, code: str, config_shown: str) -> None:
    """Refuse a declared language without its folder, saying how to create it."""
    folder = settings.language_dir(code)
    if folder.is_dir():
        return
    raise DocsError(
        config_shown,
        declaration_line(settings.config_text, code),
        f"{LANGUAGES_PATH} declares {code!r}, but its folder {display_path(folder)}/ does not "
        f"exist: run 'i18ndocs new-lang {code}' to create it with its catalogs",
    )


def language_overrides(
    settings: Settings,
    code: str,
    out_dir: Path,
    *,
    site_url: str | None = None,
    strict: bool = False,
) -> LanguageConfig:
    """Compute one language's overrides of ``mkdocs.yml``, their words in the language.

    Args:
        settings: The project's settings.
        code: The language to build.
        out_dir: Where the language's HTML goes.
        site_url: The root URL the whole site is served from; defaults to ``mkdocs.yml``'s.
        strict: Whether warnings fail the build.

    Returns:
        The overrides (`i18ndocs.project.language_config.language_config`).
    """
    words = translator(settings.docs_root, code, settings.cache_dir)
    return language_config(
        settings,
        code,
        out_dir,
        permalink_title=words.gettext(PERMALINK_TITLE),
        translate_description=partial(words.pgettext, "site description"),
        toggle_names=ToggleNames(*(words.gettext(name) for name in PALETTE_TOGGLES)),
        site_url=site_url,
        strict=strict,
    )


def configure_language(
    settings: Settings,
    code: str,
    out_dir: Path,
    *,
    site_url: str | None = None,
    strict: bool = False,
) -> MkDocsConfig:
    """Load one language's complete MkDocs configuration, its plugins given the settings.

    The overrides come from `language_overrides`, in the language;
    the ``i18ndocs`` plugin gets the settings already read, so a language's build reads
    ``mkdocs.yml`` once (MkDocs' own loading aside).

    Args:
        settings: The project's settings.
        code: The language to build.
        out_dir: Where the language's HTML goes.
        site_url: The root URL the whole site is served from; defaults to ``mkdocs.yml``'s.
        strict: Whether warnings fail the build.

    Returns:
        The validated configuration, with its plugins loaded.
    """
    from i18ndocs.plugin.plugin import I18nDocsPlugin  # MkDocs' modules: in the build's process

    language = language_overrides(settings, code, out_dir, site_url=site_url, strict=strict)
    config = load_language_config(settings, language)
    for plugin in config.plugins.values():
        if isinstance(plugin, I18nDocsPlugin):
            plugin.given_settings = settings
    return config


def catalog_problems(docs_root: Path, code: str, cache_dir: Path) -> list[Problem]:
    """Check a language's catalogs before its build: contributed text must be safe.

    Args:
        docs_root: The folder holding one docs folder per language.
        code: The language.
        cache_dir: The pipeline's cache folder: each catalog's check is kept for its bytes.

    Returns:
        One error per mistake, naming the catalog and the entry's line.

    Raises:
        DocsError: A catalog does not parse.
    """
    problems = []
    for domain in DOMAINS:
        path = catalog_path(docs_root, code, domain)
        if path.is_file():
            found = kept_check(path, code, cache_dir)
            problems += [Problem(str(path), line, message, ERROR) for line, message in found]
    return problems


def build_language_safely(
    root: Path, code: str, out_dir: Path, site_url: str | None, strict: bool
) -> LanguageResult:
    """Run `build_language` in a worker, turning any unexpected exception into a problem.

    Args:
        root: The repository root holding ``mkdocs.yml`` and ``docs/``.
        code: The language to build.
        out_dir: Where the language's HTML goes (emptied first).
        site_url: The root URL the whole site is served from; defaults to ``mkdocs.yml``'s.
        strict: Whether warnings fail the build.

    Returns:
        The language's result; a crash is an error naming ``mkdocs.yml``.
    """
    start = time.perf_counter()
    try:
        return build_language(root, code, out_dir, site_url, strict)
    except Exception as error:  # a plugin's bug must not surface as a worker traceback
        message = f"{code}: build crashed: {type(error).__name__}: {error}"
        problem = Problem(str(root / CONFIG_FILE), None, message, ERROR)
        return LanguageResult(code, False, time.perf_counter() - start, (problem,))


def root_index(languages: Sequence[Language], title: str) -> str:
    """Render the site root's page, which sends readers to a language.

    A script picks the first of the reader's preferred languages the site has, by its full
    tag (``pt-BR``) or else its primary language (``es-ES`` goes to ``es``), and the source
    language otherwise; without scripts, the page lists the languages as links.

    Args:
        languages: The languages the site has.
        title: The site's name, the page's title.

    Returns:
        The HTML of ``site/index.html``.
    """
    source = next((item for item in languages if item.source), languages[0])
    codes = json.dumps([language.code for language in languages])
    links = "\n".join(
        f'    <li><a href="{html.escape(item.code)}/" hreflang="{html.escape(item.code)}">'
        f"{html.escape(item.name)}</a></li>"
        for item in languages
    )
    return f"""<!doctype html>
<html lang="{source.code}">
<head>
  <meta charset="utf-8">
  <title>{html.escape(title)}</title>
  <script>
    (function () {{
      var codes = {codes};
      var known = codes.map(function (code) {{ return code.toLowerCase(); }});
      var wanted = navigator.languages || [navigator.language || ""];
      for (var i = 0; i < wanted.length; i++) {{
        var tag = String(wanted[i]).toLowerCase();
        var at = known.indexOf(tag);
        if (at < 0) {{ at = known.indexOf(tag.split("-")[0]); }}
        if (at >= 0) {{ location.replace(codes[at] + "/"); return; }}
      }}
      location.replace({json.dumps(source.code)} + "/");
    }})();
  </script>
  <noscript><meta http-equiv="refresh" content="0; url={source.code}/"></noscript>
</head>
<body>
  <ul>
{links}
  </ul>
</body>
</html>
"""


def build_site(
    project: Path | Settings,
    site_dir: Path,
    codes: Sequence[str] = (),
    *,
    site_url: str | None = None,
    strict: bool = False,
    jobs: int | None = None,
    on_result: Callable[[LanguageResult], None] | None = None,
) -> SiteResult:
    """Build languages in parallel processes and swap the result in as the site.

    Languages not asked for are carried over from the current site, so building one
    language keeps the others. The site folder is checked first (`i18ndocs.builder.sitedir`), and
    staging folders that builds killed earlier left behind are removed.

    Args:
        project: The folder holding ``mkdocs.yml``, or its settings already read.
        site_dir: The site folder to replace.
        codes: The languages to build; empty means all of them.
        site_url: The root URL the site is served from; defaults to ``mkdocs.yml``'s.
        strict: Whether warnings fail the build.
        jobs: How many processes to run at once; defaults to one per language.
        on_result: Called with each language's result as it finishes.

    Returns:
        The results; the site was replaced only if every language succeeded.

    Raises:
        DocsError: The configuration is malformed, a code is not one of its languages,
            or the site folder would overwrite the sources.
    """
    start = time.perf_counter()
    settings = project if isinstance(project, Settings) else load_settings(project)
    selected = select_languages(list(settings.languages), list(codes))
    site_dir = check_site_dir(settings.root, site_dir, settings.sources, "--site-dir")
    with staged(settings.cache_dir, site_dir) as staging:
        ordered = build_languages(
            settings,
            staging.path,
            selected,
            site_url=site_url,
            strict=strict,
            jobs=jobs,
            on_result=on_result,
        )
        if all(result.ok for result in ordered):
            finish_site(settings, staging, selected, site_url)
    return SiteResult(site_dir, ordered, time.perf_counter() - start)


def build_languages(
    settings: Settings,
    out_dir: Path,
    selected: Sequence[Language],
    *,
    site_url: str | None = None,
    strict: bool = False,
    jobs: int | None = None,
    on_result: Callable[[LanguageResult], None] | None = None,
) -> tuple[LanguageResult, ...]:
    """Build languages in parallel processes, each into ``<out_dir>/<code>/``.

    Args:
        settings: The project's settings.
        out_dir: The folder that gets one folder per language (a staging folder).
        selected: The languages to build.
        site_url: The root URL the site is served from; defaults to ``mkdocs.yml``'s.
        strict: Whether warnings fail the build.
        jobs: How many processes to run at once; defaults to one per language.
        on_result: Called with each language's result as it finishes.

    Returns:
        One result per language, in the order of ``selected``.
    """
    root = settings.root
    pending = [
        Job(
            language.code,
            build_language_safely,
            (root, language.code, out_dir / language.code, site_url, strict),
            partial(crashed_result, root, language.code),
        )
        for language in selected
    ]
    results = run_all(process_context(), pending, jobs or len(selected), on_result)
    return tuple(results[language.code] for language in selected)


def finish_site(
    settings: Settings,
    staging: Staging,
    built: Sequence[Language],
    site_url: str | None,
    *,
    link: bool = False,
) -> None:
    """Complete a staging folder holding built languages into the site, and swap it in.

    Under the site's lock: the site folder is checked again, the languages not built are
    carried over from the current site, the root files (index, 404, sitemap index,
    ``llms.txt``) are written, and the staging folder replaces the site. `build_site` and
    `i18ndocs.builder.shards.assemble` both end here, so their sites cannot differ.

    Args:
        settings: The project's settings.
        staging: The staging folder, one folder per built language inside.
        built: The languages it holds.
        site_url: The root URL the site is served from; defaults to ``mkdocs.yml``'s.
        link: Carry the other languages over as hard links to the current site's files
            rather than copies (``serve``'s quicker way; their sitemaps, which this rewrites,
            are still copied).

    Raises:
        DocsError: The site folder became one that may not be replaced.
    """
    languages = settings.languages
    site_dir = staging.site_dir
    with site_lock(settings.cache_dir, site_dir):
        check_site_dir(settings.root, site_dir, settings.sources, "--site-dir")
        _carry_over(site_dir, staging.path, languages, built, link=link)
        (staging.path / "index.html").write_text(
            root_index(languages, settings.site_name), encoding="utf-8"
        )
        add_root_404(staging.path, settings.source.code)
        root_url = site_root_url(settings.config.get("site_url"), settings.source, site_url)
        link_sitemaps(staging.path, languages, root_url)
        _add_root_llms_txt(settings, staging.path, root_url)
        staging.swap()


def _add_root_llms_txt(settings: Settings, site: Path, root_url: str) -> None:
    """Write the root ``llms.txt`` in the source language (`add_root_llms_txt`)."""
    source = settings.source
    words = translator(settings.docs_root, source.code, settings.cache_dir)
    description = settings.config.get("site_description")
    add_root_llms_txt(
        site,
        settings.languages,
        root_url,
        source.site_name or settings.site_name,
        description if isinstance(description, str) else None,
        words.pgettext(LLMS_CONTEXT, LLMS_LANGUAGES),
    )


def crashed_result(root: Path, code: str, reason: str) -> LanguageResult:
    """The result of a language whose process ended without reporting one.

    Args:
        root: The project folder holding ``mkdocs.yml``, which the error names.
        code: The language.
        reason: How the process ended.

    Returns:
        A failed result with that one error.
    """
    problem = Problem(str(root / CONFIG_FILE), None, f"{code}: {reason}", ERROR)
    return LanguageResult(code, False, 0.0, (problem,))


def process_context() -> BaseContext:
    """Pick how worker processes start: forked from a server that preloaded MkDocs, if possible.

    A fork server pays the imports once per run instead of once per language, and unlike a
    plain fork it never copies a parent's threads (such as a progress display's).

    Returns:
        The context that starts language builds (`i18ndocs.builder.warm`'s too).
    """
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    # Every process started runs the script that started the build again (multiprocessing's
    # fixup of __main__): the pipeline's modules it imports (the command line) are imported
    # once by the server instead of once per language.
    started = sorted(name for name in sys.modules if name.partition(".")[0] == "i18ndocs")
    context.set_forkserver_preload([*PRELOAD, *started])
    return context


def _carry_over(
    site_dir: Path,
    staging: Path,
    languages: Sequence[Language],
    built: Sequence[Language],
    *,
    link: bool,
) -> None:
    """Copy (or link) the languages that were not rebuilt from the current site into staging."""
    built_codes = {language.code for language in built}
    for language in languages:
        old = site_dir / language.code
        if language.code not in built_codes and old.is_dir():
            copy = _link_or_copy if link else shutil.copy2
            shutil.copytree(old, staging / language.code, copy_function=copy)


REWRITTEN = frozenset({"sitemap.xml", "sitemap.xml.gz"})
"""A language's files the assembly rewrites in place (`link_sitemaps`): never hard-linked."""


def _link_or_copy(source: str, target: str) -> None:
    """Hard-link a file of the current site, or copy it when the assembly rewrites it."""
    if os.path.basename(source) in REWRITTEN:
        shutil.copy2(source, target)
    else:
        os.link(source, target)

"""The pipeline's MkDocs event handlers, run by the plugin (`i18ndocs.plugin.plugin`).

They run inside every language's build, whose configuration
`i18ndocs.project.language_config` completed beforehand. The hooks never change the
language; they only work on pages:

* pages missing from the language, or empty, are taken from the English sources;
* translations without an English source (orphans) are reported and left out;
* malformed front matter is an error, with its file and line (never published as text);
* files that resolve outside the project (a link to ``/etc/hostname``) are errors;
* translations may not add raw HTML, event handlers or script links (`i18ndocs.pages.pagesafety`);
* translated headings keep the English ids, and differing headings are reported
  (`i18ndocs.pages.headings`);
* the translation status page is generated for every language;
* untranslated and outdated pages get a banner in the reader's language, and so do pages
  whose docstrings are partly still in English (counted from their marked units);
* navigation section titles, mkdocstrings' labels, object labels, symbol badges and the
  404 page come from the language's ``site`` catalog (`i18ndocs.catalogs.sitetext`);
* catalog files are sources, never published;
* every page's head links the same page in every language, absolute, plus ``x-default``
  (`i18ndocs.plugin.hosting`).

Problems are logged as warnings through MkDocs' logger, so ``--strict`` makes them fatal.
"""

from __future__ import annotations

import gettext
import logging
import posixpath
from functools import cache, partial
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemBytecodeCache
from markdown.extensions.toc import (  # type: ignore[import-untyped]
    slugify as default_slugify,
)
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from i18ndocs.catalogs.sitetext import SYMBOL_BADGES, translator
from i18ndocs.pages.directives import code_locations
from i18ndocs.pages.frontmatter import FrontMatterError, is_blank, read_front_matter, read_page
from i18ndocs.pages.headings import keep_english_ids
from i18ndocs.pages.pagesafety import unsafe_page_additions
from i18ndocs.plugin.banners import (
    BannerKind,
    banner_markdown,
    units_banner_html,
)
from i18ndocs.plugin.hosting import (
    alternate_links,
    language_urls,
    page_alternates,
    same_page_menu,
)
from i18ndocs.plugin.langmarks import mark_docstrings, mark_fallback_titles
from i18ndocs.plugin.sections import section_title
from i18ndocs.plugin.segmenter import han_characters, site_dictionary, uses_han
from i18ndocs.project.language_config import (
    LANGUAGE_KEY,
    TYPES_EXTENSION,
    alternates,
    site_root_url,
)
from i18ndocs.project.languages import Language, parse_languages, source_language
from i18ndocs.project.settings import Settings, load_settings
from i18ndocs.reference.listings import cached_listings
from i18ndocs.reference.signatures import cache_signature_formatting
from i18ndocs.reference.translation import UNTRANSLATED_CLASS
from i18ndocs.status.cache import shared_report
from i18ndocs.status.model import PageState, SourceUnit
from i18ndocs.status.page import render_report
from i18ndocs.status.page_state import page_state
from i18ndocs.status.report import collect_status
from i18ndocs.status.units import source_units

CATALOG_FOLDER = "catalogs"
SYMBOLS_CSS = "assets/stylesheets/i18ndocs-symbols.css"

_FALLBACK_URLS: dict[int, frozenset[str]] = {}
"""The URLs of each build's fallback pages (by configuration), for `on_post_page`."""

log = logging.getLogger("mkdocs.plugins.i18ndocs")


def _languages(config: MkDocsConfig) -> list[Language]:
    """Read the language list from the loaded configuration."""
    return parse_languages({"extra": config.extra}, str(config.config_file_path))


def _current(config: MkDocsConfig) -> tuple[Language, Language]:
    """Return the language being built and the source language."""
    languages = _languages(config)
    source = source_language(languages)
    code = config.extra.get(LANGUAGE_KEY, source.code)
    return next(item for item in languages if item.code == code), source


@cache
def _settings_at(config_file: str) -> Settings:
    """Read the pipeline's settings once per build."""
    return load_settings(Path(config_file).parent)


def _settings(config: MkDocsConfig) -> Settings:
    """Return the pipeline's settings of the project being built."""
    return _settings_at(str(config.config_file_path))


def _words(config: MkDocsConfig) -> gettext.NullTranslations:
    """Return the site's words in the language being built."""
    language, _ = _current(config)
    settings = _settings(config)
    return translator(settings.docs_root, language.code, settings.cache_dir)


def _cache_root(config: MkDocsConfig) -> Path:
    return _settings(config).cache_dir


@event_priority(100)  # before mkdocstrings, which creates its handler in its on_config
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Give a plain ``mkdocs build`` the language selector, and every build its symbol badges.

    Per-language builds already carry ``extra.alternate``; this only fills it in when
    ``mkdocs.yml`` is built directly. The stylesheet that names mkdocstrings' symbol badges
    in the language being built is generated in `on_files`.

    Args:
        config: The validated configuration.

    Returns:
        The same configuration.
    """
    if not config.extra.get("alternate"):
        languages = _languages(config)
        root_url = site_root_url({"site_url": config.site_url}, source_language(languages))
        config.extra["alternate"] = alternates(languages, root_url)
    if SYMBOLS_CSS not in config.extra_css:
        config.extra_css.append(SYMBOLS_CSS)
    if "mkdocstrings" in config.plugins:
        _first_griffe_extension(config.plugins["mkdocstrings"].config, TYPES_EXTENSION)
    language, source = _current(config)
    _small_segmenter_dictionary(config, language.code, source.code)
    return config


def _small_segmenter_dictionary(config: MkDocsConfig, code: str, source: str) -> None:
    """Give Material's search a cut of jieba's dictionary (`i18ndocs.plugin.segmenter`).

    Only for languages written with Han characters, or whose pages contain some; others
    never segment anything. Runs before the search plugin's ``on_config``, which loads the
    dictionary it names. A project that names its own dictionary keeps it.
    """
    settings = _settings(config)
    own = settings.language_dir(code)
    if not uses_han(code) and not han_characters([own]):
        return
    import jieba  # type: ignore[import-untyped]
    import mkdocstrings_handlers.python

    for plugin in config.plugins.values():
        options: Any = plugin.config
        if "jieba_dict" not in options or options["jieba_dict"]:
            continue
        english = settings.language_dir(source)
        sources = [own, english, settings.config_path, *code_locations(settings.root, english)]
        sources += [Path(mkdocstrings_handlers.python.__file__).parent / "templates"]
        folder = _cache_folder(config, "segmenter")
        options["jieba_dict"] = str(site_dictionary(han_characters(sources), folder))
        jieba.dt.tmp_dir = str(folder)  # where jieba keeps its own cache of that dictionary


def _first_griffe_extension(options: Any, extension: str) -> None:
    """Put a griffe extension first in mkdocstrings' Python options, unless listed.

    Runs before mkdocstrings' own ``on_config``, which creates the handler from these options.
    """
    handlers = options["handlers"]
    python = handlers.setdefault("python", {})
    handler_options = python.setdefault("options", {})
    listed = handler_options.setdefault("extensions", [])
    names = [entry if isinstance(entry, str) else next(iter(entry), "") for entry in listed]
    if extension not in names:
        listed.insert(0, extension)


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    """Complete the language's files: English fallbacks, orphans, front matter, status page.

    Args:
        files: The files found in the language's docs folder.
        config: The language's configuration.

    Returns:
        The files to build.
    """
    language, source = _current(config)
    settings = _settings(config)
    english_dir = settings.language_dir(source.code)
    for file in list(files):
        if file.src_uri.split("/")[0] == CATALOG_FOLDER:
            files.remove(file)
    _drop_outside(files, settings.docs_root, settings.root)
    if language.code != source.code:
        _drop_orphans(files, english_dir)
        _drop_blank(files)
        _add_fallbacks(files, english_dir, config)
        _drop_outside(files, settings.docs_root, settings.root)
        _FALLBACK_URLS[id(config)] = frozenset(
            file.url
            for file in files.documentation_pages()
            if Path(file.abs_src_path or "").is_relative_to(english_dir)
        )
    for file in list(files.documentation_pages()):
        if not _check_front_matter(Path(file.abs_src_path or file.src_uri)):
            files.remove(file)
    _add_status_page(files, config, settings.docs_root, language.code)
    files.append(File.generated(config, SYMBOLS_CSS, content=_symbols_css(_words(config))))
    return files


def _symbols_css(words: gettext.NullTranslations) -> str:
    """Name mkdocstrings' symbol badges (drawn with CSS ``content``) in a language."""
    rules = []
    for kind, english in SYMBOL_BADGES.items():
        text = words.pgettext("symbol badge", english).replace("\\", "\\\\").replace('"', '\\"')
        rules.append(f'html code.doc-symbol-{kind}::after {{ content: "{text}"; }}')
    return "\n".join(rules) + "\n"


def _drop_outside(files: Files, docs_root: Path, root: Path) -> None:
    """Refuse pages and files of the language folders that are links out of the project."""
    inside = root.resolve()
    for file in list(files):
        if file.abs_src_path is None or file.src_dir is None:
            continue
        if not Path(file.src_dir).is_relative_to(docs_root):
            continue  # generated, or the theme's own files
        target = Path(file.abs_src_path).resolve()
        if not target.is_relative_to(inside):
            log.error(
                f"{file.abs_src_path}:1: links to {target}, outside the project; "
                "it is not published"
            )
            files.remove(file)


def _drop_blank(files: Files) -> None:
    """Leave out empty translations, so that the English page stands in for them."""
    for file in list(files.documentation_pages()):
        path = Path(file.abs_src_path or file.src_uri)
        try:
            blank = is_blank(read_page(path))
        except (OSError, UnicodeDecodeError):
            continue
        if blank:
            files.remove(file)


def _drop_orphans(files: Files, english_dir: Path) -> None:
    """Report and remove translated pages that have no English source."""
    for file in list(files.documentation_pages()):
        if not (english_dir / file.src_uri).is_file():
            log.warning(
                f"{file.abs_src_path}:1: translation has no English source "
                f"{english_dir.name}/{file.src_uri}; it is left out of the site"
            )
            files.remove(file)


def _add_fallbacks(files: Files, english_dir: Path, config: MkDocsConfig) -> None:
    """Add every English file the language does not have, from the English folder."""
    for path in sorted(english_dir.rglob("*")):
        relative = path.relative_to(english_dir)
        if not path.is_file() or any(part.startswith(".") for part in relative.parts):
            continue
        if relative.parts[0] == CATALOG_FOLDER:
            continue
        uri = relative.as_posix()
        if files.get_file_from_path(uri) is None:
            files.append(File(uri, str(english_dir), config.site_dir, config.use_directory_urls))


def _check_front_matter(path: Path) -> bool:
    """Refuse front matter MkDocs would silently render as text; True when it is fine."""
    try:
        read_front_matter(read_page(path))
    except FrontMatterError as error:
        log.error(f"{path}:{error.line}: {error.message}; the page is not published")
        return False
    except UnicodeDecodeError as error:
        data = path.read_bytes()
        line = data[: error.start].count(b"\n") + 1
        log.error(f"{path}:{line}: not UTF-8 text ({error.reason}); the page is not published")
        return False
    except OSError as error:
        log.error(f"{path}:1: cannot be read ({error})")
        return False
    return True


def _add_status_page(files: Files, config: MkDocsConfig, docs_root: Path, code: str) -> None:
    """Generate the translation status page in the language of the build."""
    settings = _settings(config)
    existing = files.get_file_from_path(settings.status_page)
    if existing is not None:
        files.remove(existing)
    report = shared_report(
        settings,
        lambda units: collect_status(docs_root, settings.languages, units),
        lambda: _source_units(config, docs_root),
    )
    content = render_report(report, code, _words(config), settings.status_page, settings.guide_page)
    files.append(File.generated(config, settings.status_page, content=content))


def _source_units(config: MkDocsConfig, docs_root: Path) -> list[SourceUnit]:
    """Compute the English catalog units, for the status page."""
    _, source = _current(config)
    return source_units(Path(config.config_file_path).parent, docs_root / source.code)


def _cache_folder(config: MkDocsConfig, name: str) -> Path:
    """Return a folder under ``.cache/docs``, shared by every build and language."""
    return _cache_root(config) / name


def _template_cache(config: MkDocsConfig) -> FileSystemBytecodeCache:
    """Return the bytecode cache of compiled templates."""
    folder = _cache_folder(config, "templates")
    folder.mkdir(parents=True, exist_ok=True)
    return FileSystemBytecodeCache(str(folder))


def on_pre_build(*, config: MkDocsConfig) -> None:
    """Cache mkdocstrings' compiled templates, listings and signatures across builds.

    Compiling Jinja templates is a large share of a small site's build, and formatting a long
    signature runs a formatter process; both give the same result in every language.
    Highlighted source listings are the same in every language too (`i18ndocs.reference.listings`).
    mkdocstrings renders every ``:::`` directive while pages are converted, long before
    ``on_env``, so its handler gets the caches here, before the first page. Entries are kept
    under ``.cache/docs``, keyed by what they are computed from (a template's path, checked
    against its source; a signature's text), so edits are always picked up.

    Args:
        config: The language's configuration.
    """
    if "mkdocstrings" in config.plugins:
        plugin = config.plugins["mkdocstrings"]
        handler = plugin.get_handler("python")  # type: ignore[attr-defined]
        handler.env.bytecode_cache = _template_cache(config)
        words = _words(config)
        handler.env.globals["i18ndocs_text"] = partial(_translated_or_empty, words)
        handler.env.globals["i18ndocs_label"] = partial(words.pgettext, "object label")
        # mkdocstrings highlights with pymdownx.highlight's settings, or codehilite's.
        highlighting = {
            name: config.mdx_configs.get(name, {}) for name in ("pymdownx.highlight", "codehilite")
        }
        listings = _cache_folder(config, "listings")
        handler.env.globals["i18ndocs_listing"] = cached_listings(
            handler.env.filters, highlighting, listings
        )
        if _settings(config).signature_cache:
            cache_signature_formatting(_cache_folder(config, "signatures"))


def _translated_or_empty(words: gettext.NullTranslations, key: str) -> str:
    """Translate a label of mkdocstrings' templates, or return nothing without a translation."""
    text = words.gettext(key)
    return "" if text == key else text


def on_env(env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
    """Cache the theme's compiled templates across builds and languages, like mkdocstrings'.

    Args:
        env: The theme's template environment.
        config: The language's configuration.
        files: The site's files.

    Returns:
        The same environment, with a bytecode cache.
    """
    env.bytecode_cache = _template_cache(config)
    env.globals["i18ndocs_gettext"] = _words(config).gettext
    return env


def on_nav(nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
    """Translate the navigation's section titles into the language of the build.

    Args:
        nav: The site navigation.
        config: The language's configuration.
        files: The site's files.

    Returns:
        The same navigation, retitled.
    """
    words = _words(config)
    pending = list(nav.items)
    while pending:
        item = pending.pop()
        if isinstance(item, Section):
            item.title = section_title(item.title, words)
            pending.extend(item.children)
    return nav


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Put a banner on pages that are not translated, or translated from older English.

    Args:
        markdown: The page's Markdown, front matter removed.
        page: The page.
        config: The language's configuration.
        files: The site's files.

    Returns:
        The Markdown with the banner after its first heading, if it needs one.
    """
    language, source = _current(config)
    settings = _settings(config)
    uri = page.file.src_uri
    if language.code == source.code or uri == settings.status_page:
        return markdown
    state = page_state(settings.docs_root, language.code, uri, source=source.code)
    if state is not PageState.MISSING:
        markdown = _check_translation(markdown, page, settings.language_dir(source.code), config)
    if state is PageState.MISSING:
        here = posixpath.dirname(uri) or "."
        link = posixpath.relpath(settings.guide_page, here)
        banner = banner_markdown(BannerKind.UNTRANSLATED, _words(config), language.name, link)
    elif state is PageState.OUTDATED:
        english = next(
            alt["link"] for alt in config.extra["alternate"] if alt["lang"] == source.code
        )
        banner = banner_markdown(
            BannerKind.OUTDATED, _words(config), language.name, english + page.url
        )
    else:
        return markdown
    return _after_title(markdown, banner)


def _check_translation(markdown: str, page: Page, english_dir: Path, config: MkDocsConfig) -> str:
    """Refuse unsafe additions in a translated page and give its headings the English ids."""
    path = Path(page.file.abs_src_path or page.file.src_uri)
    raw = read_page(path)
    offset = len(raw.splitlines()) - len(markdown.splitlines())
    english = read_front_matter(read_page(english_dir / page.file.src_uri)).body
    for line, message in unsafe_page_additions(english, markdown):
        log.error(f"{path}:{line + offset}: {message}")
    toc = config.mdx_configs.get("toc") or {}
    slugify = toc.get("slugify") or default_slugify
    kept, difference = keep_english_ids(english, markdown, slugify, toc.get("separator", "-"))
    if difference is not None:
        number, _, detail = difference.removeprefix("line ").partition(": ")
        log.warning(
            f"{path}:{int(number) + offset}: headings differ from the English page: {detail}"
        )
    return kept


def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Say on a page how many of its docstring units are still shown in English.

    On a fallback page (shown from its English source, whose content the theme marks
    English), the docstrings are still translated: their blocks carry the page's language.

    Args:
        html: The page's HTML, docstrings rendered.
        page: The page.
        config: The language's configuration.
        files: The site's files.

    Returns:
        The HTML, with a banner after the first heading when some units are untranslated.
    """
    language, source = _current(config)
    if language.code != source.code and page.url in _FALLBACK_URLS.get(id(config), ()):
        html = mark_docstrings(html, language.code)
    count = html.count(f'class="{UNTRANSLATED_CLASS}"')
    if not count:
        return html
    guide = files.get_file_from_path(_settings(config).guide_page)
    link = get_relative_url(guide.url, page.url) if guide is not None else None
    banner = units_banner_html(_words(config), count, link)
    position = html.find("</h1>")
    if position < 0:
        return banner + html
    position += len("</h1>")
    return html[:position] + banner + html[position:]


def _after_title(markdown: str, banner: str) -> str:
    """Insert a block after the page's first level-one heading, or at its top."""
    lines = markdown.splitlines(keepends=True)
    for index, line in enumerate(lines):
        if line.startswith("```") or line.startswith("~~~"):
            break
        if line.startswith("# "):
            return "".join([*lines[: index + 1], "\n", banner, *lines[index + 1 :]])
    return banner + markdown


def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    """Link the same page in every language from the page's head; mark English titles.

    Args:
        output: The page's HTML.
        page: The page.
        config: The language's configuration.

    Returns:
        The HTML with ``hreflang`` alternates for every language and ``x-default`` (when the
        configuration has a ``site_url`` to make them absolute), and ``lang`` on the theme's
        titles of fallback pages (`i18ndocs.plugin.langmarks`).
    """
    language, source = _current(config)
    if language.code != source.code:
        output = mark_fallback_titles(
            output,
            page.url,
            _FALLBACK_URLS.get(id(config), frozenset()),
            source.code,
            own=page.url in _FALLBACK_URLS.get(id(config), frozenset()),
        )
    output = same_page_menu(output, page.url, language.code)
    if not config.site_url:
        return output
    base = config.site_url if config.site_url.endswith("/") else config.site_url + "/"
    suffix = f"{language.code}/"
    root_url = base[: -len(suffix)] if base.endswith("/" + suffix) else base
    bases = language_urls(_languages(config), root_url)
    return page_alternates(output, alternate_links(bases, source.code, page.url))

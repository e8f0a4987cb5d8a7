"""The pipeline as an installed MkDocs plugin: ``plugins: [i18ndocs]``, the one front door.

The distribution under ``scripts/`` (``scripts/pyproject.toml``) registers `I18nDocsPlugin`
under MkDocs' ``mkdocs.plugins`` entry point as ``i18ndocs``. Its methods are MkDocs' events;
each routes to the module that does the work, and what a build needs to remember is kept on
the plugin instance. They run inside every language's build, whose configuration
`i18ndocs.project.language_config` completed beforehand; they never change the language:

* ``on_config``: lend the theme and mkdocstrings the pipeline's templates, a plain
  ``mkdocs build`` the language selector, Chinese search a small dictionary, the theme's
  template environments a cache of compiled templates;
* ``on_files``: English fallbacks, orphans, front matter, the status page (`i18ndocs.plugin.files`),
  whose report the first language to get there prepares, and ``on_page_read_source`` writes
  when the page is read;
* ``on_pre_build`` and ``on_env``: caches and the site's words for the templates
  (`i18ndocs.plugin.handler`), reference blocks rendered once for every language
  (`i18ndocs.plugin.shared_blocks`), the language's ``llms.txt`` (`i18ndocs.plugin.hosting`);
* ``on_nav``: section titles in the language (`i18ndocs.plugin.sections`), and the blocks a
  wait for another language's block records meanwhile (`i18ndocs.plugin.lookahead`);
* ``on_page_markdown``: a translated page's checks (`i18ndocs.plugin.translated_pages`), and the
  "not translated" or "outdated" banner (`i18ndocs.plugin.banners`); in a warm build, the
  page's conversion is handed to the page memo (`i18ndocs.plugin.memo.pages`);
* ``on_page_context``: source listings kept away from search (`i18ndocs.plugin.searchskip`);
* ``on_page_content``: the count of docstring units not translated, outdated and translated;
* ``on_post_page``: alternates in every language (`i18ndocs.plugin.hosting`), language marks
  on English titles (`i18ndocs.plugin.langmarks`);
* from ``on_config`` to ``on_post_build`` (or ``on_build_error``): griffe's warnings about
  docstrings reported once each, failing ``--strict`` or not as the settings say
  (`i18ndocs.plugin.docstring_warnings`).

The pipeline's settings are under ``extra.i18n`` (`i18ndocs.project.settings`); the plugin's
own options are about how it plugs into MkDocs.
"""

from __future__ import annotations

import gettext
import logging
import posixpath
from contextlib import suppress
from functools import cache, partial
from importlib.resources import files
from pathlib import Path
from typing import Any

from jinja2 import Environment
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from i18ndocs.catalogs.sitetext import translator
from i18ndocs.pages.directives import code_locations
from i18ndocs.plugin import files as language_files
from i18ndocs.plugin.banners import (
    BannerKind,
    after_title,
    after_title_html,
    banner_markdown,
    outdated_banner_html,
    unit_counts,
    units_banner_html,
)
from i18ndocs.plugin.docstring_warnings import DocstringWarnings
from i18ndocs.plugin.handler import equip_mkdocstrings, template_cache, theme_loader
from i18ndocs.plugin.hosting import (
    add_language_llms_txt,
    alternate_links,
    language_urls,
    page_alternates,
    same_page_menu,
)
from i18ndocs.plugin.langmarks import mark_docstrings, mark_fallback_titles
from i18ndocs.plugin.lookahead import LookAhead, planned_blocks
from i18ndocs.plugin.memo import equip as equip_memos
from i18ndocs.plugin.memo.pages import PageMemo
from i18ndocs.plugin.memo.store import code_shape_key
from i18ndocs.plugin.searchskip import Listings
from i18ndocs.plugin.sections import section_title
from i18ndocs.plugin.segmenter import han_characters, site_dictionary, uses_han
from i18ndocs.plugin.shared_blocks import SharedBlocks
from i18ndocs.plugin.translated_pages import check_translation
from i18ndocs.project.errors import DocsError
from i18ndocs.project.language_config import (
    LANGUAGE_KEY,
    TYPES_EXTENSION,
    add_griffe_extension,
    alternates,
    site_root_url,
)
from i18ndocs.project.languages import Language
from i18ndocs.project.resources import pipeline_folder
from i18ndocs.project.settings import Settings, load_settings
from i18ndocs.status.cache import prepare_site_report, site_report
from i18ndocs.status.model import PageState, StatusReport
from i18ndocs.status.page import render_report
from i18ndocs.status.page_state import page_change, page_state

log = logging.getLogger(f"mkdocs.plugins.{__name__}")

TEMPLATES = pipeline_folder("templates")
"""The pipeline's templates: ``theme/`` overrides the theme's (banners, language menu, 404
page, accessibility assets), ``mkdocstrings/`` the handler's (source blocks, labels)."""


class PluginSchema(base.Config):  # type: ignore[no-untyped-call]
    """The plugin's options.

    Attributes:
        mkdocstrings_templates: Give mkdocstrings the pipeline's templates when the project
            sets no ``custom_templates`` of its own.
        theme_overrides: Put the pipeline's theme templates in front of the theme's, behind
            the project's own ``custom_dir``.
    """

    mkdocstrings_templates = c.Type(bool, default=True)
    theme_overrides = c.Type(bool, default=True)


class I18nDocsPlugin(BasePlugin[PluginSchema]):  # type: ignore[no-untyped-call]
    """One language's build of a multi-language site: MkDocs' events, routed by concern."""

    given_settings: Settings | None = None
    """Settings already read by the pipeline's build (`i18ndocs.builder.site.configure_language`);
    without them (a plain ``mkdocs build``), ``on_config`` reads them from ``mkdocs.yml``."""

    def __init__(self) -> None:
        super().__init__()
        self._settings: Settings | None = None
        self._language: Language | None = None
        self._words: gettext.NullTranslations | None = None
        self._fallback_urls: frozenset[str] = frozenset()
        self._listings: dict[str, Listings] = {}
        self._docstring_warnings: DocstringWarnings | None = None
        self._page_memo: PageMemo | None = None
        self._status_file: File | None = None
        self._report: StatusReport | None = None
        self._shared_blocks: SharedBlocks | None = None

    # --- what one build knows ----------------------------------------------------------------

    @property
    def settings(self) -> Settings:
        """The project's pipeline settings (read in ``on_config``)."""
        if self._settings is None:
            raise RuntimeError("the i18ndocs plugin has no settings before on_config")
        return self._settings

    @property
    def language(self) -> Language:
        """The language being built."""
        if self._language is None:
            raise RuntimeError("the i18ndocs plugin has no language before on_config")
        return self._language

    @property
    def words(self) -> gettext.NullTranslations:
        """The site's words in the language being built."""
        if self._words is None:
            settings = self.settings
            self._words = translator(settings.docs_root, self.language.code, settings.cache_dir)
        return self._words

    @property
    def translated(self) -> bool:
        """Whether the language being built is not the source language."""
        return self.language.code != self.settings.source.code

    # --- events ------------------------------------------------------------------------------

    @event_priority(100)  # before mkdocstrings and search, which read their options there
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Lend the templates; give a plain ``mkdocs build`` the language selector.

        Per-language builds already carry ``extra.alternate``; this only fills it in when
        ``mkdocs.yml`` is built directly. The stylesheet that names mkdocstrings' symbol
        badges in the language being built is generated in `on_files`.

        Args:
            config: The validated configuration.

        Returns:
            The configuration.
        """
        self._settings = self.given_settings or load_settings(Path(config.config_file_path).parent)
        source = self.settings.source
        code = config.extra.get(LANGUAGE_KEY, source.code)
        self._language = next(item for item in self.settings.languages if item.code == code)
        self._words, self._fallback_urls, self._listings = None, frozenset(), {}
        self._watch_docstring_warnings()
        self._lend_templates(config)
        if not config.extra.get("alternate"):
            root_url = site_root_url(config.site_url, source)
            config.extra["alternate"] = alternates(list(self.settings.languages), root_url)
        if language_files.SYMBOLS_CSS not in config.extra_css:
            config.extra_css.append(language_files.SYMBOLS_CSS)
        if "mkdocstrings" in config.plugins:
            add_griffe_extension(config.plugins["mkdocstrings"].config, TYPES_EXTENSION, first=True)
        self._small_search_dictionary(config)
        self._cache_theme_templates(config)
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        """Complete the language's files: English fallbacks, orphans, front matter, status page.

        Args:
            files: The files found in the language's docs folder.
            config: The language's configuration.

        Returns:
            The files to build.
        """
        settings = self.settings
        english_dir = settings.language_dir(settings.source.code)
        language_files.drop_catalogs(files)
        language_files.drop_outside(files, settings.docs_root, settings.root)
        if self.translated:
            language_files.drop_orphans(files, english_dir)
            language_files.drop_blank(files)
            self._fallback_urls = language_files.add_fallbacks(files, english_dir, config)
            language_files.drop_outside(files, settings.docs_root, settings.root)
        language_files.drop_bad_front_matter(files)
        self._add_status_page(files, config)
        # The page is read last: one build makes its report now, so nobody waits then; what
        # stops it is raised again, in its place, when the page is read.
        self._report = None
        with suppress(DocsError):
            self._report = prepare_site_report(settings)
        css = language_files.symbols_css(self.words)
        files.append(File.generated(config, language_files.SYMBOLS_CSS, content=css))
        return files

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        """Give mkdocstrings' handler the caches and the site's words, before the first page.

        mkdocstrings renders every ``:::`` directive while pages are converted, long before
        ``on_env``, so its handler is equipped here; in a warm build process, the handler and
        the search index, the theme and the pages' conversions also remember work across
        builds (`i18ndocs.plugin.memo`).

        Args:
            config: The language's configuration.
        """
        # Skeletons and the warm process's block memo are keyed by it: hashed once a build.
        code_shape = cache(partial(code_shape_key, self.settings))
        self._shared_blocks = None
        if "mkdocstrings" in config.plugins:
            plugin = config.plugins["mkdocstrings"]
            handler = plugin.get_handler("python")  # type: ignore[attr-defined]
            # mkdocstrings highlights with pymdownx.highlight's settings, or codehilite's.
            highlighting = {
                name: config.mdx_configs.get(name, {})
                for name in ("pymdownx.highlight", "codehilite")
            }
            equip_mkdocstrings(
                handler.env,
                self.words,
                highlighting,
                self.settings.cache_dir,
                signature_cache=self.settings.signature_cache,
            )
            if self.settings.shared_rendering:
                # The project's own templates may show any part of a docstring: not shared.
                lent = plugin.config.get("custom_templates") == str(TEMPLATES / "mkdocstrings")
                self._shared_blocks = SharedBlocks(handler, self.settings, code_shape, share=lent)
        self._page_memo = equip_memos(config, self.settings, self.language.code, code_shape)

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        """Give the theme's templates the site's words; add the language's ``llms.txt``.

        The pages are read by now, their titles known: the language's ``llms.txt`` is added
        to the files MkDocs writes.

        Args:
            env: The theme's template environment.
            config: The language's configuration.
            files: The site's files.

        Returns:
            The same environment.
        """
        env.globals["i18ndocs_gettext"] = self.words.gettext
        add_language_llms_txt(
            config, files, self.settings.languages, self.language.code, self.words
        )
        return env

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        """Translate the navigation's section titles; plan the blocks to record ahead.

        The files are final here, just before the pages are read in their order: their
        ``:::`` blocks are what a wait for another build's block records meanwhile
        (`i18ndocs.plugin.lookahead`).

        Args:
            nav: The site navigation.
            config: The language's configuration.
            files: The site's files.

        Returns:
            The same navigation, retitled.
        """
        pending = list(nav.items)
        while pending:
            item = pending.pop()
            if isinstance(item, Section):
                item.title = section_title(item.title, self.words)
                pending.extend(item.children)
        if self._shared_blocks is not None:
            plugin = config.plugins["mkdocstrings"]
            sources = [
                (Path(file.abs_src_path), file.src_uri)
                for file in files.documentation_pages()
                if file.abs_src_path and not file.generated_by
            ]
            default = str(plugin.config.get("default_handler") or "python")
            handler = plugin.get_handler("python")  # type: ignore[attr-defined]
            LookAhead(self._shared_blocks, handler, planned_blocks(sources, default))
        return nav

    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        """Put a banner on pages that are not translated, or translated from older English.

        Args:
            markdown: The page's Markdown, front matter removed.
            page: The page.
            config: The language's configuration.
            files: The site's files.

        Returns:
            The Markdown with the banner after its first heading, if it needs one.
        """
        if self._page_memo is not None:  # a warm build: a page converted before is restored
            self._page_memo.wrap(page)
        settings, language = self.settings, self.language
        source = settings.source
        uri = page.file.src_uri
        if not self.translated or uri == settings.status_page:
            return markdown
        state = page_state(settings.docs_root, language.code, uri, source=source.code)
        if state is not PageState.MISSING:
            markdown = check_translation(
                markdown,
                Path(page.file.abs_src_path or page.file.src_uri),
                settings.language_dir(source.code) / uri,
                config.mdx_configs.get("toc") or {},
            )
        if state is PageState.MISSING:
            here = posixpath.dirname(uri) or "."
            link = posixpath.relpath(settings.guide_page, here)
            banner = banner_markdown(BannerKind.UNTRANSLATED, self.words, language.name, link)
        elif state is PageState.OUTDATED:
            english = next(
                alt["link"] for alt in config.extra["alternate"] if alt["lang"] == source.code
            )
            change = page_change(settings.docs_root, language.code, uri, source=source.code)
            banner = outdated_banner_html(
                self.words, language.name, english + page.url, change, source.code
            )
        else:
            return markdown
        return after_title(markdown, banner)

    @event_priority(100)  # before the search plugin indexes the page
    def _hide_listings(self, context: Any, /, *, page: Page, **_: Any) -> Any:
        """Give the search indexer the page without its listings (`i18ndocs.plugin.searchskip`).

        Args:
            context: The page's template context.
            page: The page.

        Returns:
            The context, unchanged.
        """
        if page.content:
            listings = Listings()
            page.content = listings.hide(page.content)
            if listings.kept:
                self._listings[page.file.src_uri] = listings
        return context

    @event_priority(-100)  # after every plugin's on_page_context, before the theme renders
    def _show_listings(self, context: Any, /, *, page: Page, **_: Any) -> Any:
        """Put the listings back into the page as the other plugins left it.

        Args:
            context: The page's template context.
            page: The page.

        Returns:
            The context, unchanged.
        """
        listings = self._listings.pop(page.file.src_uri, None)
        if listings is not None and page.content:
            page.content = listings.show(page.content)
        return context

    on_page_context = CombinedEvent(_hide_listings, _show_listings)

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Say on a page how many of its docstring units are not translated, outdated, translated.

        On a fallback page (shown from its English source, whose content the theme marks
        English), the docstrings are still translated: their blocks carry the page's language.

        Args:
            html: The page's HTML, docstrings rendered.
            page: The page.
            config: The language's configuration.
            files: The site's files.

        Returns:
            The HTML, with a banner after the first heading when some units are shown in
            English (not translated or outdated).
        """
        if self.translated and page.url in self._fallback_urls:
            html = mark_docstrings(html, self.language.code)
        counts = unit_counts(html)
        if not counts.total:
            return html
        guide = files.get_file_from_path(self.settings.guide_page)
        link = get_relative_url(guide.url, page.url) if guide is not None else None
        banner = units_banner_html(self.words, counts, link)
        return after_title_html(html, banner) if banner else html

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        """Link the same page in every language from the page's head; mark English titles.

        Args:
            output: The page's HTML.
            page: The page.
            config: The language's configuration.

        Returns:
            The HTML with ``hreflang`` alternates for every language and ``x-default`` (when
            the configuration has a ``site_url`` to make them absolute), and ``lang`` on the
            theme's titles of fallback pages (`i18ndocs.plugin.langmarks`).
        """
        language, source = self.language, self.settings.source
        if self.translated:
            output = mark_fallback_titles(
                output,
                page.url,
                self._fallback_urls,
                source.code,
                own=page.url in self._fallback_urls,
            )
        output = same_page_menu(output, page.url, language.code)
        if not config.site_url:
            return output
        base = config.site_url if config.site_url.endswith("/") else config.site_url + "/"
        suffix = f"{language.code}/"
        root_url = base[: -len(suffix)] if base.endswith("/" + suffix) else base
        bases = language_urls(list(self.settings.languages), root_url)
        return page_alternates(output, alternate_links(bases, source.code, page.url))

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Stop filtering griffe's warnings: the build's pages are all rendered.

        Args:
            config: The language's configuration.
        """
        self._unwatch_docstring_warnings()

    def on_build_error(self, *, error: Exception) -> None:
        """Stop filtering griffe's warnings when the build fails.

        Args:
            error: What stopped the build.
        """
        self._unwatch_docstring_warnings()

    # --- helpers of the events ---------------------------------------------------------------

    def _watch_docstring_warnings(self) -> None:
        """Report griffe's docstring warnings once each, as ``docstring_warnings`` says."""
        self._unwatch_docstring_warnings()
        self._docstring_warnings = DocstringWarnings(self.settings.docstring_warnings)
        self._docstring_warnings.attach()

    def _unwatch_docstring_warnings(self) -> None:
        """Remove the filter of griffe's warnings, if one is set."""
        if self._docstring_warnings is not None:
            self._docstring_warnings.detach()
            self._docstring_warnings = None

    def _lend_templates(self, config: MkDocsConfig) -> None:
        """Put the pipeline's theme templates in the theme's path, lend mkdocstrings its own."""
        if self.config.theme_overrides:
            overrides = str(TEMPLATES / "theme")
            if overrides not in config.theme.dirs:
                # A project's custom_dir comes first: it can override the pipeline too.
                config.theme.dirs.insert(1 if config.theme.custom_dir else 0, overrides)
        if self.config.mkdocstrings_templates and "mkdocstrings" in config.plugins:
            options: Any = config.plugins["mkdocstrings"].config
            if not options.get("custom_templates"):
                options["custom_templates"] = str(TEMPLATES / "mkdocstrings")
            else:
                log.info(
                    "i18ndocs: mkdocstrings uses the project's custom_templates, so the "
                    "pipeline's (translated labels, source listings of properties) are not used"
                )

    def _cache_theme_templates(self, config: MkDocsConfig) -> None:
        """Cache the theme's compiled templates across builds and languages, like mkdocstrings'.

        Every environment the theme makes gets the cache: the page's, and those Material's
        search makes in its ``on_config`` to read the language's words, three per build. Its
        loader lists no hidden files, which MkDocs never copies (`ThemeLoader`).
        """
        theme, cache = config.theme, template_cache(self.settings.cache_dir)
        real_get_env = theme.get_env

        def get_env() -> Environment:
            env = real_get_env()
            env.bytecode_cache = cache
            theme_loader(env)
            return env

        theme.get_env = get_env  # type: ignore[method-assign]

    def _small_search_dictionary(self, config: MkDocsConfig) -> None:
        """Give Material's search a cut of jieba's dictionary (`i18ndocs.plugin.segmenter`).

        Only for languages written with Han characters, or whose pages contain some; others
        never segment anything. Runs before the search plugin's ``on_config``, which loads
        the dictionary it names. A project that names its own dictionary keeps it.
        """
        settings, code = self.settings, self.language.code
        own = settings.language_dir(code)
        if not uses_han(code) and not han_characters([own]):
            return
        import jieba  # type: ignore[import-untyped]

        for plugin in config.plugins.values():
            options: Any = plugin.config
            if "jieba_dict" not in options or options["jieba_dict"]:
                continue
            english = settings.language_dir(settings.source.code)
            sources = [own, english, *code_locations(settings)]
            sources += [Path(str(files("mkdocstrings_handlers.python") / "templates"))]
            characters = han_characters(sources, [settings.config_text])
            folder = settings.cache_dir / "segmenter"
            options["jieba_dict"] = str(site_dictionary(characters, folder))
            jieba.dt.tmp_dir = str(folder)  # where jieba keeps its own cache of that dictionary

    def _add_status_page(self, files: Files, config: MkDocsConfig) -> None:
        """Add the translation status page, written when it is read (`on_page_read_source`)."""
        settings = self.settings
        existing = files.get_file_from_path(settings.status_page)
        if existing is not None:
            files.remove(existing)
        self._status_file = File.generated(config, settings.status_page, content="")
        files.append(self._status_file)

    def on_page_read_source(self, *, page: Page, config: MkDocsConfig) -> str | None:
        """Write the translation status page in the language of the build.

        The report is the same in every language: the first build to list its files makes
        it (`prepare_site_report`) while the others go on with their pages; the page is read
        last, by when it is kept (`i18ndocs.status.cache`).

        Args:
            page: The page being read.
            config: The language's configuration.

        Returns:
            The status page's Markdown; None for every other page (read from its file).
        """
        if self._status_file is None or page.file is not self._status_file:
            return None
        settings, code = self.settings, self.language.code
        report = self._report or site_report(settings)
        return render_report(report, code, self.words, settings.status_page, settings.guide_page)

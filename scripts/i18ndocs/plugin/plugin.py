"""The pipeline as an installed MkDocs plugin: ``plugins: [i18ndocs]`` instead of ``hooks:``.

The distribution under ``scripts/`` (``scripts/pyproject.toml``) registers this class under
MkDocs' ``mkdocs.plugins`` entry point as ``i18ndocs``. The plugin runs the pipeline's hooks
(`i18ndocs.plugin.events`, every ``on_*`` function there, with its priority), so a project that
installs the distribution needs no path to the pipeline's files. The pipeline's settings stay
under ``extra.i18n`` (`i18ndocs.project.settings`), where ``docs.py`` reads them before MkDocs runs;
the plugin's own options are about how it plugs into MkDocs.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.pages import Page

from i18ndocs.plugin import events as hooks
from i18ndocs.plugin.searchskip import Listings

log = logging.getLogger(f"mkdocs.plugins.{__name__}")

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
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
    """Run the pipeline's hooks as a plugin, and lend mkdocstrings its templates."""

    def __init__(self) -> None:
        super().__init__()
        self._listings: dict[str, Listings] = {}
        for name in dir(hooks):
            event = getattr(hooks, name)
            if name.startswith("on_") and callable(event) and name != "on_config":
                setattr(self, name, event)

    @event_priority(100)  # before mkdocstrings, which reads its options in its own on_config
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Lend the theme and mkdocstrings the templates, then run the hooks' ``on_config``.

        Args:
            config: The validated configuration.

        Returns:
            The configuration.
        """
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
        return hooks.on_config(config)

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

"""Each language's complete MkDocs configuration, derived from ``mkdocs.yml`` before loading.

``mkdocs.yml`` is the English configuration. For every language this module computes the
settings that differ (docs and site folders, site URL, site name, theme language,
mkdocstrings locale, search language and word separator, the language selector, the colour
schemes' toggle) and hands them to MkDocs as overrides, so they are in place before any plugin
reads the configuration. Switching the language later, from a hook, is too late: plugins have
configured themselves by then.

What every site gets unless ``mkdocs.yml`` says otherwise: with Material, both colour schemes
(light ``default`` and dark ``slate``) and the header's toggle between them, starting from the
reader's system preference (`default_palette`); a project that sets ``theme.palette`` keeps its
own.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from i18ndocs.project.languages import Language
from i18ndocs.project.settings import Settings, plugin_entries
from i18ndocs.project.writing import writes_without_spaces

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

DEFAULT_SITE_URL = "http://127.0.0.1:8000/"
DOCSTRING_EXTENSION = "i18ndocs.reference.translation:TranslateDocstrings"
TYPES_EXTENSION = "i18ndocs.reference.attributes:CompleteAttributes"
LANGUAGE_KEY = "i18n_current_language"
FALLBACK_THEME_LANGUAGE = "en"
REQUIRED_EXTENSIONS = ("md_in_html", "admonition", "attr_list")
"""Markdown extensions the pipeline's output needs: untranslated docstring units (HTML with
Markdown inside), banners (admonitions) and the English heading ids kept on translated
headings (``{#id}``)."""
CJK_BREAKS_EXTENSION = "i18ndocs.pages.cjkbreaks:CJKBreaksExtension"
"""Added for languages written without spaces between words (`writes_without_spaces`): a line
break inside a sentence gives no space, on pages and in docstrings alike."""


@dataclass(frozen=True)
class ToggleNames:
    """The colour scheme toggle's names in a language: what its button does next.

    Attributes:
        to_light: Shown while the scheme follows the system preference.
        to_dark: Shown in the light scheme.
        to_system: Shown in the dark scheme.
    """

    to_light: str
    to_dark: str
    to_system: str


def default_palette(names: ToggleNames) -> list[dict[str, Any]]:
    """Give Material's ``theme.palette`` for both colour schemes, the reader's system first.

    The first entry follows the system preference (``(prefers-color-scheme)`` always
    matches, so it is where a new reader starts); the toggle then goes to light, to dark and
    back to the system's.

    Args:
        names: The toggle's names in the language being built.

    Returns:
        The palette: automatic, light (``default``) and dark (``slate``).
    """
    return [
        {
            "media": "(prefers-color-scheme)",
            "toggle": {"icon": "material/brightness-auto", "name": names.to_light},
        },
        {
            "media": "(prefers-color-scheme: light)",
            "scheme": "default",
            "toggle": {"icon": "material/brightness-7", "name": names.to_dark},
        },
        {
            "media": "(prefers-color-scheme: dark)",
            "scheme": "slate",
            "toggle": {"icon": "material/brightness-4", "name": names.to_system},
        },
    ]


@dataclass(frozen=True)
class LanguageConfig:
    """The settings one language's build overrides in ``mkdocs.yml``.

    Attributes:
        language: The language built.
        overrides: Top-level MkDocs settings, each complete, to load over ``mkdocs.yml``.
        theme_language: The language Material's interface is shown in.
    """

    language: Language
    overrides: dict[str, Any]
    theme_language: str


def site_root_url(configured: object, source: Language, site_url: str | None = None) -> str:
    """Find the URL the multi-language site is served from.

    ``mkdocs.yml`` gives the source language's URL (``.../en/``); the root is that URL without
    the language's folder.

    Args:
        configured: ``mkdocs.yml``'s ``site_url`` (None or empty when it has none).
        source: The source language.
        site_url: An explicit root URL that wins over the configuration.

    Returns:
        The root URL, ending with a slash.
    """
    url = site_url or str(configured or DEFAULT_SITE_URL)
    url = url if url.endswith("/") else url + "/"
    suffix = f"/{source.code}/"
    if site_url is None and url.endswith(suffix):
        url = url[: -len(suffix) + 1]
    return url


def alternates(languages: list[Language], root_url: str) -> list[dict[str, str]]:
    """Build Material's ``extra.alternate`` entries for the language selector.

    Links are absolute paths (``/es/``), so every language's pages point at the same places
    and Material's selector can map the current page onto the other language's sitemap.

    Args:
        languages: The site's languages.
        root_url: The URL the site is served from.

    Returns:
        One entry per language with its native ``name``, ``link`` and ``lang`` code.
    """
    root_path = urlsplit(root_url).path or "/"
    return [
        {"name": language.name, "link": f"{root_path}{language.code}/", "lang": language.code}
        for language in languages
    ]


@cache
def _theme_languages(theme: str) -> frozenset[str]:
    """List the interface languages a theme ships (Material's ``partials/languages/*.html``).

    The theme's folder comes from MkDocs' public ``get_theme_dir``; only file names are read,
    never their content.
    """
    from mkdocs.utils import get_theme_dir

    try:
        folder = Path(get_theme_dir(theme)) / "partials" / "languages"
    except KeyError:
        return frozenset()
    return frozenset(path.stem for path in folder.glob("*.html"))


def theme_language(code: str, theme: str = "material") -> str:
    """Pick the language the theme's interface can be shown in for a language code.

    Args:
        code: The site language's code.
        theme: The theme's name.

    Returns:
        The code itself when the theme translates its interface into it, else ``"en"``.
        The theme's own search plugin then reads its search settings for that language.
    """
    return code if code in _theme_languages(theme) else FALLBACK_THEME_LANGUAGE


def _plugins(raw: Mapping[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """Normalise the ``plugins`` setting to a list of (name, options) pairs."""
    return [(name, dict(options or {})) for name, options in plugin_entries(raw)]


def language_config(
    settings: Settings,
    code: str,
    site_dir: Path,
    *,
    permalink_title: str,
    translate_description: Callable[[str], str],
    toggle_names: ToggleNames,
    site_url: str | None = None,
    strict: bool = False,
) -> LanguageConfig:
    """Compute one language's settings over ``mkdocs.yml``.

    Args:
        settings: The project's settings, ``mkdocs.yml`` as read by `load_settings`.
        code: The language to build.
        site_dir: Where that language's HTML goes.
        permalink_title: The title of heading permalinks, in the language.
        translate_description: Gives the site description in the language.
        toggle_names: The colour scheme toggle's names in the language (`default_palette`).
        site_url: The root URL the whole site is served from; defaults to the one in
            ``mkdocs.yml`` without the source language's folder.
        strict: Whether warnings make the build fail.

    Returns:
        The language and its overrides.
    """
    raw = settings.config
    languages = list(settings.languages)
    language = next(item for item in languages if item.code == code)
    source = settings.source
    root_url = site_root_url(raw.get("site_url"), source, site_url)

    theme = raw.get("theme") or {}
    theme = {"name": theme} if isinstance(theme, str) else dict(theme)
    ui_language = theme_language(code, str(theme.get("name") or "mkdocs"))
    theme["language"] = ui_language
    if theme.get("name") == "material" and not theme.get("palette"):
        theme["palette"] = default_palette(toggle_names)

    guide_url = urlsplit(f"{root_url}{code}/").path + directory_url(settings.guide_page)
    plugins: list[dict[str, Any]] = []
    for name, options in _plugins(raw):
        if name == "mkdocstrings":
            options["locale"] = code
            add_griffe_extension(options, TYPES_EXTENSION, first=True)
            if code != source.code or settings.shared_rendering:
                _add_docstring_translation(options, settings, code, guide_url)
        plugins.append({name: options})

    extra = dict(raw.get("extra") or {})
    extra["alternate"] = alternates(languages, root_url)
    extra[LANGUAGE_KEY] = code

    description = raw.get("site_description")
    overrides: dict[str, Any] = {
        "docs_dir": str(settings.language_dir(code)),
        "site_dir": str(site_dir),
        "site_url": f"{root_url}{code}/",
        "theme": theme,
        "plugins": plugins,
        "extra": extra,
        "strict": strict,
        "markdown_extensions": _markdown_extensions(raw, permalink_title, code),
    }
    if isinstance(description, str) and description:
        overrides["site_description"] = translate_description(description)
    if language.site_name:
        overrides["site_name"] = language.site_name
    return LanguageConfig(language, overrides, ui_language)


def directory_url(page: str) -> str:
    """Give a page's URL relative to its language's root (``guide/index.md`` -> ``guide/``).

    Args:
        page: The page's path inside the language folder.

    Returns:
        Its URL with directory URLs, as MkDocs makes it.
    """
    stem = page.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index")
    return stem + "/"


def _add_docstring_translation(
    options: dict[str, Any], project: Settings, code: str, guide_url: str
) -> None:
    """Add the griffe extension that translates docstrings to mkdocstrings' options.

    With shared rendering, every language gets it, the source language too: it puts tokens
    in the place of the docstrings' texts (`i18ndocs.reference.fields`).
    """
    extension = {
        DOCSTRING_EXTENSION: {
            "lang": code,
            "docs_root": str(project.docs_root),
            "cache_dir": str(project.cache_dir),
            "guide_url": guide_url,
            "tokens": project.shared_rendering,
            "source": code == project.source.code,
        }
    }
    add_griffe_extension(options, extension)


def _extension_name(entry: Any) -> str:
    """The import path of an entry of mkdocstrings' ``extensions`` option."""
    return entry if isinstance(entry, str) else next(iter(entry), "")


def add_griffe_extension(options: dict[str, Any], extension: Any, *, first: bool = False) -> None:
    """Add a griffe extension to the Python handler's options of mkdocstrings, once.

    Args:
        options: mkdocstrings' plugin options (changed in place, nested settings copied).
        extension: The extension, as the ``extensions`` option lists it (a path, or a
            mapping of the path to its options).
        first: Whether it must run before the extensions already listed.
    """
    handlers = dict(options.get("handlers") or {})
    python = dict(handlers.get("python") or {})
    handler_options = dict(python.get("options") or {})
    listed = list(handler_options.get("extensions") or [])
    name = _extension_name(extension)
    if all(_extension_name(entry) != name for entry in listed):
        listed = [extension, *listed] if first else [*listed, extension]
    handler_options["extensions"] = listed
    python["options"] = handler_options
    handlers["python"] = python
    options["handlers"] = handlers


def _markdown_extensions(raw: Mapping[str, Any], permalink_title: str, code: str) -> list[Any]:
    """Return ``markdown_extensions`` with the permalink title and `REQUIRED_EXTENSIONS`.

    The pipeline's own Markdown needs those extensions whatever the project enables; a
    language written without spaces between words gets `CJK_BREAKS_EXTENSION` too.

    ``md_in_html`` renders the Markdown of untranslated docstring units inside the element
    that marks them as English.
    """
    extensions: list[Any] = []
    names: set[str] = set()
    entries = raw.get("markdown_extensions") or []
    if isinstance(entries, dict):
        entries = [{name: options} for name, options in entries.items()]
    for entry in entries:
        name, options = (entry, None) if isinstance(entry, str) else next(iter(entry.items()))
        names.add(name)
        if name in {"toc", "markdown.extensions.toc"}:
            options = dict(options or {})
            if options.get("permalink"):
                options["permalink_title"] = permalink_title
        extensions.append(name if options is None else {name: options})
    for needed in REQUIRED_EXTENSIONS:
        if not names & {needed, f"markdown.extensions.{needed}"}:
            extensions.append(needed)
    if writes_without_spaces(code) and CJK_BREAKS_EXTENSION not in names:
        extensions.append(CJK_BREAKS_EXTENSION)
    return extensions


def load_language_config(settings: Settings, language: LanguageConfig) -> MkDocsConfig:
    """Load and validate ``mkdocs.yml`` with one language's overrides applied.

    Args:
        settings: The project's settings.
        language: The language's overrides from `language_config`.

    Returns:
        The validated configuration, with its plugins loaded.
    """
    from mkdocs.config import load_config

    return load_config(str(settings.config_path), **language.overrides)

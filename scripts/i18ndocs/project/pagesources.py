"""Where each page of one language's build comes from, so that problems name the right thing.

A language's build holds its own pages, the English pages standing in for those it lacks
(fallbacks, shown under a "not translated" banner) and the status page the pipeline
generates. MkDocs names all of them alike, by their path inside the docs folder; a problem
must say which file to open, and for a page that is not the language's own, how it is shown.
"""

from __future__ import annotations

from collections.abc import Callable

from i18ndocs.project.errors import PageSource, line_of
from i18ndocs.project.required_pages import INIT_HINT
from i18ndocs.project.settings import SECTION_PATH, Settings


def site_name_in_english(settings: Settings, code: str) -> str:
    """Name a language's site in English words, such as "the Spanish site".

    Args:
        settings: The project's settings.
        code: The language.

    Returns:
        The words, from Babel's English name of the language (its own name when Babel
        does not know it).
    """
    from babel import Locale, UnknownLocaleError

    try:
        name = Locale.parse(code.replace("-", "_")).get_display_name("en")
    except (UnknownLocaleError, ValueError, TypeError):
        name = None
    if not name:
        name = next(item.name for item in settings.languages if item.code == code)
    return f"the {name} site"


def page_sources(settings: Settings, code: str) -> Callable[[str], PageSource]:
    """Map a page path of one language's build to where its Markdown comes from.

    Args:
        settings: The project's settings.
        code: The language being built.

    Returns:
        A function taking a page's path inside the docs folder: the language's own file;
        else the English file it falls back to, said to be shown in that language's site;
        else a generated page (the status page, or another plugin's).
    """
    own, english = settings.language_dir(code), settings.language_dir(settings.source.code)
    site = site_name_in_english(settings, code)

    def source(page: str) -> PageSource:
        if (own / page).is_file():
            return PageSource(own / page)
        if (english / page).is_file():
            shown = f"in {site}, page {page} shown from its English source"
            return PageSource(english / page, shown)
        if page == settings.status_page:
            return PageSource(None, f"in {site}, the generated status page {page}")
        return PageSource(None, f"in {site}, page {page}, which no file holds (generated)")

    return source


def linked_pages(settings: Settings) -> dict[str, tuple[int | None, str]]:
    """Say, for each page the pipeline links to by itself, what a broken link to it means.

    The "not translated" banners and the status page link to the translators' guide; when
    the guide is missing, every such link is broken, and the fix is the guide, not the pages.

    Args:
        settings: The project's settings.

    Returns:
        The guide page's path inside the docs folder, with the line of ``mkdocs.yml`` that
        sets it (None when it is the default) and the one message to give.
    """
    english = settings.language_dir(settings.source.code)
    guide = settings.guide_page
    shown = english.relative_to(settings.root) if english.is_relative_to(settings.root) else english
    message = (
        f"{SECTION_PATH}.guide_page: the translators' guide {guide!r} is not among the "
        f"documentation files ({shown.as_posix()}/{guide} is missing), and the pipeline's "
        f"banners and status page link to it: create it, or set guide_page to an existing "
        f"page ({INIT_HINT})"
    )
    return {guide: (line_of(settings.config_text, "guide_page:"), message)}

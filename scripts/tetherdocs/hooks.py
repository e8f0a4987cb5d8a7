"""The MkDocs hooks of the site (``hooks:`` in ``mkdocs.yml``).

They run inside every language's build, whose configuration `tetherdocs.config` completed
beforehand. The hooks never change the language; they only work on pages:

* pages missing from the language are taken from the English sources;
* translations without an English source (orphans) are reported and left out;
* malformed front matter is reported with its file and line;
* the translation status page is generated for every language;
* untranslated and outdated pages get a banner in the reader's language;
* navigation section titles are translated.

Problems are logged as warnings through MkDocs' logger, so ``--strict`` makes them fatal.
"""

from __future__ import annotations

import logging
import posixpath
import sys
from pathlib import Path

# MkDocs loads this file by its path, outside any package: make ``tetherdocs`` importable.
_SCRIPTS = str(Path(__file__).resolve().parent.parent)
if _SCRIPTS not in sys.path:
    sys.path.insert(0, _SCRIPTS)

from jinja2 import Environment, FileSystemBytecodeCache  # noqa: E402
from mkdocs.config.defaults import MkDocsConfig  # noqa: E402
from mkdocs.structure.files import File, Files  # noqa: E402
from mkdocs.structure.nav import Navigation, Section  # noqa: E402
from mkdocs.structure.pages import Page  # noqa: E402

from tetherdocs.banners import TRANSLATORS_GUIDE, BannerKind, banner_markdown  # noqa: E402
from tetherdocs.config import LANGUAGE_KEY, alternates, site_root_url  # noqa: E402
from tetherdocs.languages import Language, parse_languages, source_language  # noqa: E402
from tetherdocs.sections import section_title  # noqa: E402
from tetherdocs.signatures import cache_signature_formatting  # noqa: E402
from tetherdocs.status import (  # noqa: E402
    FrontMatterError,
    PageState,
    page_state,
    read_front_matter,
    read_page,
)
from tetherdocs.status_page import STATUS_PAGE, render_status_page  # noqa: E402

CACHE = Path(".cache") / "docs"

log = logging.getLogger("mkdocs.plugins.tetherdocs")


def _languages(config: MkDocsConfig) -> list[Language]:
    """Read the language list from the loaded configuration."""
    return parse_languages({"extra": config.extra}, str(config.config_file_path))


def _current(config: MkDocsConfig) -> tuple[Language, Language]:
    """Return the language being built and the source language."""
    languages = _languages(config)
    source = source_language(languages)
    code = config.extra.get(LANGUAGE_KEY, source.code)
    return next(item for item in languages if item.code == code), source


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Give a plain ``mkdocs build`` of ``mkdocs.yml`` the language selector.

    Per-language builds already carry ``extra.alternate``; this only fills it in when
    ``mkdocs.yml`` is built directly.

    Args:
        config: The validated configuration.

    Returns:
        The same configuration.
    """
    if not config.extra.get("alternate"):
        languages = _languages(config)
        root_url = site_root_url({"site_url": config.site_url}, source_language(languages))
        config.extra["alternate"] = alternates(languages, root_url)
    return config


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    """Complete the language's files: English fallbacks, orphans, front matter, status page.

    Args:
        files: The files found in the language's docs folder.
        config: The language's configuration.

    Returns:
        The files to build.
    """
    language, source = _current(config)
    docs_dir = Path(config.docs_dir)
    english_dir = docs_dir.parent / source.code
    if language.code != source.code:
        _drop_orphans(files, english_dir)
        _add_fallbacks(files, english_dir, config)
    for file in files.documentation_pages():
        _check_front_matter(Path(file.abs_src_path or file.src_uri))
    _add_status_page(files, config, docs_dir.parent, language.code)
    return files


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
        uri = relative.as_posix()
        if files.get_file_from_path(uri) is None:
            files.append(File(uri, str(english_dir), config.site_dir, config.use_directory_urls))


def _check_front_matter(path: Path) -> None:
    """Report front matter MkDocs would silently render as text."""
    try:
        read_front_matter(read_page(path))
    except FrontMatterError as error:
        log.warning(f"{path}:{error.line}: {error.message}")
    except (OSError, UnicodeDecodeError) as error:
        log.warning(f"{path}:1: cannot be read as UTF-8 text ({error})")


def _add_status_page(files: Files, config: MkDocsConfig, docs_root: Path, code: str) -> None:
    """Generate the translation status page in the language of the build."""
    existing = files.get_file_from_path(STATUS_PAGE)
    if existing is not None:
        files.remove(existing)
    files.append(File.generated(config, STATUS_PAGE, content=render_status_page(docs_root, code)))


def _cache_folder(config: MkDocsConfig, name: str) -> Path:
    """Return a folder under ``.cache/docs``, shared by every build and language."""
    return Path(config.config_file_path).parent / CACHE / name


def _template_cache(config: MkDocsConfig) -> FileSystemBytecodeCache:
    """Return the bytecode cache of compiled templates."""
    folder = _cache_folder(config, "templates")
    folder.mkdir(parents=True, exist_ok=True)
    return FileSystemBytecodeCache(str(folder))


def on_pre_build(*, config: MkDocsConfig) -> None:
    """Cache mkdocstrings' compiled templates and formatted signatures across builds.

    Compiling Jinja templates is a large share of a small site's build, and formatting a long
    signature runs a formatter process; both give the same result in every language.
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
        cache_signature_formatting(_cache_folder(config, "signatures"))


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
    language, _ = _current(config)
    pending = list(nav.items)
    while pending:
        item = pending.pop()
        if isinstance(item, Section):
            item.title = section_title(item.title, language.code)
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
    uri = page.file.src_uri
    if language.code == source.code or uri == STATUS_PAGE:
        return markdown
    state = page_state(Path(config.docs_dir).parent, language.code, uri, source=source.code)
    if state is PageState.MISSING:
        here = posixpath.dirname(uri) or "."
        link = posixpath.relpath(TRANSLATORS_GUIDE, here)
        banner = banner_markdown(BannerKind.UNTRANSLATED, language.code, language.name, link)
    elif state is PageState.OUTDATED:
        english = next(
            alt["link"] for alt in config.extra["alternate"] if alt["lang"] == source.code
        )
        banner = banner_markdown(
            BannerKind.OUTDATED, language.code, language.name, english + page.url
        )
    else:
        return markdown
    return _after_title(markdown, banner)


def _after_title(markdown: str, banner: str) -> str:
    """Insert a block after the page's first level-one heading, or at its top."""
    lines = markdown.splitlines(keepends=True)
    for index, line in enumerate(lines):
        if line.startswith("```") or line.startswith("~~~"):
            break
        if line.startswith("# "):
            return "".join([*lines[: index + 1], "\n", banner, *lines[index + 1 :]])
    return banner + markdown

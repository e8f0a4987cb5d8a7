"""A language's files: English fallbacks for what it lacks, and what is never published.

A language's build starts from the files of its own folder. Then:

* catalog files are sources, never published;
* files that resolve outside the project (a link to ``/etc/hostname``) are errors;
* translations without an English source (orphans) are reported and left out;
* empty translations are left out, so the English page stands in for them;
* every English file the language does not have is added from the English folder (a
  *fallback* page, shown under a "not translated yet" banner);
* pages whose front matter MkDocs would silently render as text are errors, with the line.

Problems are logged as warnings or errors through MkDocs' logger, so ``--strict`` makes
them fatal.
"""

from __future__ import annotations

import gettext
import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

from i18ndocs.catalogs.sitetext import SYMBOL_BADGES
from i18ndocs.pages.frontmatter import FrontMatterError, is_blank, read_front_matter, read_page

CATALOG_FOLDER = "catalogs"
SYMBOLS_CSS = "assets/stylesheets/i18ndocs-symbols.css"

log = logging.getLogger("mkdocs.plugins.i18ndocs")


def drop_catalogs(files: Files) -> None:
    """Leave the gettext catalogs out of the site: they are sources.

    Args:
        files: The language's files, changed in place.
    """
    for file in list(files):
        if file.src_uri.split("/")[0] == CATALOG_FOLDER:
            files.remove(file)


def drop_outside(files: Files, docs_root: Path, root: Path) -> None:
    """Refuse pages and files of the language folders that are links out of the project.

    Args:
        files: The language's files, changed in place.
        docs_root: The folder holding one folder per language.
        root: The project's folder.
    """
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


def drop_blank(files: Files) -> None:
    """Leave out empty translations, so that the English page stands in for them.

    Args:
        files: The language's files, changed in place.
    """
    for file in list(files.documentation_pages()):
        path = Path(file.abs_src_path or file.src_uri)
        try:
            blank = is_blank(read_page(path))
        except (OSError, UnicodeDecodeError):
            continue
        if blank:
            files.remove(file)


def drop_orphans(files: Files, english_dir: Path) -> None:
    """Report and remove translated pages that have no English source.

    Args:
        files: The language's files, changed in place.
        english_dir: The source language's folder.
    """
    for file in list(files.documentation_pages()):
        if not (english_dir / file.src_uri).is_file():
            log.warning(
                f"{file.abs_src_path}:1: translation has no English source "
                f"{english_dir.name}/{file.src_uri}; it is left out of the site"
            )
            files.remove(file)


def add_fallbacks(files: Files, english_dir: Path, config: MkDocsConfig) -> frozenset[str]:
    """Add every English file the language does not have, from the English folder.

    Args:
        files: The language's files, changed in place.
        english_dir: The source language's folder.
        config: The language's configuration.

    Returns:
        The URLs of the pages shown from their English source.
    """
    for path in sorted(english_dir.rglob("*")):
        relative = path.relative_to(english_dir)
        if not path.is_file() or any(part.startswith(".") for part in relative.parts):
            continue
        if relative.parts[0] == CATALOG_FOLDER:
            continue
        uri = relative.as_posix()
        if files.get_file_from_path(uri) is None:
            files.append(File(uri, str(english_dir), config.site_dir, config.use_directory_urls))
    return frozenset(
        file.url
        for file in files.documentation_pages()
        if Path(file.abs_src_path or "").is_relative_to(english_dir)
    )


def drop_bad_front_matter(files: Files) -> None:
    """Refuse pages whose front matter MkDocs would silently render as text.

    Args:
        files: The language's files, changed in place.
    """
    for file in list(files.documentation_pages()):
        if not _front_matter_ok(Path(file.abs_src_path or file.src_uri)):
            files.remove(file)


def _front_matter_ok(path: Path) -> bool:
    """Log what is wrong with a page's front matter; True when it is fine."""
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


def symbols_css(words: gettext.NullTranslations) -> str:
    """Name mkdocstrings' symbol badges (drawn with CSS ``content``) in a language.

    Args:
        words: The site's words in the language being built.

    Returns:
        The stylesheet generated at `SYMBOLS_CSS`.
    """
    rules = []
    for kind, english in SYMBOL_BADGES.items():
        text = words.pgettext("symbol badge", english).replace("\\", "\\\\").replace('"', '\\"')
        rules.append(f'html code.doc-symbol-{kind}::after {{ content: "{text}"; }}')
    return "\n".join(rules) + "\n"

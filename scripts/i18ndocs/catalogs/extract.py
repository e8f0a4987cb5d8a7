"""Extracting the catalog templates: the docstring units of the code, the site's own words.

* ``docstrings``: every unit of the docstrings the pages render
  (`i18ndocs.catalogs.docscope`, `i18ndocs.catalogs.docunits`), each with a context naming
  its object and part;
* ``site``: the project's own words, the navigation's section titles and the site
  description from ``mkdocs.yml``;
* the pipeline's own words (marked in its code, `i18ndocs.catalogs.sitetext`), the template
  of the catalogs the pipeline ships (`i18ndocs.catalogs.shipped`); `update_shipped_catalogs`
  merges it into each of them.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from i18ndocs.catalogs.po import (
    catalog_counts,
    init_catalog,
    new_catalog,
    read_catalog,
    update_catalog,
    write_catalog,
)
from i18ndocs.catalogs.shipped import TEMPLATE, shipped_languages
from i18ndocs.catalogs.sitetext import EXTRACTION_KEYWORDS, catalog_path
from i18ndocs.project.errors import line_of
from i18ndocs.project.languages import CONFIG_FILE
from i18ndocs.project.resources import pipeline_folder
from i18ndocs.project.settings import Settings

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog


def _relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def extract_docstrings(settings: Settings) -> Catalog:
    """Build the ``docstrings`` template from the docstrings the pages render.

    Args:
        settings: The project's settings.

    Returns:
        The template: one message per unit, its context naming object and part.
    """
    from i18ndocs.catalogs.docscope import docstring_scope

    catalog = new_catalog()
    for unit in docstring_scope(settings).units:
        location = (
            [(_relative(unit.filepath, settings.root), unit.lineno or 0)] if unit.filepath else []
        )
        existing = catalog.get(unit.text, unit.context)
        if existing is not None:
            existing.locations = [*existing.locations, *location]
            continue
        catalog.add(unit.text, locations=location, context=unit.context)
    return catalog


def extract_pipeline_words(package: Path | None = None) -> Catalog:
    """Build the template of the pipeline's own words from its code.

    Args:
        package: The pipeline package's folder; the installed one by default.

    Returns:
        The template: every string marked for gettext in the pipeline (`EXTRACTION_KEYWORDS`).
    """
    from babel.messages.extract import extract_from_dir

    catalog = new_catalog()
    folder = package or pipeline_folder()
    for filename, lineno, message, comments, context in extract_from_dir(
        str(folder),
        method_map=[("**.py", "python")],
        keywords=EXTRACTION_KEYWORDS,  # type: ignore[arg-type]
        comment_tags=("Translators:",),
    ):
        location = (f"{folder.name}/{filename}", lineno)
        existing = catalog.get(message if isinstance(message, str) else message[0], context)
        if existing is not None:
            existing.locations = [*existing.locations, location]
            continue
        catalog.add(message, locations=[location], auto_comments=comments, context=context)
    return catalog


def extract_site(settings: Settings) -> Catalog:
    """Build the ``site`` template: the project's own words, from ``mkdocs.yml``.

    The pipeline's words are not in it: they come translated with the pipeline
    (`i18ndocs.catalogs.shipped`), and a project that wants another translation of one adds
    an entry for it to its catalog by hand, which `update_catalog` then keeps.

    Args:
        settings: The project's settings.

    Returns:
        The template: the navigation's section titles (context ``navigation``) and the site
        description (context ``site description``).
    """
    catalog = new_catalog()
    config = settings.config
    for title, lineno in _section_titles(settings.config_text, config.get("nav") or []):
        catalog.add(title, locations=[(CONFIG_FILE, lineno)], context="navigation")
    description = config.get("site_description")
    if isinstance(description, str) and description.strip():
        catalog.add(description, locations=[(CONFIG_FILE, 0)], context="site description")
    return catalog


def _section_titles(text: str, nav: Iterable[Any]) -> list[tuple[str, int]]:
    """List the navigation's section titles with their line in ``mkdocs.yml`` (its text)."""
    titles: list[tuple[str, int]] = []
    pending = list(nav)
    while pending:
        item = pending.pop(0)
        if isinstance(item, dict):
            for title, value in item.items():
                if isinstance(value, list):
                    line = line_of(text, f"{title}:") or 0
                    titles.append((str(title), line))
                    pending.extend(value)
    return titles


def extract_templates(settings: Settings) -> dict[str, Catalog]:
    """Extract both templates from the code and the configuration.

    Args:
        settings: The project's settings.

    Returns:
        The template of each domain.
    """
    return {"site": extract_site(settings), "docstrings": extract_docstrings(settings)}


def start_language_catalogs(settings: Settings, lang: str) -> list[Path]:
    """Create a new language's catalogs, every message untranslated.

    Args:
        settings: The project's settings.
        lang: The new language's code.

    Returns:
        The catalogs created (existing ones are left as they are).
    """
    created = []
    for domain, template in extract_templates(settings).items():
        path = catalog_path(settings.docs_root, lang, domain)
        if not path.exists():
            write_catalog(init_catalog(template, lang), path)
            created.append(path)
    return created


_SHIPPED_HEADER = """\
# {what} of the words the i18ndocs pipeline puts on pages, shipped with it.
# Regenerated by `i18ndocs catalog pipeline`; translate with any gettext editor.
#"""


def update_shipped_catalogs(folder: Path, package: Path | None = None) -> dict[str, dict[str, int]]:
    """Extract the pipeline's words into the shipped template and merge it into each catalog.

    For the pipeline's maintainers, after a word is added, changed or removed in its code.

    Args:
        folder: The folder of the shipped catalogs (``locale/`` of the pipeline's source).
        package: The pipeline package's folder; the installed one by default.

    Returns:
        Per shipped language, how many messages are translated, fuzzy, untranslated and
        obsolete (`catalog_counts`).
    """
    template = extract_pipeline_words(package)
    template.header_comment = _SHIPPED_HEADER.format(what="Translation template")
    template.project = "i18ndocs"
    write_catalog(template, folder / TEMPLATE)
    counts = {}
    for code, path in shipped_languages(folder).items():
        catalog = update_catalog(template, read_catalog(path, code))
        catalog.header_comment = _SHIPPED_HEADER.format(what=f"Translations into {code}")
        catalog.project = "i18ndocs"
        write_catalog(catalog, path)
        counts[code] = catalog_counts(catalog)
    return counts

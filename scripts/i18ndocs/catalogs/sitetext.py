"""The words the site shows around the content, translated through the ``site`` catalog.

Every string the pipeline puts on a page (banners, the status page, the marker on untranslated
docstrings, mkdocstrings' table labels, class bases, symbol badges, object labels, permalink
titles, the 404 page) is written in English in the code, marked for extraction the gettext
way (``_``-style calls, or `N_` and `NP_` for strings kept as data). The pipeline ships
their translations (`i18ndocs.catalogs.shipped`); a project may override any of them in its
own ``site`` catalog, which otherwise holds only its own words (`i18ndocs.catalogs.extract`).

`translator` layers the project's catalog (compiled into the build cache when it changed),
the shipped one and English, each a standard `gettext` translation with its own plural rule.
"""

from __future__ import annotations

import gettext
import io
from functools import cache
from pathlib import Path

from i18ndocs.catalogs.shipped import shipped_catalog
from i18ndocs.project.cachefiles import write_atomically


def N_(message: str) -> str:  # noqa: N802 (the gettext convention)
    """Mark a string for extraction without translating it here.

    Args:
        message: The English string.

    Returns:
        The same string.
    """
    return message


def NP_(context: str, message: str) -> str:  # noqa: N802 (the gettext convention)
    """Mark a string with a context for extraction without translating it here.

    Args:
        context: The gettext context that tells equal English strings apart.
        message: The English string.

    Returns:
        The same string.
    """
    return message


EXTRACTION_KEYWORDS: dict[str, object] = {
    "_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
    "npgettext": ((1, "c"), 2, 3),
    "N_": None,
    "NP_": ((1, "c"), 2),
}
"""The call names Babel extracts from the pipeline's code, with their argument layout."""

MKDOCSTRINGS_LABELS = (
    N_("ATTRIBUTE"),
    N_("Attributes"),
    N_("Attributes:"),
    N_("BOUND:"),
    N_("Bound or Constraints"),
    N_("Classes"),
    N_("Classes:"),
    N_("Class Type Parameters:"),
    N_("CLASS TYPE PARAMETER"),
    N_("CLASS"),
    N_("CONSTRAINTS:"),
    N_("DEFAULT:"),
    N_("Default"),
    N_("default:"),
    N_("DESCRIPTION"),
    N_("Description"),
    N_("Examples:"),
    N_("Functions"),
    N_("Functions:"),
    N_("FUNCTION"),
    N_("Init Type Parameters:"),
    N_("INIT TYPE PARAMETER"),
    N_("Methods:"),
    N_("METHOD"),
    N_("Modules"),
    N_("Modules:"),
    N_("MODULE"),
    N_("Name"),
    N_("Other Parameters:"),
    N_("PARAMETER"),
    N_("Parameters:"),
    N_("RAISES"),
    N_("Raises:"),
    N_("RECEIVES"),
    N_("Receives:"),
    N_("required"),
    N_("RETURNS"),
    N_("Returns:"),
    N_("Source code in"),
    N_("TYPE:"),
    N_("Type"),
    N_("Type Aliases"),
    N_("Type Aliases:"),
    N_("TYPE ALIAS"),
    N_("Type Parameters:"),
    N_("TYPE PARAMETER"),
    N_("WARNS"),
    N_("Warns:"),
    N_("YIELDS"),
    N_("Yields:"),
    N_("Bases:"),
)
"""The labels of mkdocstrings-python's templates (``lang.t(...)`` keys), plus ``Bases:``."""

SYMBOL_BADGES = {
    "parameter": NP_("symbol badge", "param"),
    "type_parameter": NP_("symbol badge", "type-param"),
    "attribute": NP_("symbol badge", "attr"),
    "function": NP_("symbol badge", "func"),
    "method": NP_("symbol badge", "meth"),
    "class": NP_("symbol badge", "class"),
    "type_alias": NP_("symbol badge", "type"),
    "module": NP_("symbol badge", "mod"),
}
"""mkdocstrings' symbol badges (``code.doc-symbol-<kind>``), drawn from CSS ``content``."""

OBJECT_LABELS = (
    NP_("object label", "abstractmethod"),
    NP_("object label", "async"),
    NP_("object label", "cached"),
    NP_("object label", "class-attribute"),
    NP_("object label", "classmethod"),
    NP_("object label", "dataclass"),
    NP_("object label", "deletable"),
    NP_("object label", "instance-attribute"),
    NP_("object label", "module-attribute"),
    NP_("object label", "property"),
    NP_("object label", "staticmethod"),
    NP_("object label", "typed-dict"),
    NP_("object label", "writable"),
)
"""The labels griffe puts on objects, shown next to their headings."""

PERMALINK_TITLE = N_("Permanent link")
NOT_FOUND = N_("404 - Not found")
UNTRANSLATED_MARK = NP_("untranslated unit", "not translated")
UNTRANSLATED_MARK_TITLE = N_("This text is not translated yet and is shown in English.")
OUTDATED_MARK = NP_("outdated unit", "outdated")
OUTDATED_MARK_TITLE = N_(
    "The English original of this text changed after it was translated, so it is shown in "
    "English until the translation is updated."
)
PALETTE_TOGGLES = (
    N_("Switch to light mode"),
    N_("Switch to dark mode"),
    N_("Switch to system preference"),
)
"""The colour scheme toggle's names, in `i18ndocs.project.language_config.ToggleNames`' order."""
LLMS_PAGES = NP_("llms.txt heading", "Pages")
LLMS_OTHER_LANGUAGES = NP_("llms.txt heading", "Other languages")
LLMS_LANGUAGES = NP_("llms.txt heading", "Languages")
"""The headings of the ``llms.txt`` files: a language's pages, the other languages' files, and
(in the site root's) every language's."""


def catalog_path(docs_root: Path, lang: str, domain: str) -> Path:
    """Return where a language keeps one of its catalogs.

    Args:
        docs_root: The folder holding one folder per language.
        lang: The language code.
        domain: ``site`` or ``docstrings``.

    Returns:
        ``<docs_root>/<lang>/catalogs/<domain>.po``.
    """
    return docs_root / lang / "catalogs" / f"{domain}.po"


COMPILED_FORMAT = 2
"""Part of a compiled catalog's name, raised when what compiling keeps changes, so that a
cache compiled by an older pipeline is never read."""


def _mo_bytes(po_path: Path, lang: str) -> bytes:
    """Compile a catalog, keeping only the messages translated whole and not fuzzy.

    Babel's ``write_mo`` keeps a plural message whose forms are empty, and gettext would then
    show an empty string; leaving it out lets the lookup fall through to the next catalog.
    """
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po_path.open("rb") as stream:
        catalog = read_po(stream, locale=lang.replace("-", "_"), abort_invalid=True)
    for message in list(catalog):
        strings = [message.string] if isinstance(message.string, str) else message.string
        if message.id and (message.fuzzy or not all(form.strip() for form in strings or [""])):
            catalog.delete(message.id, message.context)
    compiled = io.BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)
    return compiled.getvalue()


def compiled(po_path: Path, cache_dir: Path, lang: str, domain: str) -> Path:
    """Compile a catalog into the build cache unless an up-to-date copy is there.

    Fuzzy entries and entries with an empty form are left out, so they read as untranslated.

    Args:
        po_path: The catalog.
        cache_dir: The pipeline's cache folder.
        lang: The catalog's language.
        domain: The catalog's domain.

    Returns:
        The compiled ``.mo`` file.
    """
    target = cache_dir / "catalogs" / lang / f"{domain}.{COMPILED_FORMAT}.mo"
    if target.is_file() and target.stat().st_mtime_ns >= po_path.stat().st_mtime_ns:
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(target, _mo_bytes(po_path, lang))  # builds at once may compile it too
    return target


@cache
def translator(
    docs_root: Path, lang: str, cache_dir: Path, shipped_folder: Path | None = None
) -> gettext.NullTranslations:
    """Return the site's words in a language, the project's own translations first.

    A word is looked up in the project's ``docs/<code>/catalogs/site.po``, then in the
    catalog the pipeline ships for the language (`i18ndocs.catalogs.shipped`), then left in
    English; an entry that is missing, empty in any form or fuzzy falls through to the next.
    Each catalog picks a plural form by its own language's rule, and English by English's.

    Args:
        docs_root: The folder holding one folder per language.
        lang: The reader's language code.
        cache_dir: The pipeline's cache folder, where the project's compiled catalog goes.
        shipped_folder: The folder of the shipped catalogs; the installed package's by default.

    Returns:
        The language's translations; English (`gettext.NullTranslations`) when neither the
        project nor the pipeline has a catalog for it.
    """
    layers: list[gettext.NullTranslations] = []
    po_path = catalog_path(docs_root, lang, "site")
    if po_path.is_file():
        with compiled(po_path, cache_dir, lang, "site").open("rb") as stream:
            layers.append(gettext.GNUTranslations(stream))
    shipped = shipped_catalog(lang, shipped_folder)
    if shipped is not None:
        layers.append(gettext.GNUTranslations(io.BytesIO(_mo_bytes(shipped, shipped.stem))))
    if not layers:
        return gettext.NullTranslations()
    for layer in [*layers[1:], gettext.NullTranslations()]:
        layers[0].add_fallback(layer)
    return layers[0]

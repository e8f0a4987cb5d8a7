"""Three states of a docstring unit a reader can tell apart: translated, outdated, not translated.

The griffe extension marks each unit (`i18ndocs.reference.translation`), the plugin counts the
marks into the reference page's banner (`i18ndocs.plugin.banners`) and the status page counts
the same units per page (`i18ndocs.status.page`). The first tests work without a build; the
last builds the small ``tests/fixtures/wee`` project with one unit of each state.
"""

from __future__ import annotations

import gettext
import io
import re
import shutil
from html import escape
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from griffe import GriffeLoader, Module
from htmltree import Element, parse_file

from i18ndocs.builder.site import build_site
from i18ndocs.catalogs.po import read_catalog, write_catalog
from i18ndocs.catalogs.sitetext import (
    OUTDATED_MARK,
    OUTDATED_MARK_TITLE,
    UNTRANSLATED_MARK,
    UNTRANSLATED_MARK_TITLE,
    catalog_path,
    translator,
)
from i18ndocs.cli.catalog import update_language, write_templates
from i18ndocs.plugin.banners import (
    BannerKind,
    banner_texts,
    unit_counts,
    unit_counts_text,
    units_banner_html,
)
from i18ndocs.project.settings import load_settings
from i18ndocs.reference.translation import (
    MARK_CLASS,
    OUTDATED_CLASS,
    OUTDATED_MARK_CLASS,
    TRANSLATED_CLASS,
    UNTRANSLATED_CLASS,
    TranslateDocstrings,
)
from i18ndocs.status.model import Counts, LanguageStatus, PageState, StatusReport, UnitKind
from i18ndocs.status.model import UnitStatus as Unit
from i18ndocs.status.page import labels, render_report
from i18ndocs.status.report import collect_status
from i18ndocs.status.units import source_units

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "wee"
ENGLISH = gettext.NullTranslations()


# The banner's words and counts


def test_the_counts_name_each_state_with_english_plurals() -> None:
    assert unit_counts_text(ENGLISH, Counts(translated=12, outdated=2, missing=3)) == (
        "3 passages not translated, 2 passages outdated, 12 passages translated"
    )
    assert unit_counts_text(ENGLISH, Counts(translated=1, outdated=1, missing=1)) == (
        "1 passage not translated, 1 passage outdated, 1 passage translated"
    )
    assert unit_counts_text(ENGLISH, Counts(translated=0, outdated=2, missing=0)) == (
        "2 passages outdated"
    )


def _plural_words(lang: str) -> gettext.GNUTranslations:
    """A site catalog whose every plural message says which of the language's forms it took."""
    catalog = Catalog(locale=lang)
    forms = catalog.num_plurals
    for singular, plural, tag in (
        ("{count} passage not translated", "{count} passages not translated", "missing"),
        ("{count} passage outdated", "{count} passages outdated", "outdated"),
        ("{count} passage translated", "{count} passages translated", "translated"),
        ("{count} passage still in English", "{count} passages still in English", "english"),
    ):
        strings = tuple(f"{tag}[{form}]={{count}}" for form in range(forms))
        catalog.add((singular, plural), strings)
    catalog.add(", ", " + ", context="list separator")
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def test_each_count_takes_its_own_plural_form_in_the_readers_language() -> None:
    # Polish: one (1), few (2-4, 22-24...), many (0, 5-21...): three forms.
    polish = _plural_words("pl")
    counts = Counts(translated=2, outdated=1, missing=21)
    assert unit_counts_text(polish, counts) == "missing[2]=21 + outdated[0]=1 + translated[1]=2"
    title, _, _ = banner_texts(BannerKind.UNITS, polish, counts)
    assert title == "english[1]=22", "the title counts the units shown in English"


def test_the_units_banner_says_how_many_units_are_in_each_state() -> None:
    counts = Counts(translated=12, outdated=2, missing=3)
    title, _, _ = banner_texts(BannerKind.UNITS, ENGLISH, counts)
    assert title == "5 passages still in English"
    html = units_banner_html(ENGLISH, counts, "../guide/")
    assert html.startswith('<div class="admonition warning i18ndocs-banner i18ndocs-units">')
    assert '<p class="admonition-title" role="heading" aria-level="2">' in html
    assert "3 passages not translated, 2 passages outdated, 12 passages translated." in html
    assert '<a href="../guide/">Help translate them</a>' in html
    assert "{" not in html
    only_outdated = units_banner_html(ENGLISH, Counts(translated=3, outdated=1, missing=0), None)
    assert "1 passage still in English" in only_outdated
    assert units_banner_html(ENGLISH, Counts(translated=3, outdated=0, missing=0), None) == ""


def test_units_are_counted_by_the_class_of_their_state() -> None:
    html = (
        f'<div class="{TRANSLATED_CLASS}"><p>uno</p></div>'
        f'<span class="{TRANSLATED_CLASS}">Ejemplo</span>'
        f'<div class="{OUTDATED_CLASS}" lang="en"><p>two <a class="{OUTDATED_MARK_CLASS}">'
        f"outdated</a></p></div>"
        f'<div class="{UNTRANSLATED_CLASS}" lang="en"><p>three <a class="{MARK_CLASS}">'
        f"not translated</a></p></div>"
        f'<div class="{UNTRANSLATED_CLASS}" lang="en"><p>four</p></div>'
    )
    assert unit_counts(html) == Counts(translated=2, outdated=1, missing=2)


# The extension's marks


MODULE = '''"""First paragraph.

Second paragraph.
"""


def f(x: int, y: int, z: int) -> None:
    """Do something.

    Args:
        x: The English changed, and the catalog was updated.
        y: The English changed, and the catalog was not updated.
        z: Never translated.

    Note: A title
        A note.
    """
'''


CHANGED = "The English changed, and the catalog was updated."


def _marked_module(tmp_path: Path) -> Module:
    """Load ``mod`` and translate it into Spanish with a catalog holding every case."""
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "mod.py").write_text(MODULE, "utf-8")
    catalog = Catalog(locale="es")
    for context, english, translation, flags in (
        ("mod:text", "First paragraph.", "Primer párrafo.", []),
        ("mod.f:param:x", CHANGED, "Vieja.", ["fuzzy"]),
        ("mod.f:param:y", "The English before it changed.", "Antes.", []),
        ("mod.f:admonition-title", "A title", "Un título", []),
    ):
        catalog.add(english, translation, context=context, flags=flags)
    write_catalog(catalog, catalog_path(tmp_path / "docs", "es", "docstrings"))
    loader = GriffeLoader(search_paths=[str(tmp_path / "src")], docstring_parser="google")
    module = loader.load("mod")
    assert isinstance(module, Module)
    extension = TranslateDocstrings("es", str(tmp_path / "docs"), str(tmp_path / "cache"), "/g/")
    extension.on_package(pkg=module, loader=loader)
    return module


def test_each_unit_is_marked_with_its_state(tmp_path: Path) -> None:
    module = _marked_module(tmp_path)
    words = translator(tmp_path / "docs", "es", tmp_path / "cache")
    outdated_mark = (
        f'title="{escape(words.gettext(OUTDATED_MARK_TITLE))}">'
        f"{escape(words.pgettext('outdated unit', OUTDATED_MARK))}</a>"
    )
    untranslated_mark = (
        f'title="{escape(words.gettext(UNTRANSLATED_MARK_TITLE))}">'
        f"{escape(words.pgettext('untranslated unit', UNTRANSLATED_MARK))}</a>"
    )
    assert module.docstring is not None
    first, second = module.docstring.parsed[0].value.split("\n\n</div>")[:2]
    assert first == f'<div class="{TRANSLATED_CLASS}" markdown="1">\n\nPrimer párrafo.'
    # A context with a current translation does not make its other units outdated.
    assert f'<div class="{UNTRANSLATED_CLASS}" lang="en" markdown="1">' in second
    assert f'class="{MARK_CLASS}"' in second

    function = module["f"]
    assert function.docstring is not None
    sections = function.docstring.parsed
    described = {item.name: item.description for item in sections[1].value}
    for name in ("x", "y"):  # fuzzy; translated from an English no longer there
        assert described[name].startswith(f'<div class="{OUTDATED_CLASS}" lang="en" markdown="1">')
        assert f'<a class="{OUTDATED_MARK_CLASS}" href="/g/" lang="es"' in described[name]
        assert outdated_mark in described[name]
        assert MARK_CLASS + '"' not in described[name]
    assert "The English changed, and the catalog was not updated." in described["y"]
    assert described["z"].startswith(f'<div class="{UNTRANSLATED_CLASS}" lang="en" markdown="1">')
    assert untranslated_mark in described["z"]
    title = sections[2].title
    assert title == f'<span class="{TRANSLATED_CLASS}">Un título</span>'
    assert sections[2].value.description.startswith(f'<div class="{UNTRANSLATED_CLASS}"')


# The status page


def test_the_status_page_counts_each_pages_units_in_each_state() -> None:
    units = (
        Unit(UnitKind.DOCSTRING, "a#0", PageState.TRANSLATED, ("reference/a.md",)),
        Unit(UnitKind.DOCSTRING, "a#1", PageState.OUTDATED, ("reference/a.md",)),
        Unit(UnitKind.DOCSTRING, "a#2", PageState.OUTDATED, ("reference/a.md",)),
        Unit(UnitKind.DOCSTRING, "a#3", PageState.MISSING, ("reference/a.md",)),
        Unit(UnitKind.DOCSTRING, "a#4", PageState.MISSING, ("reference/a.md", "reference/b.md")),
        Unit(UnitKind.DOCSTRING, "a#5", PageState.MISSING, ("reference/a.md",)),
    )
    report = StatusReport("en", (LanguageStatus("es", "Español", units),), ())
    markdown = render_report(report, "es", ENGLISH)
    table = markdown.split("### Docstring units per reference page")[1]
    assert "| Page | Language | Translated | Outdated | Not translated |" in table
    row = '| `reference/a.md` | <span lang="es">Español</span> (`es`) | 1 | 2 | 3 |'
    assert row in table
    assert '| `reference/b.md` | <span lang="es">Español</span> (`es`) | 0 | 0 | 1 |' in table


# A real build


def _unit(page: Element, state_class: str, text: str) -> Element:
    """The one element of a state's class whose text holds ``text``."""
    found = [e for e in page.iter() if state_class in e.classes and text in e.text()]
    assert len(found) == 1, (state_class, text, len(found))
    return found[0]


@pytest.mark.docs
def test_a_built_reference_page_tells_the_three_states_apart(tmp_path: Path) -> None:
    project = tmp_path / "wee"
    shutil.copytree(FIXTURE, project)
    settings = load_settings(project)
    write_templates(settings)
    update_language(settings, "es")
    path = catalog_path(project / "docs", "es", "docstrings")
    catalog = read_catalog(path, "es")
    translations = {
        "wee.queue.BoundedQueue.put:text": ("Añade un elemento al final de la cola.", False),
        "wee.queue.BoundedQueue.get:text": ("Quita y devuelve el elemento más antiguo.", True),
    }
    for message in catalog:
        if message.context in translations:
            message.string, fuzzy = translations[message.context]
            if fuzzy:
                message.flags.add("fuzzy")
    write_catalog(catalog, path)

    result = build_site(project, project / "site", ["es"])
    assert result.ok, [str(problem) for problem in result.problems]
    words = translator(settings.docs_root, "es", tmp_path / "cache")
    page_path = project / "site" / "es" / "reference" / "queue" / "index.html"
    page = parse_file(page_path)

    translated = _unit(page, TRANSLATED_CLASS, "Añade un elemento al final de la cola.")
    assert "lang" not in translated.attrs
    assert translated.find("a") is None

    outdated = _unit(page, OUTDATED_CLASS, "Remove and return the oldest item.")
    assert outdated.attrs["lang"] == "en"
    assert "Quita" not in outdated.text()
    mark = outdated.find("a", OUTDATED_MARK_CLASS)
    assert mark is not None
    assert mark.text() == words.pgettext("outdated unit", OUTDATED_MARK)
    assert mark.attrs["lang"] == "es"
    assert mark.attrs["title"] == words.gettext(OUTDATED_MARK_TITLE)
    assert mark.attrs["href"].endswith("/es/translating/guide/")
    assert outdated.find("a", MARK_CLASS) is None

    missing = _unit(page, UNTRANSLATED_CLASS, "The item to add.")
    assert missing.attrs["lang"] == "en"
    mark = missing.find("a", MARK_CLASS)
    assert mark is not None
    assert mark.text() == words.pgettext("untranslated unit", UNTRANSLATED_MARK)
    assert mark.attrs["title"] == words.gettext(UNTRANSLATED_MARK_TITLE)

    html = page_path.read_text("utf-8")
    counts = unit_counts(html)
    report = collect_status(settings.docs_root, settings.languages, source_units(settings))
    expected = report.language("es").page_unit_counts()["reference/queue.md"]
    assert (expected.translated, expected.outdated) == (1, 1)
    assert expected.missing > 5
    assert counts == expected, "the page and the status disagree"
    banner = page.find("div", "i18ndocs-units")
    assert banner is not None
    assert banner_texts(BannerKind.UNITS, words, counts)[0] in banner.text()
    assert unit_counts_text(words, counts) in banner.text()
    assert unit_counts_text(ENGLISH, counts) == (
        f"{counts.missing} passages not translated, 1 passage outdated, 1 passage translated"
    )

    status = (project / "site" / "es" / "translating" / "progress" / "index.html").read_text()
    text = labels(words)
    headers = r"\s*".join(
        f"<th>{escape(text[key])}</th>"
        for key in ("page", "language", "translated", "outdated", "missing")
    )
    assert re.search(headers, status)
    row = re.search(
        r"<td><code>reference/queue.md</code></td>\s*<td><span lang=\"es\">Español</span> "
        r"\(<code>es</code>\)</td>\s*<td>(\d+)</td>\s*<td>(\d+)</td>\s*<td>(\d+)</td>",
        status,
    )
    assert row is not None
    assert tuple(int(number) for number in row.groups()) == (1, 1, counts.missing)

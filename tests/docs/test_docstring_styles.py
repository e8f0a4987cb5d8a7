"""Docstrings in every style, rendered in Spanish from a partial catalog (issue 21, items 3-4).

``tests/fixtures/styles`` documents three packages: NumPy style (as numpy and pooch write it),
Sphinx style (as requests writes it, ``~~~~`` title and ``Usage::`` block included) and Google
style. Half of the catalog is translated; each page must show every translated unit in Spanish,
every other unit marked English, and as many units as the catalog holds for that page.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from htmltree import parse_file

from i18ndocs.builder.site import SiteResult, build_site
from i18ndocs.catalogs.extract import start_language_catalogs
from i18ndocs.catalogs.po import read_catalog, write_catalog
from i18ndocs.catalogs.sitetext import catalog_path
from i18ndocs.project.settings import load_settings
from i18ndocs.reference.translation import UNTRANSLATED_CLASS
from i18ndocs.status.model import PageState
from i18ndocs.status.report import collect_status
from i18ndocs.status.units import source_units

pytestmark = pytest.mark.docs

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "styles"
MARK = "ESX-"  # what every Spanish translation starts with, to find it on the page
PAGES = ("reference/numpy.md", "reference/sphinx.md", "reference/google.md")


@pytest.fixture(scope="module")
def styles_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, SiteResult]:
    project = tmp_path_factory.mktemp("styles") / "styles"
    shutil.copytree(FIXTURE, project)
    settings = load_settings(project)
    start_language_catalogs(settings, "es")
    path = catalog_path(settings.docs_root, "es", "docstrings")
    catalog = read_catalog(path, "es")
    for number, message in enumerate(message for message in catalog if message.id):
        if number % 2 == 0:
            message.string = MARK + str(message.id)
    write_catalog(catalog, path)
    result = build_site(project, project.parent / "site")
    assert result.ok, [str(problem) for problem in result.problems]
    return project, result


def html_of(result: SiteResult, page: str) -> Path:
    return result.site_dir / "es" / page.removesuffix(".md") / "index.html"


@pytest.mark.parametrize("page", PAGES)
def test_each_page_shows_as_many_units_as_the_catalog_holds_for_it(
    styles_site: tuple[Path, SiteResult], page: str
) -> None:
    project, result = styles_site
    settings = load_settings(project)
    report = collect_status(settings.docs_root, settings.languages, source_units(settings))
    counts = report.language("es").page_unit_counts()[page]
    html = html_of(result, page).read_text(encoding="utf-8")
    tree = parse_file(html_of(result, page))
    english = tree.find_all(cls=UNTRANSLATED_CLASS)
    translated = html.count(MARK)
    assert counts.total > 3
    assert translated == counts.of(PageState.TRANSLATED), "every translated unit is replaced"
    assert len(english) == counts.of(PageState.MISSING), "every other unit is marked English"
    assert all(element.attrs.get("lang") == "en" for element in english)


# The prose of the fixture's docstrings, written out independently of the pipeline: each must
# show on the Spanish page either translated or inside an element marked English.
PROSE = {
    "reference/numpy.md": [
        "Download files once and keep them.",
        "Notes",
        "The cache lives in the user's cache folder.",
        "Uses HTTP or FTP by default",
        "A known hash (checksum) of the file.",
        "If the hash does not match.",
        "Download one of the data files:",
        ".. versionadded:: 1.4",
        "How many files were removed.",
    ],
    "reference/sphinx.md": [
        "requests.api",
        "This module implements the Requests API.",
        ":copyright: (c) 2012 by Kenneth Reitz.",
        "Example::",
        "URL for the new",
        "When the method is unknown.",
        ".. note::",
        "Usage::",
        "Sends a GET request.",
    ],
    "reference/google.md": [
        "A square.",
        "Sizes",
        "A square has one size, the length of its sides.",
        "The length of a side.",
        "Four sides.",
        "The perimeter.",
    ],
}

# Code in the docstrings: shown as written, never a unit (neither translated nor marked).
CODE = {
    "reference/numpy.md": [">>> fname = retrieve("],
    "reference/sphinx.md": ["req = requests.request('GET'", "api.get('https://example.org/get'"],
    "reference/google.md": ["Square(2).area()"],
}


@pytest.mark.parametrize("page", PAGES)
def test_no_prose_is_left_in_english_unmarked(
    styles_site: tuple[Path, SiteResult], page: str
) -> None:
    _, result = styles_site
    article = parse_file(html_of(result, page)).find("article")
    assert article is not None
    shown = article.text()
    marked = " ".join(element.text() for element in article.find_all(cls=UNTRANSLATED_CLASS))
    for english in PROSE[page]:
        occurrences = shown.count(english)
        assert occurrences, f"{english!r} is not on {page}"
        assert occurrences == marked.count(english) + shown.count(MARK + english), (
            f"{english!r} shows in English without lang='en' on {page}"
        )
    for code in CODE[page]:
        assert code in shown, f"{code!r} is not on {page}"
        assert code not in marked, f"{code!r} was made a unit"
        assert not re.search(re.escape(MARK) + r"\s*" + re.escape(code), shown), code

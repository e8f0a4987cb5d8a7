"""A new project's pages show the pipeline's words translated, with nothing translated by hand:
``tests/fixtures/wee`` copied, its es and zh catalogs started as ``new-lang`` starts them
(every entry empty), built; the words come from the catalogs the pipeline ships."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from htmltree import Element, parse_file

from i18ndocs.builder.site import build_site
from i18ndocs.catalogs.extract import start_language_catalogs
from i18ndocs.catalogs.po import is_translated, read_catalog
from i18ndocs.catalogs.shipped import shipped_languages
from i18ndocs.catalogs.sitetext import catalog_path
from i18ndocs.project.settings import load_settings

pytestmark = pytest.mark.docs

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "wee"
LANGUAGES = ("es", "zh")
UNSEEN = {"code", "pre", "script", "style", "svg", "kbd", "samp"}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = tmp_path_factory.mktemp("fresh") / "wee"
    shutil.copytree(FIXTURE, project)
    settings = load_settings(project)
    for code in LANGUAGES:
        start_language_catalogs(settings, code)
        site_po = read_catalog(catalog_path(settings.docs_root, code, "site"), code)
        assert not any(is_translated(message) for message in site_po if message.id)
    result = build_site(project, project.parent / "site")
    assert result.ok, [str(problem) for problem in result.problems]
    return result.site_dir


def shipped(code: str) -> dict[tuple[str | None, str], str]:
    """The singular words of the language's shipped catalog: (context, English) -> theirs."""
    catalog = read_catalog(shipped_languages()[code], code)
    return {
        (message.context, message.id): message.string
        for message in catalog
        if isinstance(message.id, str) and message.id and message.string
    }


def reader_text(element: Element, lang: str = "") -> str:
    """The text a reader sees in the page's language: no code, nothing whose nearest ``lang``
    is English."""
    lang = element.attrs.get("lang", lang)
    if element.tag in UNSEEN:
        return ""
    return " ".join(
        (child if lang != "en" else "") if isinstance(child, str) else reader_text(child, lang)
        for child in element.children
    )


@pytest.mark.parametrize("code", LANGUAGES)
def test_the_pipelines_words_are_translated_on_a_new_projects_pages(site: Path, code: str) -> None:
    words = shipped(code)
    reference = parse_file(site / code / "reference" / "queue" / "index.html")
    text = reader_text(reference)
    for english in ("Parameters:", "Source code in", "Not translated yet"):
        assert words[(None, english)] in text, (code, english)
    for english in (
        "Parameters:",
        "Source code in",
        "Not translated yet",
        "Help translate it",
        "still in English",
    ):
        assert english not in text, (code, english)
    permalinks = {a.attrs.get("title") for a in reference.find_all("a", "headerlink")}
    assert permalinks == {words[(None, "Permanent link")]}, permalinks
    missing = parse_file(site / code / "404.html").find("h1")
    assert missing is not None
    assert missing.text() == words[(None, "404 - Not found")]
    badges = site / code / "assets" / "stylesheets" / "i18ndocs-symbols.css"
    assert f'"{words[("symbol badge", "class")]}"' in badges.read_text("utf-8")

"""Reference pages in the reader's language, in real builds: docstrings, labels, marked English.

The session's build (``built_site``) checks the repository as it is; temporary copies check
what happens when the English changes, a catalog entry is hostile, or a language is added.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from htmltree import Element, parse_file

from i18ndocs.builder.site import SiteResult, build_site
from i18ndocs.catalogs.po import is_translated, read_catalog, write_catalog
from i18ndocs.catalogs.sitetext import SYMBOL_BADGES, catalog_path, translator
from i18ndocs.cli.catalog import update_language, write_templates
from i18ndocs.cli.new_lang import add_language
from i18ndocs.project.settings import load_settings
from i18ndocs.reference.translation import (
    MARK_CLASS,
    OUTDATED_CLASS,
    OUTDATED_MARK_CLASS,
    TRANSLATED_CLASS,
    UNTRANSLATED_CLASS,
)
from i18ndocs.status.model import PageState, UnitKind
from i18ndocs.status.page import percent
from i18ndocs.status.report import collect_status
from i18ndocs.status.units import source_units

pytestmark = pytest.mark.docs

ROOT = Path(__file__).resolve().parents[2]
ACCEPT = "tether.websockets.WebSocket.accept"
TRANSLATED = ("es", "zh")

# Words of the English interface that must not show on a Spanish or Chinese page outside
# code and outside units marked lang="en".
ENGLISH_INTERFACE = re.compile(
    r"\b(Bases|Parameters|Returns|Raises|Yields|Attributes|Source code in|Permanent link|"
    r"Not found|required|Default|Description|DESCRIPTION|PARAMETER|RETURNS|RAISES|TYPE|"
    r"not translated|Not translated yet|Translation out of date|still in English|"
    r"Translation status|Read the English page|Help translate)\b"
)
LABEL_WORDS = {"async", "property", "module-attribute", "class-attribute", "classmethod"}


def _description_cells(page: Path, anchor: str) -> dict[str, Element]:
    """Map each parameter of a documented function to its description cell."""
    tree = parse_file(page)
    heading = tree.by_id(anchor)
    assert heading is not None, f"{anchor} not on {page}"
    block = heading.parent
    assert block is not None
    contents = block.find("div", "doc-contents")
    assert contents is not None
    table = contents.find("table")
    assert table is not None, f"{anchor} has no parameter table"
    cells: dict[str, Element] = {}
    for row in table.find_all("tr", "doc-section-item"):
        columns = row.find_all("td")
        cells[columns[0].text().strip()] = columns[2]
    return cells


def _translations(lang: str, context_prefix: str) -> dict[str, str]:
    catalog = read_catalog(catalog_path(ROOT / "docs", lang, "docstrings"), lang)
    return {
        str(message.context).rsplit(":", 1)[1]: str(message.string)
        for message in catalog
        if message.context and message.context.startswith(context_prefix)
    }


def _words(text: str) -> str:
    return re.sub(r"[`*]|\s+", "", text)


@pytest.mark.parametrize("lang", TRANSLATED)
def test_the_accept_page_describes_every_parameter_in_the_readers_language(
    built_site: SiteResult, lang: str
) -> None:
    page = built_site.site_dir / lang / "reference" / "websockets" / "index.html"
    cells = _description_cells(page, ACCEPT)
    translations = _translations(lang, f"{ACCEPT}:param:")
    assert set(cells) == {"subprotocol", "headers"}
    for name, cell in cells.items():
        assert cell.find(cls=UNTRANSLATED_CLASS) is None, f"{lang}: {name} is marked English"
        shown = _words(cell.text())
        assert shown == _words(translations[name]), (lang, name, cell.text())
        if lang == "zh":
            assert re.search(r"[\u4e00-\u9fff]", shown)


def _visible_text(element: Element, out: list[str]) -> None:
    """Collect the text a reader sees outside code and outside elements marked English."""
    if element.tag in {"code", "pre", "script", "style", "svg"}:
        return
    if element.attrs.get("lang", "").startswith("en"):
        return
    for child in element.children:
        if isinstance(child, str):
            out.append(child)
        else:
            _visible_text(child, out)


def _pages(site: Path, lang: str) -> Iterator[Path]:
    yield from sorted((site / lang).rglob("*.html"))


@pytest.mark.parametrize("lang", TRANSLATED)
def test_no_english_interface_word_on_translated_pages(built_site: SiteResult, lang: str) -> None:
    checked = 0
    for path in _pages(built_site.site_dir, lang):
        tree = parse_file(path)
        body = tree.find("body")
        assert body is not None
        for selector in body.find_all("div", "md-select"):  # language names are not English
            selector.children.clear()
        text: list[str] = []
        _visible_text(body, text)
        found = ENGLISH_INTERFACE.findall(" ".join(text))
        titles = [e.attrs["title"] for e in body.iter() if "title" in e.attrs]
        found += [t for t in titles if ENGLISH_INTERFACE.search(t)]
        labels = {e.text().strip() for e in body.find_all("small", "doc-label")}
        found += sorted(labels & LABEL_WORDS)
        head = tree.find("head")
        assert head is not None
        for meta in head.find_all("meta"):
            if meta.attrs.get("name") == "description":
                found += ["meta description"] * (meta.attrs["content"] == _english_description())
        assert not found, f"{path}: {sorted(set(found))}"
        checked += 1
    assert checked >= 12
    symbols = built_site.site_dir / lang / "assets" / "stylesheets" / "i18ndocs-symbols.css"
    css = symbols.read_text("utf-8")
    badges = dict(re.findall(r"doc-symbol-(\w+)::after \{ content: \"([^\"]*)\"", css))
    words = translator(ROOT / "docs", lang, Path(tempfile.gettempdir()) / "tether-test-catalogs")
    assert set(SYMBOL_BADGES) <= set(badges)
    for kind, english in SYMBOL_BADGES.items():
        translated = words.pgettext("symbol badge", english)
        assert translated != english or english == "func", f"{lang}: badge {english} untranslated"
        assert badges[kind] == translated, (kind, badges[kind], translated)


def _english_description() -> str:
    import yaml

    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text("utf-8").split("\nplugins:")[0])
    return str(config["site_description"])


def test_the_404_page_is_in_each_language(built_site: SiteResult) -> None:
    titles = {}
    for lang in ("en", *TRANSLATED):
        tree = parse_file(built_site.site_dir / lang / "404.html")
        heading = tree.find("h1")
        assert heading is not None
        titles[lang] = heading.text().strip()
    assert titles["en"] == "404 - Not found"
    assert len(set(titles.values())) == 3, titles


def _copy_with_code(tmp_path: Path) -> Path:
    """A copy of the sources with a copy of the code, so docstrings can be edited."""
    copy = tmp_path / "repo"
    copy.mkdir()
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copy2(ROOT / "mkdocs.yml", copy / "mkdocs.yml")
    for folder in ("docs", "scripts", "src"):
        shutil.copytree(ROOT / folder, copy / folder, ignore=ignore)
    return copy


def _build(root: Path, *codes: str) -> SiteResult:
    return build_site(root, root / "site", list(codes))


def test_an_english_edit_makes_exactly_its_unit_fuzzy_and_english(tmp_path: Path) -> None:
    root = _copy_with_code(tmp_path)
    code = root / "src" / "tether" / "websockets.py"
    old = "The subprotocol to speak, one of those the client offered in"
    new = "The subprotocol to use, one of those the client offered in"
    assert old in code.read_text("utf-8")
    code.write_text(code.read_text("utf-8").replace(old, new), "utf-8")

    write_templates(load_settings(root))
    counts, _ = update_language(load_settings(root), "es")["docstrings"]
    assert counts["fuzzy"] == 1
    catalog = read_catalog(catalog_path(root / "docs", "es", "docstrings"), "es")
    (fuzzy,) = (message for message in catalog if message.fuzzy)
    assert fuzzy.context == f"{ACCEPT}:param:subprotocol"
    assert fuzzy.previous_id
    assert old in fuzzy.previous_id[0]

    report = collect_status(
        root / "docs", load_settings(root).languages, source_units(load_settings(root))
    )
    spanish = report.language("es")
    assert spanish.counts(UnitKind.DOCSTRING).outdated == 1
    assert spanish.page_unit_counts()["reference/websockets.md"].outdated == 1

    result = _build(root, "es")
    assert result.ok, [str(problem) for problem in result.problems]
    page = root / "site" / "es" / "reference" / "websockets" / "index.html"
    cells = _description_cells(page, ACCEPT)
    marked = cells["subprotocol"].find(cls=OUTDATED_CLASS)
    assert marked is not None
    assert marked.attrs["lang"] == "en"
    assert "The subprotocol to use" in marked.text()
    mark = marked.find("a", OUTDATED_MARK_CLASS)
    assert mark is not None
    assert mark.attrs["href"].endswith("/es/contributing/translations/")
    assert mark.attrs["lang"] == "es"
    assert marked.find("a", MARK_CLASS) is None, "an outdated unit is marked as missing"
    assert cells["headers"].find(cls=OUTDATED_CLASS) is None
    assert cells["headers"].find(cls=TRANSLATED_CLASS) is not None
    html = page.read_text("utf-8")
    assert html.count(f'class="{OUTDATED_CLASS}"') == 1
    assert html.count(f'class="{UNTRANSLATED_CLASS}"') == 0
    assert html.count("i18ndocs-banner i18ndocs-units") == 1


@pytest.mark.parametrize(
    ("payload", "named"),
    [("<script>alert(1)</script>", "<script>"), ('<img src=x onerror="a()">', "onerror")],
)
def test_a_smuggled_script_fails_the_build_naming_file_and_line(
    repo_copy: Path, payload: str, named: str
) -> None:
    path = catalog_path(repo_copy / "docs", "es", "docstrings")
    catalog = read_catalog(path, "es")
    target = next(m for m in catalog if m.context == f"{ACCEPT}:param:headers")
    target.string = f"{target.string} {payload}"
    write_catalog(catalog, path)
    line = (
        next(
            number
            for number, text in enumerate(path.read_text("utf-8").splitlines(), start=1)
            if text == f'msgctxt "{ACCEPT}:param:headers"'
        )
        + 1
    )
    previous = repo_copy / "site"
    (previous / "es").mkdir(parents=True)
    (previous / "es" / "index.html").write_text("the previous site", "utf-8")

    result = _build(repo_copy, "es")
    assert not result.ok
    messages = [str(problem) for problem in result.problems]
    assert any(f"{path}:{line}:" in text and named in text for text in messages), messages
    assert (previous / "es" / "index.html").read_text("utf-8") == "the previous site"


def test_a_new_language_gets_catalogs_and_a_site_marked_english(repo_copy: Path) -> None:
    language, _ = add_language(repo_copy, "fr")
    assert language.code == "fr"
    for domain in ("site", "docstrings"):
        catalog = read_catalog(catalog_path(repo_copy / "docs", "fr", domain), "fr")
        messages = [message for message in catalog if message.id]
        assert messages, f"the French {domain} catalog is empty"
        assert not any(is_translated(message) for message in messages)

    result = _build(repo_copy, "fr")
    assert result.ok, [str(problem) for problem in result.problems]
    page = repo_copy / "site" / "fr" / "reference" / "websockets" / "index.html"
    tree = parse_file(page)
    marked = [e for e in tree.iter() if UNTRANSLATED_CLASS in e.classes]
    assert len(marked) > 50
    assert all(e.attrs.get("lang") == "en" for e in marked)
    assert "i18ndocs-banner i18ndocs-units" in page.read_text("utf-8")
    testing = parse_file(repo_copy / "site" / "fr" / "reference" / "testing" / "index.html")
    titles = [s for s in testing.find_all("summary") if s.find(cls=UNTRANSLATED_CLASS)]
    assert titles, "the English title of an Example: section is not marked"
    for summary in titles:
        assert summary.find("a") is None, "a link inside a <summary> control"
        title = summary.find(cls=UNTRANSLATED_CLASS)
        assert title is not None
        assert title.tag == "span"
        assert title.attrs["lang"] == "en"

    report = collect_status(
        repo_copy / "docs",
        load_settings(repo_copy).languages,
        source_units(load_settings(repo_copy)),
    )
    french = report.language("fr")
    for kind in (UnitKind.DOCSTRING, UnitKind.SITE_TEXT):
        counts = french.counts(kind)
        assert counts.total > 0
        assert counts.missing == counts.total, kind
    assert french.page_unit_counts()["reference/websockets.md"].of(PageState.MISSING) == len(marked)


def test_the_status_page_counts_the_units_of_each_language(built_site: SiteResult) -> None:
    report = collect_status(
        ROOT / "docs", load_settings(ROOT).languages, source_units(load_settings(ROOT))
    )
    html = (built_site.site_dir / "es" / "contributing" / "status" / "index.html").read_text(
        "utf-8"
    )
    for status in report.languages:
        counts = status.counts(UnitKind.DOCSTRING)
        assert counts.total > 600
        cells = [
            f"{counts.of(state)} ({percent(counts.percent(state), 'es')})" for state in PageState
        ]
        name = rf"(?:<span[^>]*>)?{re.escape(status.name)}(?:</span>)?"
        numbers = r"\s*".join(f"<td>{re.escape(cell)}</td>" for cell in cells)
        row = re.search(
            rf"<td>{name} \(<code>{status.code}</code>\)</td>\s*<td>[^<]+</td>\s*{numbers}", html
        )
        assert row is not None, (status.code, cells)
        websockets = status.page_unit_counts()["reference/websockets.md"]
        assert websockets.total > 100
    assert "<code>reference/websockets.md</code>" in html


def test_status_check_fails_on_a_broken_catalog_naming_file_and_line(repo_copy: Path) -> None:
    import subprocess
    import sys

    path = catalog_path(repo_copy / "docs", "zh", "site")
    lines = path.read_text("utf-8").splitlines()
    line = lines.index('msgid "Guide"') + 2
    assert lines[line - 1].startswith('msgstr "')
    lines[line - 1] = lines[line - 1].rstrip('"')  # unterminated: Babel alone would accept it
    path.write_text("\n".join(lines) + "\n", "utf-8")
    completed = subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "docs.py"),
            "status",
            "--check",
            "--root",
            str(repo_copy),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 1
    assert f"docs/zh/catalogs/site.po:{line}:" in completed.stdout + completed.stderr

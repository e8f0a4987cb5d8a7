"""Adopting i18ndocs for real third-party packages, the way a stranger would (issue 21).

Each package comes from the package registry as a test dependency: pooch writes NumPy-style
docstrings, requests Sphinx/reST-style ones (module titles underlined with ``~~~``,
``:param:`` fields, ``Usage::`` literal blocks, doctests). A project is what such a
package's repository holds: its source under ``src/``, a plain ``mkdocs.yml`` (Material and
mkdocstrings, no i18ndocs) and English pages. The installed ``i18ndocs`` command then does
everything: ``init``, ``new-lang es``, ``new-lang zh``, ``catalog update``,
``build --strict``; the test writes no pipeline file by hand.

The checks read the built HTML on their own terms, not through the pipeline's code: the
units a page renders, its interface words, its source listings' line numbers.
"""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from babel.messages.catalog import Message
from babel.messages.pofile import read_po, write_po
from htmltree import Element, parse_file

pytestmark = pytest.mark.docs

BIN = Path(sys.executable).parent
TRANSLATED = {"es": "«es» ", "zh": "«zh» "}
"""What the test's stand-in translations put before the English, to be found on the page."""


@dataclass(frozen=True)
class Package:
    """A real package and the stranger's project that documents it."""

    name: str
    style: str
    modules: tuple[str, ...]
    """The modules the reference documents, one page each."""
    changed: tuple[str, str, str]
    """A docstring edit that makes one translated unit outdated: file, old text, new text."""


PACKAGES = {
    "pooch": Package(
        name="pooch",
        style="numpy",
        modules=("pooch.core", "pooch.processors"),
        changed=(
            "core.py",
            "Download and cache a single file locally.",
            "Download and cache one file locally.",
        ),
    ),
    "requests": Package(
        name="requests",
        style="sphinx",
        modules=("requests.api", "requests.structures", "requests.exceptions"),
        changed=("api.py", "Sends a GET request.", "Sends a GET request (changed)."),
    ),
}


def write_plain_project(package: Package, project: Path) -> None:
    """What the package's repository holds before it adopts i18ndocs."""
    spec = importlib.util.find_spec(package.name)
    assert spec is not None
    assert spec.submodule_search_locations
    source = Path(next(iter(spec.submodule_search_locations)))
    shutil.copytree(source, project / "src" / package.name, ignore=shutil.ignore_patterns("*.pyc"))
    reference = "\n".join(
        f"      - reference/{module.rpartition('.')[2]}.md" for module in package.modules
    )
    (project / "mkdocs.yml").write_text(
        f"site_name: {package.name.title()}\n"
        f"site_description: The {package.name} package, documented.\n"
        "theme:\n"
        "  name: material\n"
        "plugins:\n"
        "  - search\n"
        "  - mkdocstrings:\n"
        "      handlers:\n"
        "        python:\n"
        "          paths: [src]\n"
        "          options:\n"
        f"            docstring_style: {package.style}\n"
        "            show_source: true\n"
        "            show_root_heading: true\n"
        "nav:\n"
        "  - index.md\n"
        "  - Reference:\n"
        f"{reference}\n",
        encoding="utf-8",
    )
    docs = project / "docs"
    (docs / "reference").mkdir(parents=True)
    (docs / "index.md").write_text(
        f"# {package.name.title()}\n\nThe reference of `{package.name}`, page by page.\n",
        encoding="utf-8",
    )
    for module in package.modules:
        (docs / "reference" / f"{module.rpartition('.')[2]}.md").write_text(
            f"# `{module}`\n\n::: {module}\n", encoding="utf-8"
        )


def i18ndocs(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the installed command the way a user does, in the project's folder."""
    done = subprocess.run(
        [str(BIN / "i18ndocs"), *args],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert done.returncode == 0, f"i18ndocs {' '.join(args)}:\n{done.stdout}\n{done.stderr}"
    return done


@dataclass(frozen=True)
class Adopted:
    package: Package
    project: Path
    site: Path


def adopt(package: Package, root: Path) -> Adopted:
    project = root / package.name
    write_plain_project(package, project)
    for args in (
        ("init",),
        ("new-lang", "es"),
        ("new-lang", "zh"),
        ("catalog", "update"),
        ("build", "--strict"),
    ):
        i18ndocs(project, *args)
    return Adopted(package, project, project / "site")


@pytest.fixture(scope="module", params=sorted(PACKAGES))
def adopted(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Adopted:
    package = PACKAGES[request.param]
    return adopt(package, tmp_path_factory.mktemp(f"real-{package.name}"))


# Reading the built pages ------------------------------------------------------------------


def html_pages(site: Path, code: str) -> Iterator[Path]:
    yield from sorted((site / code).rglob("*.html"))


def reference_pages(adopted: Adopted, code: str) -> dict[str, Path]:
    return {
        module: adopted.site / code / "reference" / module.rpartition(".")[2] / "index.html"
        for module in adopted.package.modules
    }


def language_of(element: Element) -> str | None:
    node: Element | None = element
    while node is not None:
        if "lang" in node.attrs:
            return node.attrs["lang"]
        node = node.parent
    return None


CODE_TAGS = {"code", "pre", "kbd", "samp", "script", "style", "svg", "title"}


def shown_text(element: Element, reader: str) -> Iterator[str]:
    """Text a reader sees as the page's language: outside English-marked elements and code."""
    for child in element.children:
        if isinstance(child, str):
            if child.strip():
                yield child
            continue
        if child.tag in CODE_TAGS or child.attrs.get("hidden") is not None:
            continue
        if child.attrs.get("lang") and child.attrs["lang"].split("-")[0] != reader:
            continue
        yield from shown_text(child, reader)


def docstring_blocks(page: Element) -> list[Element]:
    """The prose blocks of the rendered docstrings: paragraphs and list items of each object's
    contents and of the descriptions in its section tables, never code or source listings."""
    blocks = []
    for contents in page.find_all("div", "doc-contents"):
        for element in contents.iter():
            if element.tag not in {"p", "li"}:
                continue
            if any(ancestor.tag in {"details", "pre", "code"} for ancestor in ancestors(element)):
                continue
            if element.tag == "p" and element.parent is not None and element.parent.tag == "li":
                continue
            if "doc-class-bases" in element.classes:
                continue  # "Bases: ABC", made of the class's code
            if element.find("span", "doc-section-title") is not None:
                continue  # a section's title ("Parameters:"), a label and not a unit
            nearest = next(a for a in ancestors(element) if "doc-contents" in a.classes)
            if nearest is not contents:
                continue
            if element.text().strip():
                blocks.append(element)
    return blocks


def ancestors(element: Element) -> Iterator[Element]:
    node = element.parent
    while node is not None:
        yield node
        node = node.parent


def marked_units(page: Element, state: str) -> list[Element]:
    return [e for e in page.iter() if f"i18ndocs-{state}-unit" in e.classes]


# What every stranger's site must hold ------------------------------------------------------


def english_phrases(text: str) -> Iterator[str]:
    """The phrases of an interface string worth looking for: placeholders and punctuation
    split it, and a phrase needs four characters and a lowercase letter."""
    for phrase in re.split(r"[.:,;!?()]", re.sub(r"\{\w+\}", " ", text)):
        phrase = phrase.strip()
        if len(phrase) >= 4 and re.search(r"[a-z]", phrase):
            yield phrase


def interface_words(code: str) -> set[str]:
    """The English phrases the pipeline and mkdocstrings put on pages (the shipped template),
    less those the language's shipped catalog keeps as they are (a loanword like "Docstrings")."""
    from i18ndocs.catalogs.shipped import shipped_catalog, shipped_template

    def messages(path: Path, locale: str | None = None) -> list[Message]:
        with path.open("rb") as stream:
            return [message for message in read_po(stream, locale=locale) if message.id]

    catalog = shipped_catalog(code)
    assert catalog is not None, code
    kept = set()
    for message in messages(catalog, code):
        forms = [message.string] if isinstance(message.string, str) else list(message.string)
        kept.update(phrase for form in forms for phrase in english_phrases(form))
    words: set[str] = set()
    for message in messages(shipped_template()):
        for text in [message.id] if isinstance(message.id, str) else message.id:
            words.update(english_phrases(text))
    return words - kept


def test_the_commands_adopt_the_package(adopted: Adopted) -> None:
    for code in ("en", "es", "zh"):
        for module, page in reference_pages(adopted, code).items():
            tree = parse_file(page)
            assert tree.by_id(module) is not None, (code, module)
    assert (adopted.project / "docs" / "en" / "index.md").is_file()


def test_no_english_interface_word_outside_english_and_code(adopted: Adopted) -> None:
    for code in ("es", "zh"):
        words = interface_words(code)
        assert {"Parameters", "Source code in", "Description"} <= words
        for page in html_pages(adopted.site, code):
            text = " ".join(shown_text(parse_file(page), code))
            found = sorted(
                w for w in words if re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", text)
            )
            assert not found, (page.relative_to(adopted.site), found)


def test_no_word_tether_in_the_site_or_the_project(adopted: Adopted) -> None:
    for root in (adopted.site, adopted.project / "docs", adopted.project / "mkdocs.yml"):
        files = [root] if root.is_file() else [p for p in root.rglob("*") if p.is_file()]
        for path in files:
            assert b"tether" not in path.read_bytes().lower(), path


def test_source_listings_show_the_files_exact_lines(adopted: Adopted) -> None:
    checked = 0
    for page in reference_pages(adopted, "es").values():
        for details in parse_file(page).find_all("details"):
            numbers_cell = details.find("td", "linenos")
            code_cell = details.find("td", "code")
            if numbers_cell is None or code_cell is None:
                continue
            summary = details.find("code")
            assert summary is not None
            source = (adopted.project / summary.text()).read_text(encoding="utf-8").splitlines()
            numbers = [int(n) for n in numbers_cell.text().split()]
            lines = code_cell.text().rstrip("\n").split("\n")
            assert numbers == list(range(numbers[0], numbers[0] + len(numbers)))
            assert len(lines) == len(numbers), summary.text()
            # A method's listing is dedented as a whole: the file's lines with one indent less.
            shown = textwrap.dedent("\n".join(source[numbers[0] - 1 : numbers[-1]])).split("\n")
            assert [line.rstrip() for line in lines] == [line.rstrip() for line in shown], (
                summary.text(),
                numbers[0],
            )
            checked += 1
    assert checked >= 3


def status_pages(project: Path, code: str) -> dict[str, dict[str, int]]:
    done = i18ndocs(project, "status", "--format", "json")
    report = json.loads(done.stdout)
    language = next(entry for entry in report["languages"] if entry["code"] == code)
    return language["pages"]


def test_status_counts_what_each_page_shows(adopted: Adopted) -> None:
    pages = status_pages(adopted.project, "es")
    for module, page in reference_pages(adopted, "es").items():
        tree = parse_file(page)
        shown = len(marked_units(tree, "untranslated"))
        counted = pages[f"reference/{module.rpartition('.')[2]}.md"]
        assert shown > 0, module
        assert counted["total"] == counted["missing"] == shown, (module, counted, shown)


def translate_everything(project: Path, code: str) -> int:
    """Fill a language's docstring catalog with stand-in translations (a prefix + the English)."""
    path = project / "docs" / code / "catalogs" / "docstrings.po"
    with path.open("rb") as stream:
        catalog = read_po(stream, locale=code)
    count = 0
    for message in catalog:
        if message.id:
            message.string = TRANSLATED[code] + str(message.id)
            count += 1
    with path.open("wb") as stream:
        write_po(stream, catalog, width=100)
    return count


def untranslate(project: Path, code: str, english: str) -> None:
    path = project / "docs" / code / "catalogs" / "docstrings.po"
    with path.open("rb") as stream:
        catalog = read_po(stream, locale=code)
    hits = [m for m in catalog if m.id and english in str(m.id) and m.string]
    assert hits, english
    hits[0].string = ""
    with path.open("wb") as stream:
        write_po(stream, catalog, width=100)


@pytest.fixture(scope="module")
def three_states(adopted: Adopted) -> Adopted:
    """The same project once every unit is translated, one is outdated and one missing."""
    package = adopted.package
    for code in ("es", "zh"):
        assert translate_everything(adopted.project, code) > 10
    filename, old, new = package.changed
    source = adopted.project / "src" / package.name / filename
    text = source.read_text(encoding="utf-8")
    assert old in text
    source.write_text(text.replace(old, new, 1), encoding="utf-8")
    i18ndocs(adopted.project, "catalog", "update")
    for code in ("es", "zh"):
        untranslate(adopted.project, code, first_unit_text(adopted, code, exclude=new))
    i18ndocs(adopted.project, "build", "--strict")
    return adopted


def first_unit_text(adopted: Adopted, code: str, exclude: str) -> str:
    path = adopted.project / "docs" / code / "catalogs" / "docstrings.po"
    with path.open("rb") as stream:
        catalog = read_po(stream, locale=code)
    module = adopted.package.modules[-1]
    for message in catalog:
        of_module = message.id and message.context and message.context.startswith(module)
        if of_module and exclude not in str(message.id) and not message.fuzzy:
            return str(message.id)
    raise AssertionError(f"no unit of {module}")


def test_every_rendered_unit_is_in_the_catalog(three_states: Adopted) -> None:
    """Walked from the HTML: every prose block of every rendered docstring on a translated
    page is either a translation from the catalog or a marked English unit."""
    for code in ("es", "zh"):
        blocks = 0
        for module, page in reference_pages(three_states, code).items():
            tree = parse_file(page)
            for block in docstring_blocks(tree):
                blocks += 1
                text = block.text().strip()
                marked = any(
                    language_of(element) == "en"
                    for element in [block, *block.iter(), *ancestors(block)]
                    if any(
                        c.startswith("i18ndocs-") and c.endswith("-unit") for c in element.classes
                    )
                )
                assert TRANSLATED[code].strip() in text or marked, (code, module, text[:120])
        assert blocks > 20, blocks


def test_the_three_marks(three_states: Adopted) -> None:
    for code in ("es", "zh"):
        outdated = missing = translated = 0
        for page in reference_pages(three_states, code).values():
            tree = parse_file(page)
            outdated += len(marked_units(tree, "outdated"))
            missing += len(marked_units(tree, "untranslated"))
            translated += len(marked_units(tree, "translated"))
        assert (outdated, missing) == (1, 1), code
        assert translated > 10
        pages = status_pages(three_states.project, code)
        totals = [
            pages[f"reference/{m.rpartition('.')[2]}.md"] for m in three_states.package.modules
        ]
        assert sum(p["outdated"] for p in totals) == 1
        assert sum(p["missing"] for p in totals) == 1
        assert sum(p["translated"] for p in totals) == translated

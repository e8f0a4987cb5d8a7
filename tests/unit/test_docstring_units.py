"""Docstring units in every style mkdocstrings reads, and the objects whose units count.

The fixture ``tests/fixtures/styles`` holds real-world docstrings: NumPy style as numpy and
pooch write it, Sphinx style as requests writes it, Google style.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from griffe import Docstring, GriffeLoader, Object, Parser

from i18ndocs.catalogs.docscope import collect_scope, docstring_scope
from i18ndocs.catalogs.docunits import (
    UNPARSED_PART,
    docstring_units,
    split_chunks,
    translate_sections,
)
from i18ndocs.pages.directives import Directive, file_directives, read_directives
from i18ndocs.project.errors import DocsError
from i18ndocs.project.settings import load_settings

ROOT = Path(__file__).resolve().parents[2]
STYLES = ROOT / "tests" / "fixtures" / "styles"


def load(module: str, style: str) -> Object:
    loader = GriffeLoader(search_paths=[str(STYLES / "src")], docstring_parser=Parser(style))
    return loader.load(module)  # type: ignore[return-value]


def units_of(obj: Object) -> list[tuple[str, str]]:
    return [(unit.context.split(":", 1)[1], unit.text) for unit in docstring_units(obj)]


def prose(text: str) -> list[str]:
    return [chunk.text for chunk in split_chunks(text) if chunk.prose]


# --- splitting text: what is prose and what is code ---------------------------------------


def test_a_rest_title_underlined_with_tildes_is_text_not_a_fence() -> None:
    text = "requests.api\n~~~~~~~~~~~~\n\nThis module implements the Requests API."
    assert prose(text) == ["requests.api\n~~~~~~~~~~~~", "This module implements the Requests API."]


def test_a_fence_needs_the_same_run_to_close_it() -> None:
    assert prose("Intro.\n\n~~~\ncode\n\nmore code\n~~~\n\nEnd.") == ["Intro.", "End."]
    assert prose("Title\n~~~~~~\n\ntext\n\nOther\n~~~~") == [
        "Title\n~~~~~~",
        "text",
        "Other\n~~~~",
    ]


def test_setext_headings_and_directives_are_prose() -> None:
    text = "Title\n=====\n\n.. note::\n   Keep it.\n\n.. versionadded:: 2.0\n\nSee :class:`Foo`."
    assert prose(text) == [
        "Title\n=====",
        ".. note::\n   Keep it.",
        ".. versionadded:: 2.0",
        "See :class:`Foo`.",
    ]


def test_a_literal_block_and_a_doctest_are_code() -> None:
    text = "Usage::\n\n  >>> import requests\n\n  r = get(url)\n\nAfter.\n\n>>> 1 + 1\n2"
    chunks = split_chunks(text)
    assert [chunk.text for chunk in chunks if chunk.prose] == ["Usage::", "After."]
    assert "".join(chunk.text + chunk.separator for chunk in chunks) == text


def test_an_indented_block_is_code_and_markdown_stays_whole() -> None:
    text = "Some *Markdown* with `code`.\n\n    indented = True\n\n- a list\n- of items"
    assert prose(text) == ["Some *Markdown* with `code`.", "- a list\n- of items"]


# --- units per style ----------------------------------------------------------------------


def test_numpy_style_units() -> None:
    retrieve = load("numpkg.fetch", "numpy")["retrieve"]
    units = units_of(retrieve)
    assert units[:3] == [
        ("text", "Download and cache a single file locally."),
        ("text", "Uses HTTP or FTP by default, depending on the protocol in the given *url*."),
        (
            "param:url",
            "The URL to the file that is to be downloaded. Ideally, the URL should\n"
            "end in a file name.",
        ),
    ]
    assert ("param:known_hash", "See :func:`numpkg.fetch.Cache` for more.") in units
    assert ("raises:ValueError", "If the hash does not match.") in units
    assert ("examples", ".. versionadded:: 1.4") in units
    assert not any(">>>" in text for _, text in units), "the doctest is code"
    module = units_of(load("numpkg.fetch", "numpy"))
    assert ("admonition-title", "Notes") in module


def test_sphinx_style_units_as_requests_writes_them() -> None:
    api = load("sphinxpkg.api", "sphinx")
    assert units_of(api) == [
        ("text", "requests.api\n~~~~~~~~~~~~"),
        ("text", "This module implements the Requests API."),
        (
            "text",
            ":copyright: (c) 2012 by Kenneth Reitz.\n"
            ":license: Apache2, see LICENSE for more details.",
        ),
        ("text", "Example::"),
    ]
    request = units_of(api["request"])
    assert [part for part, _ in request] == [
        "text",
        "param:method",
        "param:url",
        "param:kwargs",
        "returns:requests.Response",
        "raises:ValueError",
        "raises:ValueError",
        "raises:ValueError",
    ]
    assert [text for _, text in request][-3:] == [
        "When the method is unknown.",
        ".. note::\n   Connections are kept alive.",
        "Usage::",
    ]


def test_no_style_gives_paragraphs() -> None:
    loader = GriffeLoader(search_paths=[str(STYLES / "src")], docstring_parser=None)
    api: Object = loader.load("sphinxpkg.api")  # type: ignore[assignment]
    parts = {part for part, _ in units_of(api["request"])}
    assert parts == {"text"}


def test_a_docstring_griffe_cannot_parse_is_one_unit_translated_whole() -> None:
    obj = load("googpkg.shapes", "google")["Square"]
    assert obj.docstring is not None
    broken = Docstring(obj.docstring.value, parser=Parser.google, parser_options={"no": 1})
    obj.docstring = broken
    units = docstring_units(obj)
    assert [(unit.context, unit.text) for unit in units] == [
        (f"googpkg.shapes.Square:{UNPARSED_PART}", broken.value)
    ]
    translate_sections(obj.path, broken.parsed, lambda context, text: "ES")
    assert [section.value for section in broken.parsed] == ["ES"]


@pytest.mark.parametrize(
    ("module", "style"),
    [("numpkg.fetch", "numpy"), ("sphinxpkg.api", "sphinx"), ("googpkg.shapes", "google")],
)
def test_translation_replaces_exactly_the_extracted_units(module: str, style: str) -> None:
    root = load(module, style)
    for obj in [root, *root.members.values()]:
        if obj.is_alias or obj.docstring is None:
            continue
        extracted = [(unit.context, unit.text) for unit in docstring_units(obj)]  # type: ignore[arg-type]
        seen: list[tuple[str, str]] = []

        def record(context: str, text: str, seen: list[tuple[str, str]] = seen) -> str:
            seen.append((context, text))
            return text

        translate_sections(obj.path, obj.docstring.parsed, record)
        assert seen == extracted, obj.path


# --- which objects count: those the pages render -------------------------------------------


def test_the_scope_follows_members_filters_and_pages() -> None:
    scope = docstring_scope(load_settings(STYLES))
    paths = {unit.path for unit in scope.units}
    assert {"numpkg.fetch", "numpkg.fetch.retrieve", "numpkg.fetch.Cache.clear"} <= paths
    assert "numpkg.fetch.fetch_many" not in paths, "left out by the directive's members"
    assert "numpkg.fetch.Cache._index" not in paths, "left out by the default filters"
    assert "googpkg.unrendered.helper" not in paths, "no page renders its module"
    assert "googpkg.shapes.Shape.area" not in paths, "inherited members are not shown"
    assert {
        "numpkg.fetch.fetch_many",
        "numpkg.fetch.Cache._index",
        "googpkg.unrendered.helper",
        "googpkg.shapes.Square._scale",
    } <= set(scope.off_pages)
    assert not paths & set(scope.off_pages)
    pages = {unit.path: unit.pages for unit in scope.units}
    assert pages["sphinxpkg.api.get"] == ("reference/sphinx.md",)


def test_handler_options_select_members() -> None:
    settings = load_settings(STYLES)
    options = {"docstring_style": "google"}

    def paths(**local: object) -> set[str]:
        directive = Directive("p.md", "googpkg.shapes.Square", local)
        scope = collect_scope([directive], options, settings.search_paths)
        return {unit.path for unit in scope.units}

    assert "googpkg.shapes.Square._scale" not in paths()
    assert "googpkg.shapes.Square._scale" in paths(filters=[])
    assert "googpkg.shapes.Shape.area" in paths(inherited_members=True)
    assert paths(members=False) == {"googpkg.shapes.Square"}
    assert paths(members=["perimeter"]) == {
        "googpkg.shapes.Square",
        "googpkg.shapes.Square.perimeter",
    }
    assert "googpkg.shapes.Square.perimeter" not in paths(filters=["^area$"])
    module = Directive("p.md", "googpkg", {})
    shown = collect_scope([module], {"show_submodules": True}, settings.search_paths)
    assert "googpkg.unrendered.helper" in {unit.path for unit in shown.units}
    hidden = collect_scope([module], {}, settings.search_paths)
    assert {unit.path for unit in hidden.units} == {"googpkg"}


def test_a_section_the_options_hide_has_no_units() -> None:
    settings = load_settings(STYLES)
    directive = Directive("p.md", "googpkg.shapes.Square", {"show_docstring_parameters": False})
    scope = collect_scope([directive], {}, settings.search_paths)
    assert not any(":param:" in unit.context for unit in scope.units)


def test_directive_options_are_read_and_bad_yaml_is_one_line(tmp_path: Path) -> None:
    found = read_directives(STYLES / "docs" / "en")
    numpy = next(d for d in found if d.identifier == "numpkg.fetch")
    assert numpy.options == {"docstring_style": "numpy", "members": ["retrieve", "Cache"]}
    assert (numpy.page, numpy.line) == ("reference/numpy.md", 3)
    (tmp_path / "bad.md").write_text("# x\n\n::: pkg.mod\n    options: [unclosed\n")
    with pytest.raises(DocsError) as caught:
        read_directives(tmp_path)
    assert caught.value.problem.line == 4
    assert "::: pkg.mod" in caught.value.problem.message


def test_a_directive_keeps_its_heading_level_and_handler(tmp_path: Path) -> None:
    page = tmp_path / "api.md"
    page.write_text(
        "## ::: pkg.mod\n\n::: pkg.other\n    handler: shell\n    options:\n      a: 1\n",
        "utf-8",
    )
    found = file_directives(page, "api.md")
    assert [(d.identifier, d.heading_level, d.handler) for d in found] == [
        ("pkg.mod", 2, None),
        ("pkg.other", 0, "shell"),
    ]
    assert found[1].options == {"a": 1}


def test_status_lists_the_objects_no_page_renders_apart() -> None:
    command = [sys.executable, str(ROOT / "scripts" / "docs.py"), "status", "--root", str(STYLES)]
    table = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    assert "Not on any page: 11 objects" in table
    assert "  numpkg.fetch.fetch_many" in table
    assert "2 with a private name, not listed" in table, "private names are counted, not listed"
    assert not re.search(r"^  \S*\._", table, re.MULTILINE)
    data = json.loads(
        subprocess.run([*command, "-f", "json"], capture_output=True, text=True, check=True).stdout
    )
    assert "googpkg.unrendered.helper" in data["not_on_any_page"]
    units = [unit["key"] for unit in data["languages"][0]["units"] if unit["kind"] == "docstring"]
    assert not any(key.startswith("numpkg.fetch.fetch_many:") for key in units)

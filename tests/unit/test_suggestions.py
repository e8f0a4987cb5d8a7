"""Suggestions for translators: the memory's ranking, glossary hints, comments, one-step accept.

The command-line tests run ``catalog update``, ``suggest`` and ``accept`` on a copy of the
``wee`` fixture (no site is built) and read the catalogs back with Babel.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po
from typer.testing import CliRunner

from i18ndocs.catalogs.po import read_catalog, write_catalog
from i18ndocs.cli.app import app
from i18ndocs.lint.glossary import Glossary, Term
from i18ndocs.lint.suggestions import (
    COMMENT_WIDTH,
    Suggester,
    SuggestionKind,
    TranslationMemory,
    accept,
    annotate,
    glossary_hints,
    unit_id,
)

WEE = Path(__file__).resolve().parents[1] / "fixtures" / "wee"
PUT = "Add an item at the end of the queue."
PUT_ES = "Añade un elemento al final de la cola."

MEMORY = TranslationMemory(
    [
        ("q.put:text", PUT, PUT_ES),
        ("q.get:text", "Remove and return the oldest item.", "Quita y devuelve el más antiguo."),
        ("q.size:text", "How many items the queue holds.", "Cuántos elementos tiene la cola."),
        ("other:text", PUT, PUT_ES),  # the same pair again counts once
    ]
)


def test_the_memory_ranks_by_similarity_best_first() -> None:
    found = MEMORY.closest("Add an item at the start of the queue.", "q.push:text")
    assert [(s.translation, s.percent) for s in found] == [(PUT_ES, 89)]
    assert found[0].kind is SuggestionKind.MEMORY
    assert found[0].english == PUT
    assert found[0].comment() == f"suggestion (89%): {PUT_ES}"


def test_the_same_english_elsewhere_is_a_full_match_and_the_unit_itself_is_skipped() -> None:
    found = MEMORY.closest(PUT, "q.push:text")
    assert (found[0].translation, found[0].percent) == (PUT_ES, 100)
    assert [s.context for s in MEMORY.closest(PUT, "q.put:text")] == ["other:text"]


def test_the_memory_keeps_the_top_few_above_the_threshold() -> None:
    memory = TranslationMemory(
        [
            (None, f"The queue holds {word} items.", f"La cola tiene {n}")
            for n, word in enumerate("abcde")
        ]
        + [(None, "Something else entirely, about sockets.", "Otra cosa")]
    )
    found = memory.closest("The queue holds x items.", limit=2)
    assert len(found) == 2
    assert all(s.similarity >= 0.6 for s in found)
    assert not memory.closest("Something unrelated to anything here at all.")


def test_glossary_hints_name_every_term_of_the_english_outside_code() -> None:
    glossary = Glossary(
        "glossary/es.yml",
        (
            Term("path parameter", "parámetro de ruta"),
            Term("header", "cabecera"),
            Term("WebSocket", "WebSocket", keep=True),
        ),
    )
    hints = glossary_hints(glossary, "The path parameters of a WebSocket route, not `header`.")
    assert [s.comment() for s in hints] == [
        "glossary: path parameter → parámetro de ruta",
        "glossary: WebSocket → keep in English",
    ]
    assert all(s.kind is SuggestionKind.GLOSSARY for s in hints)
    assert glossary_hints(None, "The header.") == []


def test_a_long_suggestion_fits_one_comment_line() -> None:
    long = " ".join(["palabra"] * 40) + "\nsegunda línea"
    memory = TranslationMemory([(None, "A long text " * 10, long)])
    comment = memory.closest("A long text " * 9)[0].comment()
    assert len(comment) <= COMMENT_WIDTH
    assert comment.endswith("…")
    assert "\n" not in comment


def _catalog() -> Catalog:
    catalog = Catalog(locale="es")
    catalog.add(PUT, PUT_ES, context="q.put:text")
    catalog.add("Add an item at the start of the queue.", context="q.push:text")
    return catalog


def test_annotate_replaces_its_comments_and_keeps_the_translators() -> None:
    catalog = _catalog()
    suggester = Suggester(TranslationMemory.from_catalogs([catalog]), None)
    new = catalog.get("Add an item at the start of the queue.", context="q.push:text")
    new.user_comments = ["ask Ana about this one", "suggestion (12%): old"]
    counts = annotate(catalog, suggester)
    annotate(catalog, suggester)
    assert new.user_comments == ["ask Ana about this one", f"suggestion (89%): {PUT_ES}"]
    assert (counts.pending, counts.suggested, counts.exact) == (1, 1, 0)
    assert catalog.get(PUT, context="q.put:text").user_comments == []


def test_accepting_the_same_english_is_final_and_a_similar_one_stays_fuzzy() -> None:
    catalog = _catalog()
    memory = TranslationMemory.from_catalogs([catalog])
    new = catalog.get("Add an item at the start of the queue.", context="q.push:text")
    assert accept(new, memory.closest(new.id, new.context)[0]) is False
    assert (new.string, new.fuzzy, new.previous_id) == (PUT_ES, True, [PUT])
    same = catalog.add(PUT, context="q.append:text")
    assert accept(same, memory.closest(PUT, "q.append:text")[0]) is True
    assert (same.string, same.fuzzy) == (PUT_ES, False)


# The command line, on a copy of the wee fixture.

NEW_METHODS = '''
    def push(self, item: T) -> None:
        """Add an item at the start of the queue."""
        self._items.appendleft(item)

    def append(self, item: T) -> None:
        """Add an item at the end of the queue."""
        self._items.append(item)
'''


def run(project: Path, *args: str) -> str:
    result = CliRunner().invoke(app, list(args), obj=project)
    assert result.exit_code == 0, result.output
    return result.output


def read(path: Path) -> Catalog:
    with path.open("rb") as stream:
        return read_po(stream, locale="es")


@pytest.fixture
def wee(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of wee whose Spanish catalog translates ``put``, then two new methods."""
    project = tmp_path / "wee"
    shutil.copytree(WEE, project)
    monkeypatch.chdir(project)  # the command line works on the current folder's project
    (project / "glossary").mkdir()
    (project / "glossary" / "es.yml").write_text(
        "terms:\n  - english: item\n    translation: elemento\n", encoding="utf-8"
    )
    run(project, "catalog", "update", "--lang", "es")
    po = project / "docs" / "es" / "catalogs" / "docstrings.po"
    catalog = read(po)
    [put] = [m for m in catalog if m.id == PUT]
    put.string = PUT_ES
    write_catalog(catalog, po)
    queue = project / "src" / "wee" / "queue.py"
    text = queue.read_text(encoding="utf-8")
    marker = "    def get(self) -> T:"
    queue.write_text(
        text.replace(marker, NEW_METHODS.lstrip("\n") + "\n" + marker), encoding="utf-8"
    )
    return project


def test_catalog_update_writes_the_suggestions_once(wee: Path) -> None:
    output = run(wee, "catalog", "update", "--lang", "es")
    assert re.search(
        r"es docstrings: .*suggestions for 2 of \d+ to translate \(1 of the same", output
    )
    po = wee / "docs" / "es" / "catalogs" / "docstrings.po"
    first = po.read_text(encoding="utf-8")
    [push] = [m for m in read(po) if m.id == "Add an item at the start of the queue."]
    assert push.user_comments == [
        f"suggestion (89%): {PUT_ES}",
        "glossary: item → elemento",
    ]
    run(wee, "catalog", "update", "--lang", "es")
    assert po.read_text(encoding="utf-8") == first
    assert first.count(f"# suggestion (89%): {PUT_ES}") == 1


def test_a_suggestion_for_a_new_unit_is_accepted_in_one_step(wee: Path) -> None:
    run(wee, "catalog", "update", "--lang", "es")
    [(push_context, push_id)] = [
        (m.context, unit_id(m.context, m.id))
        for m in read(wee / "docs" / "es" / "catalogs" / "docstrings.po")
        if m.id == "Add an item at the start of the queue."
    ]
    listing = run(wee, "catalog", "suggest", "--lang", "es", push_id)
    assert f"es docstrings {push_id} {push_context} (untranslated)" in listing
    assert f"1. (89%) {PUT_ES}" in listing
    assert f"for: {PUT}" in listing
    assert "glossary: item → elemento" in listing

    assert "fuzzy, to review" in run(wee, "catalog", "accept", "--lang", "es", push_id)
    append_context = "wee.queue.BoundedQueue.append:text"
    assert " translated " in run(wee, "catalog", "accept", "--lang", "es", append_context)

    po = wee / "docs" / "es" / "catalogs" / "docstrings.po"
    assert f'#| msgid "{PUT}"' in po.read_text(encoding="utf-8")  # what the suggestion translated
    catalog = read_catalog(po, "es")  # Babel's reader, the #| lines read as the previous msgid
    push = catalog.get("Add an item at the start of the queue.", context=push_context)
    assert (push.string, push.fuzzy, push.previous_id) == (PUT_ES, True, [PUT])
    assert push.user_comments == []
    append = catalog.get(PUT, context=append_context)
    assert (append.string, append.fuzzy, append.user_comments) == (PUT_ES, False, [])


def test_accept_refuses_an_unknown_unit_and_a_missing_choice(wee: Path) -> None:
    run(wee, "catalog", "update", "--lang", "es")
    result = CliRunner().invoke(app, ["catalog", "accept", "--lang", "es", "nosuch"], obj=wee)
    assert result.exit_code == 1
    assert "no unit to translate in es is named nosuch" in result.output
    context = "wee.queue.BoundedQueue.append:text"
    args = ["catalog", "accept", "--lang", "es", context, "--choice", "5"]
    result = CliRunner().invoke(app, args, obj=wee)
    assert result.exit_code == 1
    assert "--choice 5 is not one" in result.output
    listing = CliRunner().invoke(app, ["catalog", "suggest", "--lang", "es", "nosuch"], obj=wee)
    assert listing.exit_code == 1, "a unit named wrong is said, not an empty listing"
    assert "no unit to translate is named nosuch" in listing.output


def test_the_comments_of_a_fuzzy_unit_do_not_pile_up(wee: Path) -> None:
    run(wee, "catalog", "update", "--lang", "es")
    context = "wee.queue.BoundedQueue.push:text"
    run(wee, "catalog", "accept", "--lang", "es", context)  # now fuzzy, comments kept by updates
    po = wee / "docs" / "es" / "catalogs" / "docstrings.po"
    run(wee, "catalog", "update", "--lang", "es")
    once = po.read_text(encoding="utf-8")
    run(wee, "catalog", "update", "--lang", "es")
    assert po.read_text(encoding="utf-8") == once
    push = read_catalog(po, "es").get("Add an item at the start of the queue.", context=context)
    assert push.fuzzy
    assert push.user_comments == [f"suggestion (89%): {PUT_ES}", "glossary: item → elemento"]

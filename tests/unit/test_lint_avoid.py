"""A glossary's renderings to avoid: read from the file, found in a unit, reported at their line."""

from __future__ import annotations

from pathlib import Path

import pytest

from i18ndocs.lint.glossary import Glossary, GlossaryError, Term, load_glossary
from i18ndocs.lint.model import FindingKind, Location
from i18ndocs.lint.units import check_unit

HERE = Location("docs/es/page.md", 10)
TIGHT_LOOP = Term(
    "tight loop", "bucle intensivo", avoid=("bucle cerrado", "bucles cerrados"), line=7
)
GLOSSARY = Glossary("glossary/es.yml", (TIGHT_LOOP,))


def test_an_avoided_rendering_is_reported_at_its_line() -> None:
    translation = "Llamar a `receive()` en un\nbucle cerrado bloquea\nel servidor."
    english = "Calling `receive()` in a tight loop blocks."
    avoided, missing = check_unit(english, translation, GLOSSARY, HERE)
    assert (avoided.kind, avoided.line) == (FindingKind.GLOSSARY, 11)
    assert "which is translated as 'bucle intensivo', never 'bucle cerrado'" in avoided.message
    assert "glossary/es.yml:7" in avoided.message
    assert (missing.kind, missing.line) == (FindingKind.GLOSSARY, 10)  # no "bucle intensivo"


def test_an_avoided_rendering_is_reported_even_next_to_the_chosen_one() -> None:
    english = "A tight loop, then other tight loops."
    translation = "Un bucle intensivo y luego otros bucles cerrados."
    (finding,) = check_unit(english, translation, GLOSSARY, HERE)
    assert "never 'bucles cerrados'" in finding.message


def test_the_rendering_counts_only_where_the_english_uses_the_term() -> None:
    assert check_unit("The circuit is closed.", "Es un bucle cerrado.", GLOSSARY, HERE) == []


def test_the_rendering_in_code_or_a_link_target_does_not_count() -> None:
    english = "A tight loop: see [`bucle cerrado`](bucle-cerrado.md)."
    translation = "Un bucle intensivo: vea [`bucle cerrado`](bucle-cerrado.md)."
    assert check_unit(english, translation, GLOSSARY, HERE) == []


def test_lines_survive_code_links_and_comments_spanning_lines() -> None:
    english = "See `un\nfragmento` and [the link](a.md), a tight loop."
    translation = "Vea `un\nfragmento` y [el\nenlace](a.md) <!-- una\nnota -->\nun bucle cerrado."
    lines = [finding.line for finding in check_unit(english, translation, GLOSSARY, HERE)]
    assert lines == [14, 10]  # the avoided rendering, then the missing chosen one


def test_an_allow_comment_allows_the_avoided_rendering() -> None:
    translation = "Un bucle cerrado. <!-- lint: allow glossary -->"
    assert check_unit("A tight loop.", translation, GLOSSARY, HERE) == []


def test_the_glossary_file_reads_avoid_for_terms_and_kept_terms(tmp_path: Path) -> None:
    path = tmp_path / "es.yml"
    path.write_text(
        "terms:\n"
        "  - english: tight loop\n"
        "    translation: bucle intensivo\n"
        "    avoid: [bucle cerrado]\n"
        "keep_english:\n"
        "  - term: handshake\n"
        "    avoid: negociación\n",
        "utf-8",
    )
    glossary = load_glossary(path, "es.yml")
    assert [term.avoid for term in glossary.terms] == [("bucle cerrado",), ("negociación",)]
    (finding,) = check_unit("The handshake.", "El handshake o negociación.", glossary, HERE)
    assert "'handshake', which stays in English, never 'negociación'" in finding.message


def test_a_rendering_both_accepted_and_avoided_is_a_glossary_error(tmp_path: Path) -> None:
    path = tmp_path / "es.yml"
    path.write_text(
        "terms:\n"
        "  - english: route\n"
        "    translation: ruta\n"
        "    variants: [rutas]\n"
        "    avoid: [Rutas]\n",
        "utf-8",
    )
    with pytest.raises(GlossaryError, match=r"es\.yml:2: 'Rutas' is both an accepted form"):
        load_glossary(path, "es.yml")

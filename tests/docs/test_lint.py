"""The translation lint and the glossaries: pure functions, a fixture project, the real docs.

None of these tests builds the site; the fixture project in ``lint_fixture/`` holds an
English page, a Spanish translation with one of each slip the lint must catch, a clean
Chinese translation, a glossary per language and a small Spanish catalog.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import markdown
import pytest
import typer
from typer.testing import CliRunner

from i18ndocs.cli.lint import register, render
from i18ndocs.cli.status import register as register_status
from i18ndocs.lint.blocks import split_blocks
from i18ndocs.lint.checks import lint_page, lint_po
from i18ndocs.lint.findings import collect_findings
from i18ndocs.lint.glossary import GlossaryError, Term, glossary_path, load_glossary
from i18ndocs.lint.model import Finding, FindingKind, Location
from i18ndocs.lint.units import check_unit
from i18ndocs.pages.frontmatter import read_front_matter
from i18ndocs.pages.headings import heading_ids
from i18ndocs.project.settings import load_settings
from i18ndocs.status.page_state import stamp

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = Path(__file__).resolve().parent / "lint_fixture"
HERE = Location("docs/es/page.md", 10)


def fixture_findings(lang: str) -> list[Finding]:
    glossary = load_glossary(glossary_path(FIXTURE, lang), f"glossary/{lang}.yml")
    return lint_page(
        FIXTURE / "docs/en/guide.md",
        FIXTURE / f"docs/{lang}/guide.md",
        glossary,
        english_shown="docs/en/guide.md",
        translation_shown=f"docs/{lang}/guide.md",
    )


def kinds_at(findings: list[Finding]) -> set[tuple[int, FindingKind]]:
    return {(finding.line, finding.kind) for finding in findings}


# --- the fixture translations -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        (3, FindingKind.GLOSSARY),  # description: "negociación" for the kept term "handshake"
        (8, FindingKind.INLINE_CODE),  # `aceptar()` and `(nombre, valor)`
        (9, FindingKind.LINK),  # referencia.md#accept
        (9, FindingKind.IMAGE),  # img/flujo.png
        (11, FindingKind.ADMONITION),  # warning for note
        (12, FindingKind.GLOSSARY),  # "el código" for "close code"
        (14, FindingKind.HEADING_ID),  # no { #options-and-limits }
        (18, FindingKind.STRUCTURE),  # one list item fewer
        (23, FindingKind.CODE),  # a translated comment in a code block
        (27, FindingKind.CODE),  # another snippet included
    ],
)
def test_each_slip_is_flagged_with_its_line(line: int, kind: FindingKind) -> None:
    assert (line, kind) in kinds_at(fixture_findings("es"))


def test_the_fixture_has_no_other_finding() -> None:
    assert len(fixture_findings("es")) == 10


def test_a_finding_shows_the_english_next_to_the_translation() -> None:
    (finding,) = [item for item in fixture_findings("es") if item.kind is FindingKind.INLINE_CODE]
    assert finding.path == "docs/es/guide.md"
    assert finding.source == "docs/en/guide.md:8"
    assert "`(name, value)`" in finding.english
    assert "`(nombre, valor)`" in finding.translation
    shown = render(finding)
    assert shown.startswith("docs/es/guide.md:8: inline-code: ")
    assert "English (docs/en/guide.md:8)" in shown
    assert "Translation" in shown


def test_a_clean_translation_passes() -> None:
    assert fixture_findings("zh") == []


def test_identical_snippet_lines_are_identical_code() -> None:
    english = '```python\n--8<-- "docs_src/guide/hello.py"\n```\n\n--8<-- "docs_src/x.md"\n'
    blocks_en, _ = split_blocks(english, 1, "en.md")
    blocks_tr, _ = split_blocks(english, 1, "es.md")
    assert [block.text for block in blocks_en] == [block.text for block in blocks_tr]


# --- one unit ---------------------------------------------------------------------------------


def test_unit_inline_code_order_may_change_but_not_content() -> None:
    english = "Call `accept()` before `send_text()`."
    assert check_unit(english, "Antes de `send_text()`, llama a `accept()`.", None, HERE) == []
    (finding,) = check_unit(english, "Llama a `accept()` antes de `send_texto()`.", None, HERE)
    assert finding.kind is FindingKind.INLINE_CODE
    assert (finding.english, finding.translation) == ("`send_text()`", "`send_texto()`")


def test_unit_points_at_the_line_of_the_changed_span() -> None:
    english = "First line.\nSecond `a`.\nThird `b`."
    (finding,) = check_unit(english, "Primera.\nSegunda `a`.\nTercera `c`.", None, HERE)
    assert finding.line == HERE.line + 2


def test_unit_link_targets_and_cross_references() -> None:
    english = "See [the guide](guide.md) and [`Router`][tether.routing.Router]."
    same = "Mira [la guía](guide.md) y [`Router`][tether.routing.Router]."
    assert check_unit(english, same, None, HERE) == []
    changed = "Mira [la guía](guia.md) y [`Router`][tether.routing.Route]."
    (finding,) = check_unit(english, changed, None, HERE)
    assert finding.kind is FindingKind.LINK
    assert "(guide.md)" in finding.english
    assert "([tether.routing.Router])" in finding.english


def test_an_allow_comment_allows_only_the_kinds_it_names() -> None:
    english = "Run `status --lang es` on [the page](a.md)."
    translated = "Ejecuta `status --lang zh` en [la página](b.md). <!-- lint: allow inline-code -->"
    (finding,) = check_unit(english, translated, None, HERE)
    assert finding.kind is FindingKind.LINK
    both = translated.replace("inline-code", "inline-code, link")
    assert check_unit(english, both, None, HERE) == []


def test_an_unknown_allow_kind_is_itself_a_finding() -> None:
    findings = check_unit("Use `x`.", "Usa `x`. <!-- lint: allow kode -->", None, HERE)
    assert [finding.kind for finding in findings] == [FindingKind.ALLOW]


def test_a_standalone_allow_comment_allows_the_next_code_block(tmp_path: Path) -> None:
    english = "# Title\n\n```bash\nls docs/es\n```\n\n```bash\nls docs/es\n```\n"
    translated = (
        "# Título { #title }\n\n<!-- lint: allow code -->\n\n```bash\nls docs/zh\n```\n\n"
        "```bash\nls docs/zh\n```\n"
    )
    (tmp_path / "en.md").write_text(english, encoding="utf-8")
    (tmp_path / "es.md").write_text(translated, encoding="utf-8")
    findings = lint_page(tmp_path / "en.md", tmp_path / "es.md", None)
    assert [(finding.kind, finding.line) for finding in findings] == [(FindingKind.CODE, 10)]


def test_front_matter_allows_a_kind_on_the_whole_page(tmp_path: Path) -> None:
    (tmp_path / "en.md").write_text("Use `es`.\n\nAnd `es`.\n", encoding="utf-8")
    translated = "---\nlint_allow: [inline-code]\n---\n\nUsa `zh`.\n\nY `zh`.\n"
    (tmp_path / "es.md").write_text(translated, encoding="utf-8")
    assert lint_page(tmp_path / "en.md", tmp_path / "es.md", None) == []
    (tmp_path / "es.md").write_text(translated.replace("inline-code", "inline"), "utf-8")
    (finding, *_) = lint_page(tmp_path / "en.md", tmp_path / "es.md", None)
    assert (finding.kind, finding.line) == (FindingKind.ALLOW, 2)


def test_table_cells_and_shapes_are_compared(tmp_path: Path) -> None:
    english = "| a | b |\n| --- | --- |\n| `x` | one |\n"
    (tmp_path / "en.md").write_text(english, encoding="utf-8")
    (tmp_path / "es.md").write_text("| a | b |\n| --- | --- |\n| `y` | uno |\n", "utf-8")
    (finding,) = lint_page(tmp_path / "en.md", tmp_path / "es.md", None)
    assert (finding.kind, finding.line) == (FindingKind.INLINE_CODE, 3)
    (tmp_path / "es.md").write_text("| a | b |\n| --- | --- |\n| `x` | uno | dos |\n", "utf-8")
    (finding,) = lint_page(tmp_path / "en.md", tmp_path / "es.md", None)
    assert finding.kind is FindingKind.STRUCTURE


def test_list_nesting_and_heading_levels_are_structure(tmp_path: Path) -> None:
    (tmp_path / "en.md").write_text("## A\n\n- one\n    - two\n", encoding="utf-8")
    (tmp_path / "es.md").write_text("### A { #a }\n\n- uno\n- dos\n", encoding="utf-8")
    findings = lint_page(tmp_path / "en.md", tmp_path / "es.md", None)
    assert {(finding.kind, finding.line) for finding in findings} == {
        (FindingKind.STRUCTURE, 1),
        (FindingKind.STRUCTURE, 4),
    }


# --- heading anchors --------------------------------------------------------------------------


@pytest.mark.parametrize("page", sorted((ROOT / "docs/en").rglob("*.md")), ids=str)
def test_heading_ids_are_the_ones_mkdocs_toc_gives(page: Path) -> None:
    """Our anchors for the English pages match Python-Markdown's own toc extension."""
    text = read_front_matter(page.read_text(encoding="utf-8")).body
    rendered = markdown.Markdown(extensions=["toc", "attr_list", "pymdownx.superfences"])
    rendered.convert(text)
    expected: list[str] = []

    def walk(tokens: list[dict[str, object]]) -> None:
        for token in tokens:
            expected.append(str(token["id"]))
            walk(token["children"])  # type: ignore[arg-type]

    walk(rendered.toc_tokens)  # type: ignore[attr-defined]
    blocks, _ = split_blocks(text, 1, str(page))
    titles = [block.text for block in blocks if block.kind.value == "heading"]
    assert heading_ids(titles) == expected


def test_duplicate_headings_get_numbered_anchors() -> None:
    assert heading_ids(["Usage", "Usage", "Other { #usage_1 }"]) == ["usage", "usage_2", "usage_1"]


# --- glossary ---------------------------------------------------------------------------------


def test_glossary_matching_handles_case_plural_variants_and_chinese() -> None:
    header = Term("header", "cabecera", variants=("cabeceras",))
    assert header.in_english("Add HEADERS to the response")
    assert not header.in_english("the page heading")
    assert header.in_translation("Añade Cabeceras a la respuesta")
    assert not header.in_translation("Añade encabezados")
    state = Term("state", "estado")
    assert not state.in_english("a statement")
    close = Term("close code", "关闭码")
    assert close.in_english("the close\ncodes")
    assert close.in_translation("它的关闭码仍然保留")
    kept = Term("scope", "scope", keep=True)
    assert kept.in_translation("没有 scheme 的 websocket scope 得到")
    assert kept.in_translation("los scopes WebSocket")
    assert not kept.in_translation("websocketscope")


def test_glossary_term_in_code_or_link_target_does_not_count() -> None:
    glossary = load_glossary(glossary_path(FIXTURE, "es"))
    english = "Read `scope.headers` at [the page](header.md)."
    assert (
        check_unit(english, "Lee `scope.headers` en [la página](header.md).", glossary, HERE) == []
    )


def test_a_capitalized_name_kept_verbatim_passes() -> None:
    glossary = load_glossary(glossary_path(FIXTURE, "es"))
    english = "Reference for URL, Headers and State."
    assert check_unit(english, "Referencia de URL, Headers y State.", glossary, HERE) == []
    (finding,) = check_unit("The headers are kept.", "Los Headers se conservan.", glossary, HERE)
    assert finding.kind is FindingKind.GLOSSARY  # a lowercase English word is not a name


def test_glossary_errors_name_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "es.yml"
    path.write_text("terms:\n  - english: frame\n    translation: trama\n    colour: x\n", "utf-8")
    with pytest.raises(GlossaryError, match=r"es\.yml:4: unknown key 'colour'"):
        load_glossary(path, "es.yml")
    path.write_text("terms:\n  - english: frame\n    translation: trama\n  - english: Frame\n"
                    "    translation: marco\n", "utf-8")  # fmt: skip
    with pytest.raises(GlossaryError, match=r"es\.yml:4: 'Frame' is already in the glossary"):
        load_glossary(path, "es.yml")
    path.write_text("terms:\n  - english: frame\n", "utf-8")
    with pytest.raises(GlossaryError, match=r"es\.yml:2: a term needs 'translation'"):
        load_glossary(path, "es.yml")


REQUIRED_TERMS = [
    "handshake", "scope", "close code", "subprotocol", "frame", "endpoint", "router",
    "path parameter", "query string", "header", "cookie", "state",
]  # fmt: skip


@pytest.mark.parametrize("lang", ["es", "zh"])
def test_repository_glossaries_have_the_required_terms(lang: str) -> None:
    glossary = load_glossary(glossary_path(ROOT, lang))
    missing = [term for term in REQUIRED_TERMS if glossary.term(term) is None]
    assert missing == []
    assert any(term.keep for term in glossary.terms), "no term kept in English"


def test_repository_chinese_glossary_has_one_term_for_scope() -> None:
    scope = load_glossary(glossary_path(ROOT, "zh")).term("scope")
    assert scope is not None
    assert scope.keep
    assert scope.variants == ()


# --- catalogs ---------------------------------------------------------------------------------


def test_po_entries_are_linted_at_their_line_skipping_fuzzy_and_untranslated() -> None:
    glossary = load_glossary(glossary_path(FIXTURE, "es"))
    findings = lint_po(FIXTURE / "docs/es/messages.po", glossary, "messages.po")
    assert [(finding.line, finding.kind) for finding in findings] == [
        (7, FindingKind.INLINE_CODE),  # ``aceptar()``
        (11, FindingKind.GLOSSARY),  # "el código" for "close code"
    ]  # line 15 is right, line 20 allows its change, the fuzzy and empty entries are skipped
    assert findings[0].english == "`accept()`"
    assert findings[0].translation == "`aceptar()`"
    assert findings[0].path == "messages.po"


# --- command line -----------------------------------------------------------------------------


def lint_app() -> typer.Typer:
    app = typer.Typer()
    register(app)

    @app.command("unused")
    def unused() -> None:
        """Keep typer in multi-command mode."""

    return app


def test_lint_command_on_one_file_prints_file_line_english_and_translation() -> None:
    result = CliRunner().invoke(
        lint_app(), ["lint", str(FIXTURE / "docs/es/guide.md"), "--root", str(FIXTURE)]
    )
    assert result.exit_code == 1, result.output
    assert "docs/es/guide.md:8: inline-code:" in result.stdout
    assert "English (docs/en/guide.md:8)" in result.stdout
    assert "`(nombre, valor)`" in result.stdout
    assert "messages.po" not in result.stdout


def test_lint_command_passes_a_clean_file_and_rejects_a_stray_path() -> None:
    runner = CliRunner()
    clean = runner.invoke(lint_app(), ["lint", str(FIXTURE / "docs/zh"), "--root", str(FIXTURE)])
    assert clean.exit_code == 0, clean.output
    stray = runner.invoke(lint_app(), ["lint", str(FIXTURE / "mkdocs.yml"), "--root", str(FIXTURE)])
    assert stray.exit_code == 2
    assert "mkdocs.yml" in stray.output


def test_lint_command_without_paths_covers_pages_and_catalogs() -> None:
    findings = collect_findings(load_settings(FIXTURE))
    assert {finding.path for finding in findings} == {"docs/es/guide.md", "docs/es/messages.po"}


CLEAN_ES = """
# Aceptar una conexión { #accepting-a-connection }

El handshake del cliente espera hasta que el endpoint llama a `accept()`. Añade cabeceras como
pares `(name, value)`; consulta [la referencia](reference.md#accept) y ![un diagrama](img/flow.png).

!!! note "Códigos de cierre"
    El código de cierre se conserva tras el bucle.

## Opciones y límites { #options-and-limits }

- `subprotocol` elige un subprotocolo.
- `headers` añade cabeceras.

| método | devuelve |
| --- | --- |
| `receive_text()` | `str` |

```python
await websocket.accept()  # accept the handshake
```

```python
--8<-- "docs_src/accept.py"
```
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the fixture project with every translation stamped up to date."""
    copy = tmp_path / "project"
    shutil.copytree(FIXTURE, copy)
    for lang in ("es", "zh"):
        assert stamp(copy / "docs", lang, "guide.md")
    (copy / "docs/es/messages.po").unlink()
    return copy


def status_check(root: Path) -> tuple[int, str]:
    app = typer.Typer()
    register_status(app)
    result = CliRunner().invoke(app, ["status", "--check", "--root", str(root)])
    return result.exit_code, result.output


def test_status_check_fails_on_lint_findings(project: Path) -> None:
    code, output = status_check(project)
    assert code == 1
    assert "docs/es/guide.md:9: inline-code:" in output  # stamping added a line
    assert output.rstrip().splitlines()[-1] == "check failed: 0 structural errors, 10 lint findings"


def test_status_check_passes_once_the_translation_is_fixed(project: Path) -> None:
    stamped = (project / "docs/es/guide.md").read_text(encoding="utf-8").split("---\n")[1]
    stamped = stamped.replace("la negociación", "el handshake")
    (project / "docs/es/guide.md").write_text(f"---\n{stamped}---\n{CLEAN_ES}", "utf-8")
    code, output = status_check(project)
    assert code == 0, output
    verdict = output.rstrip().splitlines()[-1]
    assert verdict.startswith("check passed: 0 structural errors, 0 lint findings"), verdict


def test_status_check_leaves_outdated_translations_to_the_translator(project: Path) -> None:
    english = project / "docs/en/guide.md"
    english.write_text(english.read_text(encoding="utf-8") + "\nOne more paragraph.\n", "utf-8")
    code, output = status_check(project)
    assert code == 0, output


# --- the repository ---------------------------------------------------------------------------


def test_repository_translations_and_catalogs_pass_the_lint() -> None:
    findings = collect_findings(load_settings(ROOT))
    assert findings == [], "\n".join(render(finding) for finding in findings)

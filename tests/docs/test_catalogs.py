"""The gettext catalogs, without building a site: extraction, update, checks, the repository's.

The build-level behaviour (translated reference pages, marked English units, rejected
entries) is in ``test_translated_reference.py``.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import griffe
import pytest
from babel.messages.catalog import Catalog

from i18ndocs.catalogs.docunits import split_chunks, translate_text
from i18ndocs.catalogs.extract import extract_docstrings, extract_templates
from i18ndocs.catalogs.po import (
    DOMAINS,
    check_catalog,
    init_catalog,
    is_translated,
    read_catalog,
    template_path,
    update_catalog,
    write_catalog,
)
from i18ndocs.catalogs.sitetext import catalog_path
from i18ndocs.pages.unitsafety import unsafe_additions
from i18ndocs.project.settings import load_settings
from i18ndocs.status.model import PageState, UnitKind
from i18ndocs.status.report import collect_status
from i18ndocs.status.units import source_units

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
TRANSLATED = ("es", "zh")
ACCEPT = "tether.websockets.WebSocket.accept"

_PARTS = {"parameters": "param", "raises": "raises", "returns": "returns", "attributes": "attr"}


def public_objects(obj: griffe.Object) -> list[griffe.Object]:
    """Walk griffe's own idea of the public API (``is_public``), independently of the pipeline."""
    found = [obj]
    for member in obj.members.values():
        if member.is_alias:
            continue
        if member.is_public or member.name == "__init__":
            found += public_objects(member)  # type: ignore[arg-type]
    return found


def rendered_roots(package: griffe.Object) -> list[griffe.Object]:
    """The objects the English pages' ``:::`` lines name, read with a plain regex."""
    names = {
        match[1]
        for page in (DOCS / "en").rglob("*.md")
        for match in re.finditer(r"^::: (tether[\w.]*)$", page.read_text(), re.MULTILINE)
    }
    assert len(names) > 10, "the pages name suspiciously few objects"
    return [package[name.removeprefix("tether.")] for name in sorted(names)]


def test_extracted_units_cover_every_public_docstring_the_pages_render() -> None:
    package = griffe.load("tether", search_paths=[str(ROOT / "src")], docstring_parser="google")
    template = extract_docstrings(load_settings(ROOT))
    units = {(message.context, message.id) for message in template if message.id}
    contexts = {context for context, _ in units}
    expected: list[str] = []
    checked = 0
    rendered = [obj for root in rendered_roots(package) for obj in public_objects(root)]
    for obj in rendered:
        if obj.docstring is None or not obj.docstring.value.strip():
            continue
        checked += 1
        for section in obj.docstring.parsed:
            kind = section.kind.value
            if kind == "text":
                expected.append(f"{obj.path}:text")
            elif kind in _PARTS:
                for index, item in enumerate(section.value):
                    if item.description:
                        key = getattr(item, "name", "") or item.annotation or index
                        expected.append(f"{obj.path}:{_PARTS[kind]}:{key}")
    assert checked > 100, "griffe found suspiciously few documented objects"
    missing = sorted(set(expected) - contexts)
    assert not missing, f"docstring units missing from the template: {missing[:20]}"
    for context, text in units:
        assert "```" not in text, f"{context}: a code block leaked into a unit"


def test_units_leave_code_blocks_out_and_keep_the_text_whole() -> None:
    text = "Intro line\nsecond line.\n\n```python\nx = 1\n\ny = 2\n```\n\n>>> 1 + 1\n2\n\nEnd."
    chunks = split_chunks(text)
    assert [chunk.text for chunk in chunks if chunk.prose] == ["Intro line\nsecond line.", "End."]
    assert "".join(chunk.text + chunk.separator for chunk in chunks) == text
    shouted = translate_text(text, "ctx", lambda context, unit: unit.upper())
    assert "INTRO LINE" in shouted
    assert "x = 1\n\ny = 2" in shouted
    assert ">>> 1 + 1\n2" in shouted


def test_each_unit_names_its_object_and_part() -> None:
    template = extract_docstrings(load_settings(ROOT))
    subprotocol = template.get(
        next(m.id for m in template if m.context == f"{ACCEPT}:param:subprotocol"),
        f"{ACCEPT}:param:subprotocol",
    )
    assert subprotocol is not None
    assert "subprotocol" in subprotocol.id
    assert subprotocol.locations[0][0] == "src/tether/websockets.py"
    assert any(m.context == f"{ACCEPT}:param:headers" for m in template)
    assert any(m.context == f"{ACCEPT}:text" for m in template)


def test_the_committed_templates_are_current() -> None:
    """Like a lock file: edit a docstring, then run ``docs.py catalog update``."""
    for domain, fresh in extract_templates(load_settings(ROOT)).items():
        committed = read_catalog(template_path(DOCS, "en", domain))
        keys = [(m.context, m.id) for m in committed if m.id]
        assert keys == [(m.context, m.id) for m in fresh if m.id], (
            f"docs/en/catalogs/{domain}.pot is stale: run python scripts/docs.py catalog update"
        )


@pytest.mark.parametrize("lang", TRANSLATED)
@pytest.mark.parametrize("domain", DOMAINS)
def test_the_repository_catalogs_are_complete_and_clean(lang: str, domain: str) -> None:
    catalog = read_catalog(catalog_path(DOCS, lang, domain), lang)
    template = read_catalog(template_path(DOCS, "en", domain))
    keys = {(m.context, m.id if isinstance(m.id, str) else m.id[0]) for m in catalog if m.id}
    for message in template:
        if message.id:
            text = message.id if isinstance(message.id, str) else message.id[0]
            assert (message.context, text) in keys, f"{lang} {domain}: no entry for {text!r}"
    untranslated = [m.id for m in catalog if m.id and not is_translated(m)]
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
    assert not untranslated, f"{lang} {domain}: {len(untranslated)} untranslated"
    assert not fuzzy, f"{lang} {domain}: {len(fuzzy)} fuzzy"
    assert check_catalog(catalog_path(DOCS, lang, domain), lang) == []


def _catalog(*entries: tuple[str, str, str]) -> Catalog:
    catalog = Catalog(locale="es")
    for context, english, translation in entries:
        catalog.add(english, translation, context=context)
    return catalog


def test_update_keeps_unchanged_units_and_marks_a_changed_one_fuzzy() -> None:
    old = _catalog(
        ("f:text", "Accept the connection.", "Acepta la conexión."),
        ("f:param:code", "The close code to send.", "El código de cierre que se envía."),
        ("g:text", "Gone from the code.", "Ya no está en el código."),
    )
    template = _catalog(
        ("f:text", "Accept the connection.", ""),
        ("f:param:code", "The close code to send to the client.", ""),
        ("f:param:reason", "A brand new parameter.", ""),
    )
    updated = update_catalog(template, old)
    by_context = {m.context: m for m in updated if m.id}
    assert by_context["f:text"].string == "Acepta la conexión."
    assert not by_context["f:text"].fuzzy
    changed = by_context["f:param:code"]
    assert changed.fuzzy
    assert changed.string == "El código de cierre que se envía."
    assert changed.previous_id == ["The close code to send."]
    assert by_context["f:param:reason"].string == ""
    assert not by_context["f:param:reason"].fuzzy
    assert [m.id for m in updated.obsolete.values()] == ["Gone from the code."]


def test_a_new_catalog_has_the_languages_plural_rules() -> None:
    template = Catalog()
    template.add(("{count} page", "{count} pages"))
    assert init_catalog(template, "es").num_plurals == 3
    assert init_catalog(template, "zh").num_plurals == 1


@pytest.mark.parametrize(
    ("english", "translation", "added"),
    [
        ("Send text.", "Envía texto. <script>alert(1)</script>", "HTML <script>"),
        ('An <img src="a.png"> here.', 'Una <img src="a.png" onerror="x()"> aquí.', "onerror"),
        ("See [the guide](guide.md).", "Ver [la guía](javascript:alert(1)).", "javascript:"),
        ("Plain.", "Llano [aquí](https://example.org/).", "https://example.org/"),
    ],
)
def test_a_translation_may_not_add_markup_or_links(
    english: str, translation: str, added: str
) -> None:
    assert any(added in problem for problem in unsafe_additions(english, translation))


def test_what_the_english_has_and_code_spans_are_allowed() -> None:
    assert unsafe_additions("Use `<b>` or [x][tether.URL].", "Usa `<b>` o [x][tether.URL].") == []
    assert unsafe_additions('A <kbd>key</kbd> and <a href="u">u</a>', "Una <kbd>tecla</kbd>") == []


def _write_po(path: Path, *entries: tuple[str | None, str | tuple[str, str], object]) -> Path:
    catalog = Catalog(locale="es")
    for context, english, translation in entries:
        catalog.add(english, translation, context=context)
    write_catalog(catalog, path)
    return path


def test_check_names_the_line_of_a_changed_placeholder_or_smuggled_script(tmp_path: Path) -> None:
    path = _write_po(
        tmp_path / "site.po",
        (None, "Fine {link}", "Bien {link}"),
        (None, "Read {link}", "Lee {enlace}"),
        ("f:text", "Plain text.", 'Texto <img src=x onerror="alert(1)">'),
        (None, ("{count} page", "{count} pages"), ("Una página", "{count} páginas", "{count} p")),
    )
    lines = path.read_text(encoding="utf-8").splitlines()
    problems = check_catalog(path, "es")
    assert len(problems) == 2
    (placeholder_line, placeholder), (script_line, script) = problems
    assert "placeholders" in placeholder
    assert lines[placeholder_line - 1] == 'msgid "Read {link}"'
    assert "onerror" in script
    assert lines[script_line - 1] == 'msgid "Plain text."'


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ('msgid "a"\nmsgstr "b"\n\nmsgid "c"\nmsgstr "unterminated\n', 5),
        ('msgid "a"\nmsgstr "b"\nmsgstr "second"\n', 3),
        ('msgid "a"\nmsgstr "b"\n\ngarbage\n', 4),
        ('msgid "a"\nmsgstr "b"\n\nmsgid "a"\nmsgstr "c"\n', 5),
        ('msgid "a"\n', 1),
    ],
)
def test_a_catalog_that_does_not_parse_is_reported_with_its_line(
    tmp_path: Path, text: str, line: int
) -> None:
    """Babel alone would silently repair the first two (losing a character, or the text)."""
    from i18ndocs.project.errors import DocsError

    path = tmp_path / "docstrings.po"
    path.write_text(text, "utf-8")
    with pytest.raises(DocsError) as caught:
        check_catalog(path, "es")
    assert caught.value.problem.path == str(path)
    assert caught.value.problem.line == line


def test_status_counts_a_fuzzy_unit_as_outdated(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    shutil.copytree(DOCS, docs)
    shutil.copy2(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    (tmp_path / "src").symlink_to(ROOT / "src", target_is_directory=True)
    path = catalog_path(docs, "es", "docstrings")
    catalog = read_catalog(path, "es")
    target = next(m for m in catalog if m.context == f"{ACCEPT}:param:subprotocol")
    target.flags.add("fuzzy")
    write_catalog(catalog, path)
    from i18ndocs.project.settings import load_settings

    units = source_units(load_settings(tmp_path))
    report = collect_status(docs, load_settings(tmp_path).languages, units)
    spanish = report.language("es")
    assert spanish.counts(UnitKind.DOCSTRING).outdated == 1
    assert report.language("zh").counts(UnitKind.DOCSTRING).outdated == 0
    (outdated,) = (
        unit
        for unit in spanish.needing_work(UnitKind.DOCSTRING)
        if unit.state is PageState.OUTDATED
    )
    assert outdated.key == f"{ACCEPT}:param:subprotocol#0"
    assert outdated.state is PageState.OUTDATED
    assert outdated.pages == ("reference/websockets.md",)
    assert spanish.page_unit_counts()["reference/websockets.md"].outdated == 1


def test_no_docstring_splits_one_return_value_into_several_rows() -> None:
    """Google style reads an unindented continuation line in Returns as another value."""
    package = griffe.load("tether", search_paths=[str(ROOT / "src")], docstring_parser="google")
    split = []
    for obj in public_objects(package):  # type: ignore[arg-type]
        if obj.docstring is None or not obj.is_function:
            continue
        returns = obj.returns  # type: ignore[attr-defined]
        is_tuple = str(returns).startswith(("tuple[", "Tuple["))
        for section in obj.docstring.parsed:
            several = section.kind.value in {"returns", "yields"} and len(section.value) > 1
            if several and not is_tuple:
                split.append(f"{obj.path}: {len(section.value)} {section.kind.value} rows")
    assert not split, split


def test_the_old_english_of_a_fuzzy_entry_survives_a_read_and_a_write(tmp_path: Path) -> None:
    """Babel reads ``#| msgid`` back as a translator comment; the pipeline keeps its meaning."""
    path = tmp_path / "docstrings.po"
    path.write_text(
        'msgid ""\nmsgstr ""\n"Language: es\\n"\n\n# a note\n#, fuzzy\n'
        '#| msgid "old "\n#| "text \\"q\\""\nmsgctxt "x"\nmsgid "new text"\nmsgstr "viejo"\n',
        "utf-8",
    )
    for _ in range(2):
        catalog = read_catalog(path, "es")
        (message,) = (m for m in catalog if m.id)
        assert message.previous_id == ['old text "q"']
        assert message.user_comments == ["a note"]
        write_catalog(catalog, path)
    assert '#| msgid "old text \\"q\\""' in path.read_text("utf-8")

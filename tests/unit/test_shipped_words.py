"""The pipeline's own words, shipped with it: which catalog serves a language, the lookup
order (the project's ``site.po``, the shipped catalog, English), the project's catalog
holding only its own words, overrides kept by ``catalog update``, and every shipped catalog
complete against a fresh extraction from the pipeline's code."""

from __future__ import annotations

import gettext
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.plurals import get_plural

from i18ndocs.catalogs.extract import extract_pipeline_words, extract_site
from i18ndocs.catalogs.po import (
    check_catalog,
    is_translated,
    read_catalog,
    update_catalog,
    write_catalog,
)
from i18ndocs.catalogs.shipped import (
    shipped_catalog,
    shipped_folder,
    shipped_languages,
    shipped_template,
)
from i18ndocs.catalogs.sitetext import catalog_path, translator
from i18ndocs.cli.catalog import update_language, write_templates
from i18ndocs.lint.checks import lint_po
from i18ndocs.project.languages import canonical_code
from i18ndocs.project.settings import load_settings
from i18ndocs.status.model import UnitKind
from i18ndocs.status.report import collect_status
from i18ndocs.status.units import source_units

ROOT = Path(__file__).resolve().parents[2]
WEE = ROOT / "tests" / "fixtures" / "wee"
PASSAGES = ("{count} passage still in English", "{count} passages still in English")


def _key(message: Message) -> tuple[str | None, str]:
    text = message.id if isinstance(message.id, str) else message.id[0]
    return message.context, text


def _po(path: Path, lang: str, *entries: tuple[str | None, object, object, bool]) -> Path:
    """Write a catalog of (context, English, translation, fuzzy) entries."""
    catalog = Catalog(locale=lang.replace("-", "_"))
    for context, english, translation, fuzzy in entries:
        catalog.add(english, translation, context=context, flags=["fuzzy"] if fuzzy else [])
    write_catalog(catalog, path)
    return path


# Which shipped catalog serves a language


@pytest.mark.parametrize(
    ("code", "served"),
    [
        ("es", "es"),
        ("ES", "es"),
        ("es-MX", "es"),
        ("es-419", "es"),
        ("zh", "zh"),
        ("zh-CN", "zh"),
        ("zh-Hans", "zh"),
        ("zh-SG", "zh"),
        ("zh-Hant", "zh-Hant"),
        ("zh-TW", "zh-Hant"),
        ("zh-HK", "zh-Hant"),
        ("pt-BR", "pt-BR"),
        ("pt", "pt-BR"),
        ("pt-PT", "pt-BR"),
        ("fr", None),
        ("sr-Latn", None),
    ],
)
def test_a_language_takes_the_shipped_catalog_of_its_language_and_script(
    tmp_path: Path, code: str, served: str | None
) -> None:
    for name in ("es", "pt-BR", "sr", "zh", "zh-Hant"):
        (tmp_path / f"{name}.po").touch()
    found = shipped_catalog(code, tmp_path)
    assert (found.stem if found else None) == served


def test_traditional_chinese_never_reads_simplified_nor_the_reverse(tmp_path: Path) -> None:
    (tmp_path / "zh.po").touch()
    assert shipped_catalog("zh-Hant", tmp_path) is None
    assert shipped_catalog("zh-TW", tmp_path) is None
    (tmp_path / "zh.po").unlink()
    (tmp_path / "zh-Hant.po").touch()
    assert shipped_catalog("zh", tmp_path) is None
    assert shipped_catalog("zh-CN", tmp_path) is None


def test_the_exact_code_wins_over_a_likely_match(tmp_path: Path) -> None:
    for name in ("pt", "pt-BR", "pt-PT"):
        (tmp_path / f"{name}.po").touch()
    assert shipped_catalog("pt-BR", tmp_path) == tmp_path / "pt-BR.po"
    assert shipped_catalog("pt-PT", tmp_path) == tmp_path / "pt-PT.po"
    assert shipped_catalog("pt", tmp_path) == tmp_path / "pt.po"


# The lookup: the project's catalog, the shipped one, English


def test_the_project_overrides_entry_by_entry_then_the_shipped_catalog_then_english(
    tmp_path: Path,
) -> None:
    shipped = tmp_path / "shipped"
    _po(
        shipped / "es.po",
        "es",
        (None, "Parameters:", "Parámetros:", False),
        (None, "Returns:", "Devuelve:", False),
        (None, "Raises:", "Lanza:", False),
        (None, "Yields:", "Produce:", False),
        ("symbol badge", "param", "parám", False),
    )
    docs = tmp_path / "docs"
    _po(
        catalog_path(docs, "es", "site"),
        "es",
        (None, "Parameters:", "Argumentos:", False),  # an override
        (None, "Returns:", "", False),  # an empty entry
        (None, "Raises:", "Excepciones:", True),  # a fuzzy one
        (None, "Examples:", "Ejemplos:", False),  # a word the pipeline does not ship in es
    )
    words = translator(docs, "es", tmp_path / "cache", shipped)
    assert words.gettext("Parameters:") == "Argumentos:"
    assert words.gettext("Returns:") == "Devuelve:"
    assert words.gettext("Raises:") == "Lanza:"
    assert words.gettext("Yields:") == "Produce:"
    assert words.gettext("Examples:") == "Ejemplos:"
    assert words.gettext("Methods:") == "Methods:"
    assert words.pgettext("symbol badge", "param") == "parám"
    assert words.pgettext("symbol badge", "attr") == "attr"


def test_a_new_project_shows_the_shipped_words_with_no_catalog_of_its_own(
    tmp_path: Path,
) -> None:
    for code in shipped_languages():
        words = translator(tmp_path / "docs", code, tmp_path / "cache")
        shipped = read_catalog(shipped_languages()[code], code)
        badge = shipped.get("param", "symbol badge")
        assert badge is not None
        assert words.pgettext("symbol badge", "param") == badge.string, code


@pytest.mark.parametrize("shipped_entry", [False, True])
def test_an_untranslated_plural_falls_back_to_english_plural_rules(
    tmp_path: Path, shipped_entry: bool
) -> None:
    """Chinese has one plural form; its empty form must not make English say "15 passage"."""
    shipped = tmp_path / "shipped"
    empty_plural = (None, PASSAGES, ("",), False)
    _po(
        shipped / "zh.po",
        "zh",
        (None, "Parameters:", "参数", False),
        *([empty_plural] if shipped_entry else []),
    )
    docs = tmp_path / "docs"
    _po(catalog_path(docs, "zh", "site"), "zh", empty_plural)
    words = translator(docs, "zh", tmp_path / "cache", shipped)
    assert words.ngettext(*PASSAGES, 15) == "{count} passages still in English"
    assert words.ngettext(*PASSAGES, 1) == "{count} passage still in English"
    assert words.gettext("Parameters:") == "参数"


def test_a_partly_translated_plural_falls_through_whole(tmp_path: Path) -> None:
    """A Spanish entry with one of its three forms empty is not shown for any count."""
    docs = tmp_path / "docs"
    _po(
        catalog_path(docs, "es", "site"),
        "es",
        (None, PASSAGES, ("{count} fragmento", "", "{count} fragmentos"), False),
    )
    (tmp_path / "no-shipped").mkdir()
    words = translator(docs, "es", tmp_path / "cache", tmp_path / "no-shipped")
    assert words.ngettext(*PASSAGES, 1) == "{count} passage still in English"
    assert words.ngettext(*PASSAGES, 2) == "{count} passages still in English"


# The project's catalog: its own words only, its overrides kept


@pytest.fixture
def wee(tmp_path: Path) -> Path:
    project = tmp_path / "wee"
    shutil.copytree(WEE, project)
    return project


def test_the_site_template_holds_only_the_projects_own_words() -> None:
    pipeline = {_key(message) for message in extract_pipeline_words() if message.id}
    assert len(pipeline) > 100
    wee = {_key(message) for message in extract_site(load_settings(WEE)) if message.id}
    assert wee == {("navigation", "Translating")}
    ours = [message for message in extract_site(load_settings(ROOT)) if message.id]
    assert {message.context for message in ours} == {"navigation", "site description"}
    assert not {_key(message) for message in ours} & pipeline


def test_catalog_update_keeps_an_override_and_drops_untranslated_pipeline_words(
    wee: Path,
) -> None:
    settings = load_settings(wee)
    write_templates(settings)
    path = catalog_path(settings.docs_root, "es", "site")
    _po(
        path,
        "es",
        ("navigation", "Translating", "Traducir", False),
        ("symbol badge", "param", "arg", False),
        (None, PASSAGES, ("{count} trozo", "{count} trozos", "{count} trozos"), False),
        (None, "Returns:", "", False),
    )
    update_language(settings, "es")
    catalog = read_catalog(path, "es")
    kept = {_key(m): m.string for m in catalog if m.id}
    assert kept == {
        ("navigation", "Translating"): "Traducir",
        ("symbol badge", "param"): "arg",
        (None, PASSAGES[0]): ("{count} trozo", "{count} trozos", "{count} trozos"),
    }
    assert not catalog.obsolete
    words = translator(settings.docs_root, "es", settings.cache_dir)
    assert words.pgettext("symbol badge", "param") == "arg"


def test_update_catalog_keeps_only_translated_overrides() -> None:
    template = Catalog()
    template.add("Guide", context="navigation")
    overridable = Catalog()
    overridable.add("Parameters:")
    overridable.add("Returns:")
    old = Catalog(locale="es")
    old.add("Parameters:", "Argumentos:")
    old.add("Returns:", "")
    updated = update_catalog(template, old, overridable)
    assert [(_key(m), m.string) for m in updated if m.id] == [
        (("navigation", "Guide"), ""),
        ((None, "Parameters:"), "Argumentos:"),
    ]
    assert not updated.obsolete


def test_status_counts_only_the_projects_own_words(wee: Path) -> None:
    settings = load_settings(wee)
    write_templates(settings)
    update_language(settings, "es")
    path = catalog_path(settings.docs_root, "es", "site")
    catalog = read_catalog(path, "es")
    catalog.add("param", "arg", context="symbol badge")  # an override: not a unit
    write_catalog(catalog, path)
    report = collect_status(settings.docs_root, settings.languages, source_units(settings))
    for code in ("es", "zh"):
        counts = report.language(code).counts(UnitKind.SITE_TEXT)
        assert (counts.total, counts.missing) == (1, 1), code
    assert report.errors == ()


# Every shipped catalog: complete, current, clean


def test_the_shipped_template_is_current() -> None:
    """Like a lock file: mark a word in the pipeline, then run ``docs.py catalog pipeline``."""
    committed = [_key(m) for m in read_catalog(shipped_template()) if m.id]
    assert committed == [_key(m) for m in extract_pipeline_words() if m.id], (
        "scripts/i18ndocs/locale/i18ndocs.pot is stale: run python scripts/docs.py catalog pipeline"
    )


def test_the_shipped_languages_are_the_files_present() -> None:
    assert {"es", "zh"} <= set(shipped_languages())
    for code, path in shipped_languages().items():
        assert path.parent == shipped_folder()
        assert canonical_code(code) == code, "a shipped catalog is named by its canonical code"


_PLACEHOLDER = re.compile(r"\{[A-Za-z_]\w*\}")
SPELLED_OUT = {"{language}"}
"""Placeholders a catalog may write out: it is only read in its own language, whose name it
may then spell in its own grammar (Spanish ``al español``, not ``al Español``)."""


def _placeholders(text: str) -> set[str]:
    return set(_PLACEHOLDER.findall(text))


def _required(english: list[str], form: int, plural: Callable[[int], int]) -> set[str]:
    """The placeholders a translation's form must keep: those of the English it stands for,
    the plural English as soon as the form serves any count other than one."""
    counts = [*range(200), 1_000_000, 1_000_001]
    served = {n for n in counts if plural(n) == form}
    stands_for = english[:1] if served <= {1} else english[1:] or english
    return set.union(*(_placeholders(text) for text in stands_for)) - SPELLED_OUT


@pytest.mark.parametrize("code", sorted(shipped_languages()))
def test_a_shipped_catalog_translates_every_word_of_the_pipeline(code: str) -> None:
    path = shipped_languages()[code]
    catalog = read_catalog(path, code)
    expected = get_plural(code.replace("-", "_"))
    assert (catalog.num_plurals, catalog.plural_expr) == (
        expected.num_plurals,
        expected.plural_expr,
    ), f"{code}: Plural-Forms is not Babel's rule for the language"
    plural = gettext.c2py(catalog.plural_expr)
    entries = {_key(message): message for message in catalog if message.id}
    missing = []
    for word in extract_pipeline_words():
        if not word.id:
            continue
        message = entries.get(_key(word))
        if message is None or not is_translated(message):
            missing.append(_key(word)[1])
            continue
        assert not message.fuzzy, f"{code}: fuzzy {_key(word)}"
        english = [word.id] if isinstance(word.id, str) else list(word.id)
        forms = [message.string] if isinstance(message.string, str) else list(message.string)
        if len(english) > 1:
            assert len(forms) == expected.num_plurals, f"{code}: plural forms of {english[0]!r}"
        allowed = set.union(*(_placeholders(text) for text in english))
        for index, form in enumerate(forms):
            required = _required(english, index, plural) if len(english) > 1 else allowed
            found = _placeholders(form)
            assert required - SPELLED_OUT <= found <= allowed, (
                f"{code}: the placeholders of {form!r} (form {index}) should be {sorted(required)}"
            )
    assert not missing, (
        f"{code}: {len(missing)} words untranslated, run catalog pipeline: {missing}"
    )
    assert check_catalog(path, code) == []
    findings = lint_po(path, None)  # the translation lint: code, links, markup kept
    assert findings == [], [str(finding) for finding in findings]

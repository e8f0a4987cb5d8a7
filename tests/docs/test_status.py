"""The translation status model and its commands, on temporary copies of the docs."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from i18ndocs.cli.status import register
from i18ndocs.project.settings import load_settings
from i18ndocs.status.model import ErrorKind, PageState, UnknownLanguageError
from i18ndocs.status.page_state import FINGERPRINT_KEY, fingerprint, page_state, stamp
from i18ndocs.status.report import collect_status

ROOT = Path(__file__).resolve().parents[2]

PAGE = "guide/websockets.md"
CONFIG = """\
site_name: test
docs_dir: docs/en
extra:
  i18n:
    languages:
      - {code: en, name: English, source: true}
      - {code: es, name: Español}
      - {code: zh, name: 简体中文}
"""


def make_app() -> typer.Typer:
    app = typer.Typer()
    register(app)
    return app


def run(root: Path, *args: str, stream: str = "output") -> tuple[int, str]:
    """Run a command on a project; return its exit code and its output (or one stream)."""
    result = CliRunner().invoke(make_app(), [*args, "--root", str(root)])
    return result.exit_code, getattr(result, stream)


@pytest.fixture
def stamped(repo_copy: Path) -> Path:
    """A copy of the real sources (conftest's ``repo_copy``), every translation stamped."""
    code, output = run(repo_copy, "mark-updated", "--all")
    assert code == 0, output
    return repo_copy


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    """A minimal project: one English page, its Spanish translation stamped, no Chinese."""
    (tmp_path / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    for lang, text in (("en", "# Hello\n\nWorld.\n"), ("es", "# Hola\n\nMundo.\n")):
        (tmp_path / "docs" / lang).mkdir(parents=True)
        (tmp_path / "docs" / lang / "index.md").write_text(text, encoding="utf-8")
    (tmp_path / "docs" / "zh").mkdir()
    assert stamp(tmp_path / "docs", "es", "index.md")
    return tmp_path


def status_json(root: Path, *args: str) -> dict[str, object]:
    code, output = run(root, "status", "--format", "json", *args, stream="stdout")
    assert code == 0, output
    data = json.loads(output)
    assert isinstance(data, dict)
    return data


def page_states(root: Path, lang: str) -> dict[str, str]:
    data = status_json(root, "--lang", lang)
    (language,) = data["languages"]  # type: ignore[misc]
    return {unit["key"]: unit["state"] for unit in language["units"]}


# Fingerprints


def test_fingerprint_ignores_front_matter_line_endings_and_trailing_space() -> None:
    plain = "# Title\n\nSome text.\n"
    assert fingerprint("---\nsource_hash: 0123456789ab\nhide: [toc]\n---\n\n" + plain) == (
        fingerprint(plain)
    )
    assert fingerprint("# Title  \r\n\r\nSome text.\t\r\n\r\n") == fingerprint(plain)
    assert fingerprint("# Title\n\nSome text!\n") != fingerprint(plain)
    assert re.fullmatch(r"[0-9a-f]{64}", fingerprint(plain))


def test_fingerprint_covers_the_title_and_description_a_translation_translates() -> None:
    plain = "# Title\n\nSome text.\n"
    titled = "---\ntitle: Sending\ndescription: How to send.\n---\n" + plain
    assert fingerprint(titled) != fingerprint(plain)
    assert fingerprint(titled.replace("Sending", "Receiving")) != fingerprint(titled)
    assert fingerprint(titled.replace("How to send", "How to receive")) != fingerprint(titled)
    assert fingerprint(titled.replace("\n#", "\n\n#")) == fingerprint(titled)


def test_a_title_change_in_english_marks_the_translation_outdated(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    english = docs / "en" / "page.md"
    english.parent.mkdir(parents=True)
    english.write_text("---\ntitle: Sending\n---\n# Sending\n", "utf-8")
    (docs / "es").mkdir()
    (docs / "es" / "page.md").write_text("# Enviar\n", "utf-8")
    stamp(docs, "es", "page.md")
    assert page_state(docs, "es", "page.md") is PageState.TRANSLATED
    english.write_text("---\ntitle: Sending messages\n---\n# Sending\n", "utf-8")
    assert page_state(docs, "es", "page.md") is PageState.OUTDATED
    stamp(docs, "es", "page.md")
    english.write_text("---\ntitle: Sending messages\ndescription: New.\n---\n# Sending\n")
    assert page_state(docs, "es", "page.md") is PageState.OUTDATED


def test_an_empty_translation_counts_as_missing(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    (docs / "en").mkdir(parents=True)
    (docs / "en" / "page.md").write_text("# Page\n\nText.\n", "utf-8")
    (docs / "es").mkdir()
    for blank in ("", "\n\n  \n", "---\nsource_hash: 0123456789ab\n---\n\n"):
        (docs / "es" / "page.md").write_text(blank, "utf-8")
        assert page_state(docs, "es", "page.md") is PageState.MISSING, repr(blank)


def test_page_state_follows_the_english_text(tiny: Path) -> None:
    docs = tiny / "docs"
    assert page_state(docs, "es", "index.md") is PageState.TRANSLATED
    assert page_state(docs, "zh", "index.md") is PageState.MISSING
    assert page_state(docs, "en", "index.md") is PageState.TRANSLATED
    (docs / "en" / "index.md").write_text("# Hello\n\nWorld, again.\n", encoding="utf-8")
    assert page_state(docs, "es", "index.md") is PageState.OUTDATED


def test_a_translation_without_fingerprint_is_outdated(tiny: Path) -> None:
    (tiny / "docs" / "zh" / "index.md").write_text("# 你好\n", encoding="utf-8")
    assert page_state(tiny / "docs", "zh", "index.md") is PageState.OUTDATED


def test_a_longer_fingerprint_prefix_matches(tiny: Path) -> None:
    full = fingerprint((tiny / "docs" / "en" / "index.md").read_text(encoding="utf-8"))
    page = tiny / "docs" / "zh" / "index.md"
    page.write_text(f"---\n{FINGERPRINT_KEY}: {full[:40]}\n---\n# 你好\n", encoding="utf-8")
    assert page_state(tiny / "docs", "zh", "index.md") is PageState.TRANSLATED


# The lifecycle on a copy of the real docs


def test_editing_an_english_page_makes_its_translations_outdated(stamped: Path) -> None:
    before = status_json(stamped)
    for language in before["languages"]:  # type: ignore[attr-defined]
        assert language["summary"]["page"]["outdated"] == 0, language

    english = stamped / "docs" / "en" / PAGE
    english.write_text(english.read_text(encoding="utf-8") + "\nA new paragraph.\n", "utf-8")
    for lang in ("es", "zh"):
        assert page_states(stamped, lang)[PAGE] == "outdated"
    code, table = run(stamped, "status")
    assert code == 0
    assert f"outdated docs/es/{PAGE}" in table
    assert f"outdated docs/zh/{PAGE}" in table

    code, output = run(stamped, "mark-updated", f"{stamped}/docs/es/{PAGE}")
    assert code == 0, output
    assert f"marked: docs/es/{PAGE} (translated)" in output
    assert page_states(stamped, "es")[PAGE] == "translated"
    assert page_states(stamped, "zh")[PAGE] == "outdated"

    code, output = run(stamped, "mark-updated", "--lang", "zh", PAGE)
    assert code == 0, output
    assert page_states(stamped, "zh")[PAGE] == "translated"


def test_cosmetic_english_edits_keep_translations_current(stamped: Path) -> None:
    english = stamped / "docs" / "en" / PAGE
    text = english.read_text(encoding="utf-8")
    english.write_bytes((text.replace("\n", "  \r\n") + "\n\n").encode("utf-8"))
    assert page_states(stamped, "es")[PAGE] == "translated"


def test_deleting_a_translation_makes_it_missing(stamped: Path) -> None:
    (stamped / "docs" / "zh" / PAGE).unlink()
    assert page_states(stamped, "zh")[PAGE] == "missing"
    assert page_states(stamped, "es")[PAGE] == "translated"
    code, table = run(stamped, "status", "--lang", "zh")
    assert code == 0
    assert f"missing  docs/zh/{PAGE}" in table


ROW = re.compile(
    r"(?P<code>[a-z]+) \((?P<name>[^)]+)\)\s*│\s*(?P<total>\d+)\s*│"
    r"\s*(?P<translated>\d+) \((?P<tp>[\d.]+)%\)\s*│"
    r"\s*(?P<outdated>\d+) \((?P<op>[\d.]+)%\)\s*│"
    r"\s*(?P<missing>\d+) \((?P<mp>[\d.]+)%\)"
)


def test_json_output_matches_the_table(stamped: Path) -> None:
    (stamped / "docs" / "zh" / PAGE).unlink()
    (stamped / "docs" / "es" / "index.md").unlink()
    english = stamped / "docs" / "en" / "guide" / "testing.md"
    english.write_text(english.read_text(encoding="utf-8") + "\nMore.\n", encoding="utf-8")

    code, table = run(stamped, "status")
    assert code == 0
    rows = {match["code"]: match for match in ROW.finditer(table)}
    data = status_json(stamped)
    assert [language["code"] for language in data["languages"]] == ["es", "zh"]  # type: ignore[attr-defined]
    assert sorted(rows) == ["es", "zh"]
    for language in data["languages"]:  # type: ignore[attr-defined]
        row, summary = rows[language["code"]], language["summary"]["page"]
        assert row["name"] == language["name"]
        assert int(row["total"]) == summary["total"]
        for state, percent in (("translated", "tp"), ("outdated", "op"), ("missing", "mp")):
            assert int(row[state]) == summary[state]
            assert float(row[percent]) == summary["percent"][state]
        for unit in (unit for unit in language["units"] if unit["kind"] == "page"):
            line = f"{unit['state']:<8} docs/{language['code']}/{unit['key']}"
            assert (line in table) is (unit["state"] != "translated"), line
    assert rows["es"]["missing"] == "1"
    assert rows["zh"]["missing"] == "1"
    assert rows["es"]["outdated"] == rows["zh"]["outdated"] == "1"


def test_status_of_one_language(stamped: Path) -> None:
    data = status_json(stamped, "--lang", "zh")
    assert [language["code"] for language in data["languages"]] == ["zh"]  # type: ignore[attr-defined]
    code, output = run(stamped, "status", "--lang", "fr")
    assert code == 2
    assert "'fr' is not a declared translated language" in output


# mark-updated keeps every other byte


def test_mark_updated_adds_the_key_and_keeps_the_rest_byte_for_byte(tiny: Path) -> None:
    page = tiny / "docs" / "zh" / "index.md"
    original = b"---\r\ntitle: \xe4\xbd\xa0\xe5\xa5\xbd\r\n---\r\n# \xe4\xbd\xa0\xe5\xa5\xbd  \r\n"
    page.write_bytes(original)
    code, output = run(tiny, "mark-updated", str(page))
    assert code == 0, output
    value = fingerprint((tiny / "docs" / "en" / "index.md").read_text(encoding="utf-8"))[:12]
    expected = original.replace(b"---\r\n#", f"{FINGERPRINT_KEY}: {value}\r\n---\r\n#".encode())
    assert page.read_bytes() == expected

    code, output = run(tiny, "mark-updated", str(page))
    assert code == 0
    assert "already up to date" in output
    assert page_state(tiny / "docs", "zh", "index.md") is PageState.TRANSLATED


def test_mark_updated_replaces_an_old_fingerprint_in_place(tiny: Path) -> None:
    page = tiny / "docs" / "es" / "index.md"
    template = "---\nauthor: ana\n{key}: {value}   \ntags: [a]\n---\n# Hola\n\nMundo.\n"
    page.write_text(template.format(key=FINGERPRINT_KEY, value="0" * 11 + "a"), "utf-8")
    assert page_state(tiny / "docs", "es", "index.md") is PageState.OUTDATED
    assert stamp(tiny / "docs", "es", "index.md")
    value = fingerprint((tiny / "docs" / "en" / "index.md").read_text(encoding="utf-8"))[:12]
    expected = template.format(key=FINGERPRINT_KEY, value=value).replace("   \n", "\n", 1)
    assert page.read_text(encoding="utf-8") == expected
    assert page_state(tiny / "docs", "es", "index.md") is PageState.TRANSLATED


def test_mark_updated_adds_front_matter_to_a_page_without_it(tiny: Path) -> None:
    page = tiny / "docs" / "zh" / "index.md"
    page.write_text("# 你好\n\n世界。\n", encoding="utf-8")
    assert stamp(tiny / "docs", "zh", "index.md")
    text = page.read_text(encoding="utf-8")
    assert text.startswith(f"---\n{FINGERPRINT_KEY}: ")
    assert text.endswith("---\n\n# 你好\n\n世界。\n")


def test_a_fingerprint_of_digits_only_is_written_as_a_string(tiny: Path) -> None:
    from i18ndocs.status.page_state import _with_fingerprint

    text = _with_fingerprint("# x\n", "123456789012", "x.md")
    assert text.startswith(f'---\n{FINGERPRINT_KEY}: "123456789012"\n---\n')


def test_mark_updated_refuses_what_it_cannot_stamp(tiny: Path) -> None:
    code, output = run(tiny, "mark-updated", "docs/zh/index.md")
    assert code == 2
    assert "is not a file" in output
    code, output = run(tiny, "mark-updated", "--lang", "zh", "index.md")
    assert code == 1
    assert "docs/zh/index.md does not exist" in output
    (tiny / "docs" / "es" / "orphan.md").write_text("# Huérfana\n", encoding="utf-8")
    code, output = run(tiny, "mark-updated", "--lang", "es", "orphan.md")
    assert code == 1
    assert "has no English source docs/en/orphan.md" in output
    code, output = run(tiny, "mark-updated", str(tiny / "docs" / "en" / "index.md"))
    assert code == 2
    assert "not a page of a translated language" in output
    code, output = run(tiny, "mark-updated")
    assert code == 2


# --check


def test_check_passes_on_the_real_repository() -> None:
    result = subprocess.run(
        [sys.executable, "scripts/docs.py", "status", "--check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Translation status" in result.stdout
    assert "Structural errors" not in result.stdout


def test_check_ignores_missing_and_outdated_pages(tiny: Path) -> None:
    (tiny / "docs" / "en" / "index.md").write_text("# Changed\n", encoding="utf-8")
    code, output = run(tiny, "status", "--check")
    assert code == 0, output
    assert "outdated docs/es/index.md" in output
    assert "missing  docs/zh/index.md" in output


@pytest.mark.parametrize(
    ("path", "content", "kind", "expected"),
    [
        (
            "es/extra.md",
            "# Huérfana\n",
            ErrorKind.ORPHAN,
            "docs/es/extra.md:1: translation has no English source docs/en/extra.md",
        ),
        (
            "zh/index.md",
            "---\ntitle: x\nsource_hash: nothex!nothex\n---\n",
            ErrorKind.MALFORMED_FINGERPRINT,
            "docs/zh/index.md:3: source_hash 'nothex!nothex' is not lowercase hexadecimal",
        ),
        (
            "zh/index.md",
            "---\nsource_hash: abc123\n---\n",
            ErrorKind.MALFORMED_FINGERPRINT,
            "docs/zh/index.md:2: source_hash 'abc123' has 6 digits, expected 12 to 64",
        ),
        (
            "zh/index.md",
            "---\nsource_hash: 123456789012\n---\n",
            ErrorKind.MALFORMED_FINGERPRINT,
            "docs/zh/index.md:2: source_hash must be a string of hexadecimal digits, not int",
        ),
        (
            "zh/index.md",
            "---\ntitle: [unclosed\n---\n# x\n",
            ErrorKind.MALFORMED_FRONT_MATTER,
            "docs/zh/index.md:3: front matter is not valid YAML",
        ),
        (
            "zh/index.md",
            "---\ntitle: x\n# never closed\n",
            ErrorKind.MALFORMED_FRONT_MATTER,
            "docs/zh/index.md:1: front matter opened on line 1 is never closed",
        ),
        (
            "fr/index.md",
            "# Bonjour\n",
            ErrorKind.UNDECLARED_LANGUAGE,
            "docs/fr: directory for language 'fr', which mkdocs.yml does not declare",
        ),
    ],
)
def test_check_fails_on_structural_errors(
    tiny: Path, path: str, content: str, kind: ErrorKind, expected: str
) -> None:
    target = tiny / "docs" / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(content, encoding="utf-8")
    report = collect_status(tiny / "docs", load_settings(tiny).languages)
    assert [error.kind for error in report.errors] == [kind]

    code, output = run(tiny, "status", "--check")
    assert code == 1, output
    assert expected in output
    code, output = run(tiny, "status")
    assert code == 0, "without --check, errors are reported but do not fail"
    assert expected in output
    code, output = run(tiny, "status", "--check", "--format", "json", stream="stdout")
    assert code == 1
    assert json.loads(output)["errors"][0]["kind"] == kind.value
    assert expected in run(tiny, "status", "--check", "--format", "json", stream="stderr")[1]


def test_an_orphan_does_not_count_as_a_page(tiny: Path) -> None:
    (tiny / "docs" / "es" / "extra.md").write_text("# Huérfana\n", encoding="utf-8")
    report = collect_status(tiny / "docs", load_settings(tiny).languages)
    assert report.language("es").counts().total == 1
    with pytest.raises(UnknownLanguageError, match="'en' is not a declared translated"):
        report.language("en")

"""``i18ndocs init``'s plan: the edits of ``mkdocs.yml`` as text, and its refusals; the
shipped guide templates; the first-run problems of the guide and status pages."""

from __future__ import annotations

from pathlib import Path

import pytest

from i18ndocs.cli.guide import project_guide, render_guide, shipped_languages
from i18ndocs.cli.init import plan_init, run_init
from i18ndocs.lint.checks import lint_page
from i18ndocs.pages.headings import heading_ids
from i18ndocs.project.errors import DocsError
from i18ndocs.project.required_pages import page_problems
from i18ndocs.project.settings import load_settings
from i18ndocs.status.model import PageState
from i18ndocs.status.page_state import page_state

GUIDE, STATUS = "contributing/translations.md", "contributing/status.md"


def project(tmp_path: Path, config: str, pages: dict[str, str] | None = None) -> Path:
    (tmp_path / "mkdocs.yml").write_bytes(config.encode("utf-8"))
    for name, text in (pages or {"index.md": "# Home\n"}).items():
        (tmp_path / "docs" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "docs" / name).write_text(text, "utf-8")
    return tmp_path


def planned(root: Path, code: str = "en") -> str:
    return plan_init(root, code, GUIDE, STATUS).config_text


def test_a_minimal_config_gets_every_key_it_lacks(tmp_path: Path) -> None:
    text = planned(project(tmp_path, "site_name: mini\n"))
    assert text == (
        "site_name: mini\n"
        "docs_dir: docs/en\n"
        "plugins:\n  - search\n  - i18ndocs\n"
        "markdown_extensions:\n  - attr_list\n"
        "extra:\n"
        "  # i18ndocs: the site's languages ('i18ndocs new-lang CODE' adds one), the\n"
        "  # translators' guide, and where the generated translation status page goes.\n"
        "  i18n:\n"
        "    languages:\n"
        "      - {code: en, name: English, source: true}\n"
        f"    guide_page: {GUIDE}\n"
        f"    status_page: {STATUS}\n"
    )


def test_existing_keys_are_extended_in_place_comments_and_line_endings_kept(
    tmp_path: Path,
) -> None:
    config = (
        "site_name: mini   # the name\r\n"
        "docs_dir: docs  # where the pages are\r\n"
        "plugins: [search, mkdocstrings]  # flow style\r\n"
        "markdown_extensions:\r\n"
        "- attr_list\r\n"
        "nav:\r\n"
        "    - index.md\r\n"
        "    - Guide:\r\n"
        "        - index.md\r\n"
        "\r\n"
        "# extra data for the theme\r\n"
        "extra:\r\n"
        "    social: []\r\n"
    )
    text = planned(project(tmp_path, config))
    lines = text.split("\r\n")
    assert "\n" not in text.replace("\r\n", "")
    assert lines[1] == "docs_dir: docs/en  # where the pages are"
    assert lines[2] == "plugins: [search, mkdocstrings, i18ndocs]  # flow style"
    assert lines[3:5] == ["markdown_extensions:", "- attr_list"]  # already there
    assert lines[5:11] == [
        "nav:",
        "    - index.md",
        "    - Guide:",
        "        - index.md",
        f"    - {GUIDE}",
        f"    - {STATUS}",
    ]
    assert "# extra data for the theme" in lines
    assert lines[lines.index("extra:") + 3 : lines.index("extra:") + 5] == [
        "    i18n:",
        "      languages:",
    ]
    assert lines[-2:] == ["    social: []", ""]


def test_a_mapping_of_plugins_and_another_source_language(tmp_path: Path) -> None:
    root = project(tmp_path, "site_name: x\nplugins:\n  - search:\n      lang: es\nextra: {}\n")
    plan = plan_init(root, "es", GUIDE, STATUS)
    assert "  - search:\n      lang: es\n  - i18ndocs\n" in plan.config_text
    assert "      - {code: es, name: Español, source: true}\n" in plan.config_text
    assert plan.source_dir == (tmp_path / "docs" / "es").resolve()


@pytest.mark.parametrize(
    ("config", "pages", "message"),
    [
        ("site_name: x\nplugins:\n  - i18ndocs\n", None, "already uses i18ndocs"),
        ("site_name: x\nextra:\n  i18n: {}\n", None, "already uses i18ndocs"),
        ("INHERIT: base.yml\nsite_name: x\n", None, "uses INHERIT"),
        ("site_name: x\n", {"en/index.md": "# Home\n"}, "already exists; init moves"),
        ("site_name: x\n", {STATUS: "# Ours\n"}, "choose another --status-page"),
        ("site_name: x\ntheme:\n  custom_dir: docs/overrides\n", None, "inside docs_dir"),
        ("site_name: x\nplugins:\n  search: {}\n", None, "a list written"),
        ("site_name: x\nextra: !ENV X\n", None, "block mapping only"),
        ("site_name: x\nextra:\n- a\n", None, "cannot edit this file's layout safely"),
    ],
)
def test_refusals_name_the_problem(
    tmp_path: Path, config: str, pages: dict[str, str] | None, message: str
) -> None:
    root = project(tmp_path, config, pages)
    (root / "base.yml").write_text("theme: {name: mkdocs}\n", "utf-8")
    with pytest.raises(DocsError, match=message):
        plan_init(root, "en", GUIDE, STATUS)


def test_run_moves_every_page_and_writes_the_guide(tmp_path: Path) -> None:
    root = project(
        tmp_path, "site_name: x\n", {"index.md": "# Home\n", "a/b.md": "[up](../index.md)\n"}
    )
    written = run_init(plan_init(root, "en", GUIDE, STATUS))
    assert sorted(
        p.relative_to(tmp_path).as_posix() for p in (tmp_path / "docs").rglob("*.md")
    ) == [
        "docs/en/a/b.md",
        f"docs/en/{GUIDE}",
        "docs/en/index.md",
    ]
    assert written[0] == tmp_path / "mkdocs.yml"
    assert (tmp_path / "docs" / "en" / "catalogs" / "site.pot").is_file()
    assert page_problems(load_settings(tmp_path)) == []


def test_every_shipped_guide_renders_and_lints_clean_against_english(tmp_path: Path) -> None:
    codes = shipped_languages()
    assert {"en", "es", "zh"} <= set(codes)
    english = tmp_path / "en.md"
    english.write_text(render_guide("en", "docs", "en", GUIDE, STATUS), "utf-8")
    english_ids = heading_ids(
        [
            line.lstrip("#").strip()
            for line in english.read_text("utf-8").splitlines()
            if line.startswith("#")
        ]
    )
    assert english_ids[0] == "translating-the-documentation"
    for code in codes:
        text = render_guide(code, "docs", "en", GUIDE, STATUS)
        assert "$" not in text, code
        assert "tether" not in text.lower(), code
        assert "](status.md)" in text, code
        translated = tmp_path / f"{code}.md"
        translated.write_text(text, "utf-8")
        assert lint_page(english, translated, None) == [], code


def test_a_new_languages_guide_is_up_to_date_until_the_english_changes(tmp_path: Path) -> None:
    root = project(tmp_path, "site_name: x\n")
    run_init(plan_init(root, "en", GUIDE, STATUS))
    settings = load_settings(root)
    spanish = project_guide(settings, "es")
    assert spanish is not None
    assert spanish.startswith('---\nsource_hash: "')
    (tmp_path / "docs" / "es" / "contributing").mkdir(parents=True)
    (tmp_path / "docs" / "es" / GUIDE).write_text(spanish, "utf-8")
    assert page_state(settings.docs_root, "es", GUIDE) is PageState.TRANSLATED
    english = tmp_path / "docs" / "en" / GUIDE
    english.write_text(english.read_text("utf-8") + "\nOne more line.\n", "utf-8")
    assert page_state(settings.docs_root, "es", GUIDE) is PageState.OUTDATED
    assert project_guide(settings, "eo") is None


def test_page_problems_name_the_missing_guide_and_a_page_where_the_status_is_generated(
    tmp_path: Path,
) -> None:
    root = project(tmp_path, "site_name: x\n")
    run_init(plan_init(root, "en", GUIDE, STATUS))
    (tmp_path / "docs" / "en" / GUIDE).unlink()
    (tmp_path / "docs" / "en" / STATUS).write_text("# Our status\n", "utf-8")
    problems = page_problems(load_settings(root))
    assert [(p.path, p.level) for p in problems] == [
        (f"docs/en/{GUIDE}", "warning"),
        (f"docs/en/{STATUS}", "warning"),
    ]
    assert "does not exist: create it" in problems[0].message
    assert "i18ndocs init" in problems[0].message
    assert "replaced by the generated translation status page" in problems[1].message

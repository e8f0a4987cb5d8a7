"""``i18ndocs init`` on a plain MkDocs project, then ``new-lang``, ``catalog update`` and a
strict build, with the installed command and no file written by hand; its refusals; and the
one line a first build or status prints when the guide page is missing."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from htmltree import parse_file

from i18ndocs.project.settings import load_settings
from i18ndocs.status.model import PageState
from i18ndocs.status.page_state import page_state

pytestmark = pytest.mark.docs

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "plain"
COMMAND = str(Path(sys.executable).parent / "i18ndocs")
GUIDE = "contributing/translations.md"


def i18ndocs(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [COMMAND, *args],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        env={**os.environ, "NO_COLOR": "1"},
    )


def plain_copy(parent: Path) -> Path:
    project = parent / "abacus"
    shutil.copytree(FIXTURE, project)
    return project


@pytest.fixture(scope="module")
def adopted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = plain_copy(tmp_path_factory.mktemp("init"))
    for args in (("init",), ("new-lang", "es"), ("new-lang", "zh"), ("catalog", "update")):
        done = i18ndocs(project, *args)
        assert done.returncode == 0, (args, done.stdout, done.stderr)
    built = i18ndocs(project, "build", "--strict")
    assert built.returncode == 0, built.stdout + built.stderr
    return project


def test_init_moves_the_pages_and_edits_mkdocs_yml_keeping_it(adopted: Path) -> None:
    before = (FIXTURE / "mkdocs.yml").read_text("utf-8")
    after = (adopted / "mkdocs.yml").read_text("utf-8")
    for line in before.splitlines():  # comments and formatting stay; only lines are added
        assert line in after.splitlines(), line
    assert "docs_dir: docs/en" in after
    settings = load_settings(adopted)
    assert [(language.code, language.source) for language in settings.languages] == [
        ("en", True),
        ("es", False),
        ("zh", False),
    ]
    assert "i18ndocs" in [
        next(iter(entry)) if isinstance(entry, dict) else entry
        for entry in settings.config["plugins"]
    ]
    assert "attr_list" in settings.config["markdown_extensions"]
    assert settings.config["nav"][-2:] == [GUIDE, "contributing/status.md"]
    for page in ("index.md", "reference/counter.md"):
        assert (adopted / "docs" / "en" / page).read_bytes() == (
            FIXTURE / "docs" / page
        ).read_bytes()
    assert not (adopted / "docs" / "index.md").exists()
    assert (adopted / "docs" / "en" / "catalogs" / "docstrings.pot").is_file()


def test_the_relative_links_between_moved_pages_still_work(adopted: Path) -> None:
    page = adopted / "site" / "es" / "reference" / "counter" / "index.html"
    article = parse_file(page).find("article")
    assert article is not None
    hrefs = [link.attrs.get("href", "") for link in article.find_all("a")]
    assert "../.." in hrefs or "../../" in hrefs, hrefs  # [home page](../index.md)


def test_every_language_has_the_guide_up_to_date_and_in_its_own_words(adopted: Path) -> None:
    settings = load_settings(adopted)
    titles = {
        "en": "Translating the documentation",
        "es": "Traducir la documentación",
        "zh": "翻译文档",
    }
    for code, title in titles.items():
        assert page_state(settings.docs_root, code, GUIDE) is PageState.TRANSLATED, code
        html = adopted / "site" / code / "contributing" / "translations" / "index.html"
        heading = parse_file(html).find("h1")
        assert heading is not None, code
        assert heading.text().strip().startswith(title), code
        text = (adopted / "docs" / code / GUIDE).read_text("utf-8")
        assert "tether" not in text.lower(), code
        for command in ("i18ndocs catalog update", "i18ndocs status", "i18ndocs lint"):
            assert command in text, (code, command)
        assert "i18ndocs mark-updated docs/<code>/index.md" in text, code
        assert "docs/<code>/catalogs/docstrings.po" in text, code
    status = i18ndocs(adopted, "status", "--check")
    assert status.returncode == 0, status.stdout + status.stderr
    assert "check passed" in status.stderr


def test_an_edited_english_guide_makes_the_shipped_translations_outdated(
    adopted: Path, tmp_path: Path
) -> None:
    project = tmp_path / "edited"
    shutil.copytree(adopted, project, ignore=shutil.ignore_patterns("site", ".cache"))
    guide = project / "docs" / "en" / GUIDE
    guide.write_text(guide.read_text("utf-8") + "\nAsk on the project's forum first.\n", "utf-8")
    settings = load_settings(project)
    assert page_state(settings.docs_root, "es", GUIDE) is PageState.OUTDATED
    # The guide ships in French, but the project's English guide is its own now: a
    # translation of the shipped guide would not translate it.
    added = i18ndocs(project, "new-lang", "fr")
    assert added.returncode == 0, added.stderr
    assert not (project / "docs" / "fr" / GUIDE).exists()
    added = i18ndocs(project, "new-lang", "sv")  # no Swedish template: no Swedish guide
    assert added.returncode == 0, added.stderr
    assert not (project / "docs" / "sv" / GUIDE).exists()
    assert i18ndocs(project, "build", "--strict").returncode == 0


def test_init_refuses_a_project_that_uses_i18ndocs_already(adopted: Path) -> None:
    before = (adopted / "mkdocs.yml").read_bytes()
    again = i18ndocs(adopted, "init")
    assert again.returncode != 0
    assert again.stderr.count("\n") == 1
    assert "already uses i18ndocs" in again.stderr
    assert (adopted / "mkdocs.yml").read_bytes() == before


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda p: (p / "mkdocs.yml").unlink(), "no MkDocs configuration found"),
        (
            lambda p: (p / "mkdocs.yml").write_text("site_name: x\nnav: [\n", "utf-8"),
            "invalid YAML",
        ),
        (
            lambda p: (
                (p / "docs" / "contributing").mkdir()
                or (p / "docs" / "contributing" / "translations.md").write_text("# Ours\n", "utf-8")
            ),
            "already exists; choose another --guide-page",
        ),
    ],
    ids=["missing", "unparsable", "would-overwrite"],
)
def test_init_refuses_in_one_line_and_changes_nothing(
    tmp_path: Path, change: object, message: str
) -> None:
    project = plain_copy(tmp_path)
    change(project)  # type: ignore[operator]
    files = {path: path.read_bytes() for path in project.rglob("*") if path.is_file()}
    done = i18ndocs(project, "init")
    assert done.returncode == 2, done.stdout + done.stderr
    assert done.stderr.count("\n") == 1, done.stderr
    assert message in done.stderr, done.stderr
    assert {path: path.read_bytes() for path in project.rglob("*") if path.is_file()} == files


def test_a_missing_guide_page_is_one_line_naming_the_file(adopted: Path, tmp_path: Path) -> None:
    project = tmp_path / "no-guide"
    shutil.copytree(adopted, project, ignore=shutil.ignore_patterns("site", ".cache"))
    for code in ("en", "es", "zh"):
        (project / "docs" / code / GUIDE).unlink()
    built = i18ndocs(project, "build", "--strict")
    assert built.returncode == 1
    warnings = [line for line in built.stderr.splitlines() if ": warning: " in line]
    lines = [line for line in warnings if "guide_page" in line]
    assert len(lines) == 1, built.stderr
    assert lines[0].startswith("mkdocs.yml:"), lines
    # The nav lists the guide too, and MkDocs says so at its line: two lines, no more.
    assert len(warnings) == 2, warnings
    assert f"docs/en/{GUIDE} is missing" in lines[0]
    assert "i18ndocs init" in lines[0]
    assert not (project / "site").exists()
    lenient = i18ndocs(project, "build", "--lang", "en")  # without --strict: warnings
    assert lenient.returncode == 0, lenient.stderr
    assert f"docs/en/{GUIDE} is missing" in lenient.stderr
    status = i18ndocs(project, "status")
    assert status.returncode == 0
    assert f"docs/en/{GUIDE}: warning: the translators' guide" in status.stderr


def test_a_language_declared_by_hand_without_its_folder(tmp_path: Path) -> None:
    """The build names the declaration's line and the command; new-lang then completes it."""
    project = plain_copy(tmp_path)
    assert i18ndocs(project, "init").returncode == 0
    config = project / "mkdocs.yml"
    lines = config.read_text(encoding="utf-8").splitlines(keepends=True)
    source = next(i for i, line in enumerate(lines) if "{code: en" in line)
    indent = lines[source][: len(lines[source]) - len(lines[source].lstrip())]
    lines.insert(source + 1, f"{indent}- {{code: fr, name: Français}}\n")
    config.write_text("".join(lines), encoding="utf-8")
    built = i18ndocs(project, "build")
    assert built.returncode == 1
    assert (
        f"mkdocs.yml:{source + 2}: error: extra.i18n.languages declares 'fr', but its folder "
        "docs/fr/ does not exist: run 'i18ndocs new-lang fr' to create it with its catalogs"
    ) in built.stdout + built.stderr
    added = i18ndocs(project, "new-lang", "fr")
    assert added.returncode == 0, added.stderr
    assert "was declared already" in added.stdout + added.stderr
    assert config.read_text(encoding="utf-8").count("code: fr") == 1
    assert (project / "docs" / "fr" / "catalogs" / "docstrings.po").is_file()
    again = i18ndocs(project, "new-lang", "fr")
    assert again.returncode != 0
    assert "already declared" in again.stderr
    assert i18ndocs(project, "build", "--strict").returncode == 0

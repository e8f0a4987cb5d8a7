"""A stranger's first ``build --strict``: every problem line says where to act (issue 21, item 6).

``tests/fixtures/chime`` is a small third-party package documented in English and Spanish:
its docstrings make griffe warn (a parameter with no type, one the signature lacks, a line
that names no parameter), and each test breaks some links of a copy: in a translated page,
in an English page Spanish shows untranslated, and by removing the translators' guide the
pipeline's banners link to. The lines are compared whole, each expected exactly once.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

pytestmark = pytest.mark.docs

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "chime"
CODE = "src/chime/__init__.py"
NOTE_WARN = (
    "4 docstring warnings of the documented code did not fail --strict "
    "(extra.i18n.docstring_warnings: warn); set it to fail to make them fail"
)
NOTE_FAIL = (
    "4 docstring warnings of the documented code failed --strict "
    "(extra.i18n.docstring_warnings: fail): fix them at the lines shown, or set it to warn to "
    "report them without failing"
)


@pytest.fixture
def chime(tmp_path: Path) -> Path:
    """A throwaway copy of the fixture project."""
    project = tmp_path / "chime"
    shutil.copytree(FIXTURE, project)
    return project


def build(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run ``docs.py build --strict`` in the project, as a newcomer does."""
    site = project.parent / "site"
    command = [sys.executable, str(ROOT / "scripts" / "docs.py"), "build", "--strict"]
    return subprocess.run(
        [*command, "--site-dir", str(site), *args],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def problem_lines(output: str) -> Counter[str]:
    """The problem lines of a build's output, each with how often it was printed."""
    return Counter(
        line for line in output.splitlines() if ": warning: " in line or ": error: " in line
    )


def line_of(path: Path, text: str) -> int:
    """The 1-based line of a file holding a text."""
    lines = path.read_text("utf-8").splitlines()
    return next(number for number, line in enumerate(lines, start=1) if text in line)


def docstring_lines(project: Path) -> Counter[str]:
    """griffe's warnings about the fixture's docstrings, each expected once."""
    code = project / CODE
    times = line_of(code, "times: How many")
    volume = line_of(code, "volume: How loud")
    pair = line_of(code, "a line that names no parameter")
    return Counter(
        [
            f"{CODE}:{times}: warning: No type or annotation for parameter 'times'",
            f"{CODE}:{volume}: warning: No type or annotation for parameter 'volume'",
            f"{CODE}:{volume}: warning: Parameter 'volume' does not appear in the function "
            "signature",
            f"{CODE}:{pair}: warning: Failed to get 'name: description' pair from 'a line that "
            "names no parameter'",
        ]
    )


def set_docstring_warnings(project: Path, mode: str) -> None:
    """Add ``docstring_warnings`` to the fixture's ``extra.i18n``."""
    config = project / "mkdocs.yml"
    text = config.read_text("utf-8")
    config.write_text(text + f"    docstring_warnings: {mode}\n", "utf-8")


def test_docstring_warnings_come_once_each_and_the_setting_decides_strict(chime: Path) -> None:
    expected = docstring_lines(chime)

    default = build(chime)
    assert "Traceback" not in default.stdout + default.stderr
    assert default.returncode == 0, default.stderr
    assert problem_lines(default.stderr) == expected, default.stderr
    assert NOTE_WARN in default.stderr.splitlines()

    set_docstring_warnings(chime, "fail")
    failing = build(chime)
    assert failing.returncode == 1, failing.stderr
    assert problem_lines(failing.stderr) == expected, failing.stderr
    assert NOTE_FAIL in failing.stderr.splitlines()

    config = chime / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace(": fail\n", ": ignore\n"), "utf-8")
    ignoring = build(chime)
    assert ignoring.returncode == 0, ignoring.stderr
    assert problem_lines(ignoring.stderr) == Counter(), ignoring.stderr


def test_link_problems_name_the_line_or_what_shows_the_page(chime: Path) -> None:
    english, spanish = chime / "docs" / "en", chime / "docs" / "es"
    with (spanish / "index.md").open("a", encoding="utf-8") as page:
        page.write("\nVea [la página perdida](perdida.md) y [la campana](reference.md#campana).\n")
    with (english / "usage.md").open("a", encoding="utf-8") as page:
        page.write("\nSee the [changes](changelog.md).\n")
    (english / "translating.md").unlink()  # the banners' and the status page's link breaks
    set_docstring_warnings(chime, "ignore")
    spanish_line = line_of(spanish / "index.md", "perdida.md")
    usage_line = line_of(english / "usage.md", "changelog.md")
    guide_line = line_of(chime / "mkdocs.yml", "guide_page:")
    found = "the target is not found among documentation files"
    own = [
        f"docs/es/index.md:{spanish_line}: warning: broken link 'perdida.md': {found}",
        f"docs/es/index.md:{spanish_line}: warning: broken link 'reference.md#campana': the doc "
        "'reference.md' does not contain an anchor '#campana'",
        f"mkdocs.yml:{guide_line}: warning: extra.i18n.guide_page: the translators' guide "
        "'translating.md' is not among the documentation files (docs/en/translating.md is "
        "missing), and the pipeline's banners and status page link to it: create it, or set "
        "guide_page to an existing page ('i18ndocs init' writes it when it sets up a plain "
        "MkDocs project)",
    ]

    spanish_only = build(chime, "--lang", "es")
    assert spanish_only.returncode == 1
    shown = (
        f"docs/en/usage.md:{usage_line}: warning: in the Spanish site, page usage.md shown from "
        f"its English source: broken link 'changelog.md': {found}"
    )
    assert problem_lines(spanish_only.stderr) == Counter([*own, shown]), spanish_only.stderr

    every = build(chime)
    assert every.returncode == 1
    english_line = f"docs/en/usage.md:{usage_line}: warning: broken link 'changelog.md': {found}"
    assert problem_lines(every.stderr) == Counter([*own, english_line]), every.stderr

"""Broken and hostile input: one clear line naming the file and line (or the setting), a
non-zero exit, the previous site untouched, and nothing outside the project read, published
or deleted (issue 10, item 4).

Each test works on a temporary copy of the sources (``repo_copy``) and builds only the
languages it needs.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from htmltree import parse_file

from i18ndocs.pages.headings import keep_english_ids
from i18ndocs.pages.pagesafety import unsafe_page_additions
from i18ndocs.project.errors import DocsError
from i18ndocs.project.languages import parse_languages
from i18ndocs.project.settings import load_settings
from i18ndocs.status.model import PageState
from i18ndocs.status.page_state import page_state

pytestmark = pytest.mark.docs

ROOT = Path(__file__).resolve().parents[2]
SECRET = "secret-outside-the-project-3f9a"


def docs_cli(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(repo / "scripts" / "docs.py"), *args],
        cwd=repo,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def previous_site(site: Path) -> Path:
    """Make a folder that looks like an earlier build, to check it is left untouched."""
    (site / "es").mkdir(parents=True)
    (site / "es" / "index.html").write_text("previous site", "utf-8")
    (site / "index.html").write_text("previous root", "utf-8")
    return site


def site_text(site: Path) -> str:
    return "\n".join(
        path.read_text("utf-8", errors="replace") for path in site.rglob("*") if path.is_file()
    )


def one_error_line(result: subprocess.CompletedProcess[str]) -> str:
    assert "Traceback" not in result.stdout + result.stderr, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    return lines[0]


# The site folder


@pytest.mark.parametrize(
    "site_dir", [".", "..", "docs", "docs/en", "docs/es/guide", "src", "scripts/i18ndocs"]
)
def test_a_site_folder_over_the_sources_or_the_repository_is_refused(
    repo_copy: Path, site_dir: str
) -> None:
    before = sorted(str(p.relative_to(repo_copy)) for p in repo_copy.rglob("*"))
    result = docs_cli(repo_copy, "build", "--lang", "en", "--site-dir", site_dir)
    assert result.returncode == 1
    line = one_error_line(result)
    assert line.startswith("--site-dir: error: "), line
    assert "refusing" in line or "overlaps" in line, line
    assert sorted(str(p.relative_to(repo_copy)) for p in repo_copy.rglob("*")) == before
    assert (repo_copy / "mkdocs.yml").is_file()


def test_a_folder_that_is_not_a_site_is_never_replaced(repo_copy: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / ".bashrc").write_text("keep me", "utf-8")
    result = docs_cli(repo_copy, "build", "--lang", "en", "--site-dir", str(home))
    assert result.returncode == 1
    assert "is not a site built by this pipeline" in one_error_line(result)
    assert (home / ".bashrc").read_text("utf-8") == "keep me"


# The configuration


@pytest.mark.parametrize(
    "command",
    [
        ["build", "--lang", "en"],
        ["serve", "--port", "0"],
        ["status"],
        ["status", "--check"],
        ["lint"],
        ["new-lang", "fr"],
        ["mark-updated", "--all"],
        ["catalog", "update"],
        ["catalog", "compile"],
    ],
)
def test_invalid_yaml_in_mkdocs_yml_is_one_line_from_every_command(
    repo_copy: Path, tmp_path: Path, command: list[str]
) -> None:
    config = repo_copy / "mkdocs.yml"
    text = config.read_text("utf-8")
    config.write_text(text.replace("docs_dir: docs/en\n", "docs_dir: [docs/en\n"), "utf-8")
    line_number = text.splitlines().index("docs_dir: docs/en") + 1
    args = (
        [*command, "--site-dir", str(tmp_path / "site")]
        if command[0] in {"build", "serve"}
        else command
    )
    result = docs_cli(repo_copy, *args)
    assert result.returncode != 0
    line = one_error_line(result)
    assert re.search(r"mkdocs\.yml:(\d+): error: invalid YAML", line), line
    found = int(re.search(r"mkdocs\.yml:(\d+)", line)[1])  # type: ignore[index]
    assert line_number <= found <= line_number + 2, (line, line_number)
    assert not (repo_copy / "docs" / "fr").exists()


@pytest.mark.parametrize(
    ("paths", "message"),
    [
        ("      handlers: x\n      unused:\n", "handlers.python.paths: must be a list of folders"),
        ("          paths: src\n", "handlers.python.paths: must be a list of folders"),
        ("          paths: [1]\n", "handlers.python.paths: must be a list of folders"),
        ("          paths: [nowhere]\n", "package 'tether', which is not found on mkdocstrings'"),
    ],
)
def test_where_mkdocstrings_finds_the_code_is_checked(
    repo_copy: Path, paths: str, message: str
) -> None:
    """A wrong ``paths`` (or handlers) option is one line naming it, not a traceback."""
    config = repo_copy / "mkdocs.yml"
    text = config.read_text("utf-8")
    original = (
        "      handlers:\n" if paths.startswith("      handlers") else "          paths: [src]\n"
    )
    assert original in text
    config.write_text(text.replace(original, paths, 1), "utf-8")
    result = docs_cli(repo_copy, "status")
    assert result.returncode == 2
    line = one_error_line(result)
    assert message in line, line
    assert "mkdocs.yml" in line


@pytest.mark.parametrize(
    ("setting", "key"),
    [
        ("    cache_dir: .cache/docs\n", "    cache_dir: [1, 2]\n"),
        ("    guide_page: contributing/translations.md\n", "    guide_page: 3\n"),
        ("    status_page: contributing/status.md\n", "    status_page: ../../evil.md\n"),
        ("    status_page: contributing/status.md\n", "    status_page: /tmp/status.md\n"),
        ("    guide_page: contributing/translations.md\n", "    guide_page: guide.html\n"),
        (
            "    status_page: contributing/status.md\n",
            "    status_page: contributing/translations.md\n",
        ),
        ("    cache_dir: .cache/docs\n", "    cache_dir: ../outside-cache\n"),
        ("    cache_dir: .cache/docs\n", "    cache_dir: /tmp\n"),
        ("      - {code: es, name: Español}\n", "      - {code: ES, name: Español}\n"),
        ("      - {code: es, name: Español}\n", "      - {code: es, name: Español, sorce: 1}\n"),
        (
            "      - {code: zh, name: 简体中文}\n",
            "      - {code: zh, name: 简体中文}\n    colour: 1\n",
        ),
        ("docs_dir: docs/en\n", "docs_dir: documentation/english\n"),
        ("    cache_dir: .cache/docs\n", "    cache_dir: .cache/docs\n    shared_rendering: 2\n"),
    ],
)
def test_a_wrong_setting_is_reported_with_its_key(
    repo_copy: Path, tmp_path: Path, setting: str, key: str
) -> None:
    config = repo_copy / "mkdocs.yml"
    text = config.read_text("utf-8")
    assert setting in text
    config.write_text(text.replace(setting, key), "utf-8")
    expected = {
        "shared_rendering": "extra.i18n.shared_rendering: ",
        "cache_dir: [": "extra.i18n.cache_dir: ",
        "cache_dir": "extra.i18n.cache_dir: ",  # outside the project
        "status_page: contributing/translations.md": "extra.i18n.status_page: is the guide_page",
        "status_page": "must be a Markdown page inside each language's folder",
        "guide_page: guide.html": "extra.i18n.guide_page: 'guide.html' must be a Markdown page",
        "guide_page": "extra.i18n.guide_page: ",
        "ES,": "extra.i18n.languages[1].code: write 'ES' as 'es'",
        "sorce": "extra.i18n.languages[1].sorce: unknown setting",
        "colour": "extra.i18n.colour: ",
        "documentation": "docs_dir: 'documentation/english' must be the source language's",
    }
    wanted = next(message for marker, message in expected.items() if marker in key)
    # A setting of extra.i18n is reported at its own line of mkdocs.yml.
    named = re.match(r"extra\.i18n\.(\w+):", wanted)
    written = config.read_text("utf-8").splitlines()
    at = [n for n, text in enumerate(written, 1) if named and text.startswith(f"    {named[1]}:")]
    for command in (["build", "--site-dir", str(tmp_path / "site")], ["status"]):
        result = docs_cli(repo_copy, *command)
        assert result.returncode != 0
        line = one_error_line(result)
        assert "mkdocs.yml" in line, line
        assert wanted in line, line
        if at:
            assert f"mkdocs.yml:{at[0]}: " in line, line
    assert not (tmp_path / "site").exists()
    assert not (repo_copy.parent / "outside-cache").exists()
    assert not (repo_copy.parent.parent / "evil").exists()


# Language codes


def test_language_codes_are_bcp47_and_variants_of_a_declared_one_are_refused(
    repo_copy: Path,
) -> None:
    def declare(code: str) -> list[object]:
        return [{"code": "en", "name": "English", "source": True}, {"code": code, "name": "X"}]

    for written, canonical in [
        ("FR", "fr"),
        ("pt_BR", "pt-BR"),
        ("pt-br", "pt-BR"),
        ("zh_Hant", "zh-Hant"),
        ("zh-hant", "zh-Hant"),
    ]:
        with pytest.raises(DocsError, match=rf"write '{written}' as '{canonical}'"):
            parse_languages({"extra": {"i18n": {"languages": declare(written)}}}, "mkdocs.yml")
    twice = [*declare("pt-BR"), {"code": "pt-BR", "name": "Y"}]
    with pytest.raises(DocsError, match=r"languages\[2\]\.code: 'pt-BR' is declared twice"):
        parse_languages({"extra": {"i18n": {"languages": twice}}}, "mkdocs.yml")

    for typed, declared in [("ES", "es"), ("zh_hans", None), ("Es", "es")]:
        result = docs_cli(repo_copy, "new-lang", typed)
        if declared is None:
            continue
        assert result.returncode == 1
        assert f"language {typed!r} is already declared (as {declared!r})" in one_error_line(result)
    added = docs_cli(repo_copy, "new-lang", "pt_br")
    assert added.returncode == 0, added.stderr
    assert "(pt-BR)" in added.stdout
    assert (repo_copy / "docs" / "pt-BR").is_dir()
    assert [language.code for language in load_settings(repo_copy).languages][-1] == "pt-BR"
    again = docs_cli(repo_copy, "new-lang", "PT-br")
    assert again.returncode == 1
    assert "already declared (as 'pt-BR')" in one_error_line(again)


# Pages


def test_hostile_translations_fail_the_build_with_their_file_and_line(
    repo_copy: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "outside.md"
    outside.write_text(f"# {SECRET}\n", "utf-8")
    es = repo_copy / "docs" / "es"
    (es / "reference" / "types.md").unlink()
    (es / "reference" / "types.md").symlink_to(outside)

    index = es / "index.md"
    text = index.read_text("utf-8")
    hostile = (
        "\n<script>alert(1)</script>\n\n"
        '<img src="x.png" onerror="alert(2)">\n\n'
        "[pulsa](javascript:alert(3))\n"
    )
    index.write_text(text + hostile, "utf-8")
    lines = index.read_text("utf-8").splitlines()
    script_line = lines.index("<script>alert(1)</script>") + 1
    image_line = lines.index('<img src="x.png" onerror="alert(2)">') + 1
    link_line = lines.index("[pulsa](javascript:alert(3))") + 1

    testing = es / "guide" / "testing.md"
    testing.write_text(testing.read_text("utf-8").replace("---\n", "---\ntitle: [x\n", 1), "utf-8")
    guide = es / "guide" / "websockets.md"
    guide.write_text(
        guide.read_text("utf-8").replace("---\n", "---\nsearch: exclude\n", 1), "utf-8"
    )

    site = previous_site(tmp_path / "site")
    result = docs_cli(repo_copy, "build", "--lang", "es", "--site-dir", str(site))
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    expected = [
        f"docs/es/index.md:{script_line}: error: raw HTML <script>",
        f"docs/es/index.md:{image_line}: error: raw HTML <img onerror=alert(2)>",
        f"docs/es/index.md:{link_line}: error: raw link target javascript:",
        "docs/es/guide/testing.md:3: error: front matter is not valid YAML",
        "docs/es/guide/websockets.md:2: error: front matter's 'search' must be a mapping",
        "docs/es/reference/types.md:1: error: links to ",
    ]
    for start in expected:
        assert any(line.startswith(start) for line in errors), (start, result.stderr)
    assert (site / "es" / "index.html").read_text("utf-8") == "previous site"
    assert (site / "index.html").read_text("utf-8") == "previous root"
    assert SECRET not in site_text(site)
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".site")]

    check = docs_cli(repo_copy, "status", "--check")
    assert check.returncode == 1
    output = check.stdout + check.stderr
    assert "docs/es/reference/types.md: links to " in output, output


def test_markup_the_english_page_has_is_allowed_in_its_translation() -> None:
    english = '# T\n\n<div class="grid" markdown>\n\n[x](y.md)\n\n</div>\n'
    assert unsafe_page_additions(english, english.replace("T", "Título")) == []
    assert unsafe_page_additions(english, english + "\n[z](other.md#ancla)\n") == []
    code = "```html\n<script>ok in a code block</script>\n```\n\n`<b onclick=x>`\n"
    assert unsafe_page_additions("# T\n", "# T\n\n" + code) == []
    found = unsafe_page_additions("# T\n", "# T\n\n<b onclick='x()'>hi</b>\n")
    assert [line for line, _ in found] == [3, 3]
    assert unsafe_page_additions("# T\n", "# T\n\n<JavaScript:alert(1)>\n")


def test_an_empty_translation_falls_back_to_english_with_a_banner(
    repo_copy: Path, tmp_path: Path
) -> None:
    docs = repo_copy / "docs"
    (docs / "es" / "guide" / "testing.md").write_text("---\nsource_hash: 0123456789ab\n---\n\n")
    assert page_state(docs, "es", "guide/testing.md") is PageState.MISSING
    site = tmp_path / "site"
    result = docs_cli(repo_copy, "build", "--lang", "es", "--site-dir", str(site))
    assert result.returncode == 0, result.stderr
    page = parse_file(site / "es" / "guide" / "testing" / "index.html")
    english = parse_file(site / "es" / "guide" / "websockets" / "index.html")
    assert english is not None
    admonitions = page.find_all("div", "admonition")
    banners = [e for e in admonitions if "i18ndocs-untranslated" in e.classes]
    assert banners, "an empty translation is shown as the English page, marked untranslated"
    heading = page.find("h1")
    assert heading is not None
    assert heading.text().strip().startswith("Testing")
    status = docs_cli(repo_copy, "status", "--lang", "es", "--format", "json")
    assert '"key": "guide/testing.md",\n          "state": "missing"' in status.stdout


def test_a_declared_language_without_a_folder_fails_the_check(repo_copy: Path) -> None:
    shutil.rmtree(repo_copy / "docs" / "zh")
    check = docs_cli(repo_copy, "status", "--check")
    assert check.returncode == 1
    output = check.stdout + check.stderr
    assert "docs/zh: language 'zh' is declared but has no folder" in output


# Headings


def test_translated_headings_keep_the_english_ids(built_site: object) -> None:
    from i18ndocs.builder.site import SiteResult

    assert isinstance(built_site, SiteResult)
    site = built_site.site_dir
    for english in sorted((site / "en").rglob("index.html")):
        relative = english.relative_to(site / "en")
        if relative.parts[:1] == ("contributing",) and relative.parts[1:2] == ("status",):
            continue
        ids = [h.attrs.get("id") for h in parse_file(english).find_all("h2")]
        for code in ("es", "zh"):
            translated = [
                h.attrs.get("id") for h in parse_file(site / code / relative).find_all("h2")
            ]
            assert translated == ids, (code, relative)
            assert not [i for i in translated if i and re.fullmatch(r"_\d+", i)]


def test_headings_that_differ_from_english_are_reported() -> None:
    from markdown.extensions.toc import slugify

    english = "# Title\n\n## Sending `text`\n\n## Closing\n"
    kept, difference = keep_english_ids(english, "# 标题\n\n## 发送\n\n## 关闭\n", slugify)
    assert difference is None
    assert kept == "# 标题 {#title}\n\n## 发送 {#sending-text}\n\n## 关闭 {#closing}\n"
    _, fewer = keep_english_ids(english, "# 标题\n\n## 发送\n", slugify)
    assert fewer is not None
    assert "lacks the English heading 'Closing'" in fewer
    _, level = keep_english_ids(english, "# 标题\n\n### 发送\n\n## 关闭\n", slugify)
    assert (
        level
        == "line 3: heading '发送' is level 3; its English counterpart 'Sending `text`' is level 2"
    )
    _, anchor = keep_english_ids(english, "# 标题\n\n## 发送 {#fasong}\n\n## 关闭\n", slugify)
    assert anchor == "line 3: anchor #fasong differs from the English #sending-text"


def test_a_translation_with_different_headings_is_reported_in_the_build(
    repo_copy: Path, tmp_path: Path
) -> None:
    page = repo_copy / "docs" / "zh" / "guide" / "testing.md"
    page.write_text(page.read_text("utf-8") + "\n## 多余的标题\n", "utf-8")
    line = len(page.read_text("utf-8").splitlines())
    result = docs_cli(
        repo_copy, "build", "--lang", "zh", "--strict", "--site-dir", str(tmp_path / "site")
    )
    assert result.returncode == 1
    assert any(
        entry.startswith(f"docs/zh/guide/testing.md:{line}: warning: headings differ")
        for entry in result.stderr.splitlines()
    ), result.stderr


# The documented code


def test_a_syntax_error_in_the_documented_code_names_the_py_file_and_line(
    repo_copy: Path, tmp_path: Path
) -> None:
    (repo_copy / "src").unlink()
    shutil.copytree(
        Path(__file__).resolve().parents[2] / "src",
        repo_copy / "src",
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    module = repo_copy / "src" / "tether" / "datastructures.py"
    text = module.read_text("utf-8")
    module.write_text(text + "\n\ndef broken(:\n    pass\n", "utf-8")
    line = len(text.splitlines()) + 3
    result = docs_cli(repo_copy, "build", "--lang", "en", "--site-dir", str(tmp_path / "site"))
    assert result.returncode == 1
    errors = [entry for entry in result.stderr.splitlines() if ": error: " in entry]
    assert f"src/tether/datastructures.py:{line}: error: SyntaxError: " in "\n".join(errors)
    assert not (tmp_path / "site").exists()


def test_a_configuration_warning_is_reported_and_the_site_still_built(tmp_path: Path) -> None:
    """An unknown plugin option is a warning: the pages are built (it once left every
    language empty while reporting success); with --strict the build fails and the previous
    site stays."""
    from i18ndocs.builder.site import build_site

    project = tmp_path / "wee"
    shutil.copytree(ROOT / "tests" / "fixtures" / "wee", project)
    config = project / "mkdocs.yml"
    text = config.read_text("utf-8")
    config.write_text(text.replace("      handlers:\n", "      unknown_knob: 1\n      handlers:\n"))
    site = tmp_path / "site"
    result = build_site(project, site)
    assert result.ok, result.problems
    warnings = [str(problem) for problem in result.problems if "unknown_knob" in str(problem)]
    assert warnings, result.problems
    assert all("mkdocs.yml" in warning for warning in warnings), warnings
    for code in ("en", "es", "zh"):
        assert (site / code / "reference" / "queue" / "index.html").is_file(), code
    before = {path: path.read_bytes() for path in site.rglob("*") if path.is_file()}
    strict = build_site(project, site, strict=True)
    assert not strict.ok
    assert {path: path.read_bytes() for path in site.rglob("*") if path.is_file()} == before

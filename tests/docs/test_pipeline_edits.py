"""The pipeline on edited copies of the sources: fallbacks, banners, new languages, bad input.

Each test changes a temporary copy of ``mkdocs.yml``, ``docs/`` and ``scripts/`` and builds
only the languages it needs, through the library or through ``scripts/docs.py`` itself.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from htmltree import Element, parse_file

from i18ndocs.builder.site import build_site
from i18ndocs.serve.live import STATE_PATH
from i18ndocs.status.model import PageState
from i18ndocs.status.page_state import page_state, stamp

pytestmark = pytest.mark.docs


def docs_cli(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(repo / "scripts" / "docs.py"), *args],
        cwd=repo,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def banner(page: Element, kind: str) -> Element | None:
    return next(
        (e for e in page.find_all("div", "admonition") if f"i18ndocs-{kind}" in e.classes), None
    )


def test_missing_and_outdated_chinese_pages_get_chinese_banners(
    repo_copy: Path, tmp_path: Path
) -> None:
    docs = repo_copy / "docs"
    (docs / "zh" / "reference" / "websockets.md").unlink(missing_ok=True)
    outdated = "guide/testing.md"
    stamp(docs, "zh", outdated)  # record the current English text: the page is up to date
    assert page_state(docs, "zh", outdated) is PageState.TRANSLATED
    english = docs / "en" / outdated
    english.write_text(english.read_text("utf-8") + "\nA new English paragraph.\n", "utf-8")

    site = tmp_path / "site"
    result = build_site(repo_copy, site, ["zh"])
    assert result.ok, [str(p) for p in result.problems]

    page = parse_file(site / "zh" / "reference" / "websockets" / "index.html")
    missing = banner(page, "untranslated")
    assert missing is not None
    assert "本页尚未翻译" in missing.text()
    link = missing.find("a")
    assert link is not None
    assert link.attrs["href"] == "../../contributing/translations/"
    assert (site / "zh" / "contributing" / "translations" / "index.html").is_file()
    headings = [e.attrs.get("id") for e in page.find_all("h2", "doc-heading")]
    assert "tether.websockets.WebSocket" in headings, "the English reference is rendered"
    labels = {e.text().strip() for e in page.find_all("span", "doc-section-title")}
    assert "参数：" in labels  # noqa: RUF001

    assert page_state(docs, "zh", outdated) is PageState.OUTDATED
    stale_url = "guide/testing/"
    stale = parse_file(site / "zh" / stale_url / "index.html")
    old = banner(stale, "outdated")
    assert old is not None, outdated
    assert "译文已过时" in old.text()
    old_link = old.find("a")
    assert old_link is not None
    assert old_link.attrs["href"] == f"/en/{stale_url}"
    assert banner(stale, "untranslated") is None


def test_new_lang_adds_a_fourth_language_that_builds(repo_copy: Path, tmp_path: Path) -> None:
    config = repo_copy / "mkdocs.yml"
    before = config.read_text("utf-8")
    added = docs_cli(repo_copy, "new-lang", "fr")
    assert added.returncode == 0, added.stdout + added.stderr
    after = config.read_text("utf-8")
    assert "      - {code: fr, name: Français}\n" in after
    assert after.replace("      - {code: fr, name: Français}\n", "") == before, (
        "only one line added"
    )
    assert (repo_copy / "docs" / "fr").is_dir()

    again = docs_cli(repo_copy, "new-lang", "fr")
    assert again.returncode == 1
    assert "already declared" in again.stderr

    site = tmp_path / "site"
    built = docs_cli(repo_copy, "build", "--lang", "fr", "--strict", "--site-dir", str(site))
    assert built.returncode == 0, built.stdout + built.stderr
    page = parse_file(site / "fr" / "reference" / "connection" / "index.html")
    html = page.find("html")
    assert html is not None
    assert html.attrs["lang"] == "fr"
    selector = {
        a.attrs["hreflang"]: a.text().strip() for a in page.find_all("a", "md-select__link")
    }
    assert selector == {"en": "English", "es": "Español", "zh": "简体中文", "fr": "Français"}
    assert banner(page, "untranslated") is not None
    root_links = {a.attrs["href"] for a in parse_file(site / "index.html").find_all("a")}
    assert root_links == {"en/", "es/", "zh/", "fr/"}


@pytest.mark.parametrize("code", ["xx", "not a language", "en-XX"])
def test_new_lang_rejects_codes_babel_does_not_know(repo_copy: Path, code: str) -> None:
    before = (repo_copy / "mkdocs.yml").read_text("utf-8")
    result = docs_cli(repo_copy, "new-lang", code)
    assert result.returncode == 1
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith(f"mkdocs.yml: error: unknown language code {code!r}: Babel knows no")
    assert (repo_copy / "mkdocs.yml").read_text("utf-8") == before
    assert not (repo_copy / "docs" / code).exists()


def test_unknown_language_is_a_one_line_error(repo_copy: Path, tmp_path: Path) -> None:
    result = docs_cli(repo_copy, "build", "--lang", "xx", "--site-dir", str(tmp_path / "site"))
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "mkdocs.yml: error: unknown language 'xx'; the site's languages are en, es, zh"
    ]


def test_bad_sources_are_one_line_errors_and_strict_keeps_the_old_site(
    repo_copy: Path, tmp_path: Path
) -> None:
    es = repo_copy / "docs" / "es"
    (es / "orphan.md").write_text("# Huérfana\n", "utf-8")
    index = es / "index.md"
    index.write_text(
        index.read_text("utf-8")
        + "\n[perdido](no-such-page.md)\n\n[ancla](guide/websockets.md#no-such-anchor)\n",
        "utf-8",
    )
    testing = es / "guide" / "testing.md"
    body = re.sub(r"\A---\n.*?\n---\n", "", testing.read_text("utf-8"), flags=re.DOTALL)
    testing.write_text("---\ntitle: [sin cerrar\n---\n" + body, "utf-8")
    lines = index.read_text("utf-8").splitlines()
    missing_line = lines.index("[perdido](no-such-page.md)") + 1
    anchor_line = lines.index("[ancla](guide/websockets.md#no-such-anchor)") + 1

    site = tmp_path / "site"
    (site / "es").mkdir(parents=True)
    (site / "es" / "index.html").write_text("previous site", "utf-8")

    strict = docs_cli(repo_copy, "build", "--lang", "es", "--strict", "--site-dir", str(site))
    assert strict.returncode == 1
    assert "Traceback" not in strict.stdout + strict.stderr
    output = strict.stdout + strict.stderr
    expected = [
        "docs/es/orphan.md:1: warning: translation has no English source en/orphan.md",
        f"docs/es/index.md:{missing_line}: warning: broken link 'no-such-page.md'",
        f"docs/es/index.md:{anchor_line}: warning: broken link "
        "'guide/websockets.md#no-such-anchor'",
        "docs/es/guide/testing.md:3: error: front matter is not valid YAML",
    ]
    for start in expected:
        assert any(line.startswith(start) for line in output.splitlines()), (start, output)
    assert (site / "es" / "index.html").read_text("utf-8") == "previous site"
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".site")], "staging left"

    broken = docs_cli(repo_copy, "build", "--lang", "es", "--site-dir", str(site))
    assert broken.returncode == 1, "front matter that does not parse fails any build"
    assert any(line.startswith(expected[-1]) for line in broken.stderr.splitlines())
    assert (site / "es" / "index.html").read_text("utf-8") == "previous site"

    testing.write_text(body, "utf-8")
    lenient = docs_cli(repo_copy, "build", "--lang", "es", "--site-dir", str(site))
    assert lenient.returncode == 0, lenient.stderr
    assert any(line.startswith(expected[0]) for line in lenient.stderr.splitlines())
    assert not (site / "es" / "orphan" / "index.html").exists(), "orphans are left out"
    assert "previous site" not in (site / "es" / "index.html").read_text("utf-8")


def test_serve_serves_three_languages_and_rebuilds_on_edits(repo_copy: Path) -> None:
    """What the README's first command runs: the whole site, rebuilt when a page changes."""
    import socket
    import time
    import urllib.request

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/"
    server = subprocess.Popen(
        [sys.executable, str(repo_copy / "scripts" / "docs.py"), "serve", "--port", str(port)],
        cwd=repo_copy,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )

    def get(path: str) -> str:
        with urllib.request.urlopen(url + path, timeout=10) as response:
            return str(response.read().decode("utf-8"))

    try:
        assert server.stdout is not None
        for line in server.stdout:
            if line.startswith("serving "):
                break
        else:
            pytest.fail("serve stopped before serving")
        assert "en/" in get("")
        for code in ("en", "es", "zh"):
            assert f'<html lang="{code}"' in get(f"{code}/reference/websockets/")
        first = get(STATE_PATH.lstrip("/"))
        page = repo_copy / "docs" / "es" / "index.md"
        page.write_text(page.read_text("utf-8") + "\nUna frase nueva y única.\n", "utf-8")
        deadline = time.monotonic() + 120
        while get(STATE_PATH.lstrip("/")) == first:
            assert time.monotonic() < deadline, "no rebuild after an edit"
            time.sleep(0.5)
        assert "Una frase nueva y única." in get("es/")
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_a_directive_to_a_missing_object_is_one_line_naming_page_and_line(
    repo_copy: Path, tmp_path: Path
) -> None:
    page = repo_copy / "docs" / "en" / "reference" / "types.md"
    page.write_text(page.read_text("utf-8") + "\n::: tether.types.NoSuchThing\n", "utf-8")
    line = page.read_text("utf-8").splitlines().index("::: tether.types.NoSuchThing") + 1
    site = tmp_path / "site"
    (site / "en").mkdir(parents=True)
    (site / "en" / "index.html").write_text("previous site", "utf-8")

    result = docs_cli(repo_copy, "build", "--lang", "en", "--site-dir", str(site))
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    problems = [entry for entry in result.stderr.splitlines() if ": error: " in entry]
    assert problems == [
        f"docs/en/reference/types.md:{line}: error: cannot document 'tether.types.NoSuchThing'"
    ]
    assert (site / "en" / "index.html").read_text("utf-8") == "previous site"


def test_ci_fails_on_structural_translation_errors() -> None:
    """Issue 6: CI runs ``docs.py status --check`` (and a failing command fails the run)."""
    script = (Path(__file__).resolve().parents[2] / ".ci" / "run").read_text("utf-8")
    commands = [line.strip() for line in script.splitlines() if line.strip()[:1] not in {"", "#"}]
    assert "set -euo pipefail" in commands
    assert any(
        command.endswith("scripts/docs.py status --check") and "||" not in command
        for command in commands
    ), commands

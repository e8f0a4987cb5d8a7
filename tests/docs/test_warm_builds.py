"""Warm build processes (`i18ndocs.builder.warm`): what ``serve`` builds each language with.

One process builds a language again and again, remembering work between builds
(`i18ndocs.plugin.memo`); each build must write what a full build writes and report the
same problems (a block whose rendering warned is rendered, and warns, every time; so is a
page whose conversion warned, and a page remembered whole still reports its links to missing
anchors, which MkDocs checks after converting every page). A process that dies is replaced
by a fresh one at the next request.
"""

from __future__ import annotations

import os
import shutil
import signal
import time
import zlib
from pathlib import Path

import pytest

from i18ndocs.builder.site import build_site, process_context
from i18ndocs.builder.warm import WarmBuilder

pytestmark = pytest.mark.docs

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "chime"


def language_files(folder: Path) -> dict[str, bytes]:
    """A language's files as its build wrote them (the site's assembly rewrites sitemaps)."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and not path.name.startswith("sitemap.xml")
    }


@pytest.fixture
def chime(tmp_path: Path) -> Path:
    project = tmp_path / "chime"
    shutil.copytree(FIXTURE, project)
    return project


def test_a_warm_process_builds_again_as_a_full_build_and_warns_again(
    chime: Path, tmp_path: Path
) -> None:
    full = build_site(chime, tmp_path / "full", ["es"])
    builder = WarmBuilder(process_context(), chime, "es")
    try:
        results = []
        for round_ in ("first", "second"):
            builder.send(tmp_path / round_, None, False)
            results.append(builder.receive())
        pid = builder.pid
    finally:
        builder.stop()
    first, second = results
    assert first.ok, first.problems
    assert second.ok, second.problems
    warnings = sorted(str(problem) for problem in first.problems)
    assert any("No type or annotation for parameter 'times'" in line for line in warnings)
    assert sorted(str(problem) for problem in second.problems) == warnings
    assert sorted(str(problem) for problem in full.languages[0].problems) == warnings
    expected = language_files(tmp_path / "full" / "es")
    assert language_files(tmp_path / "first") == expected
    assert language_files(tmp_path / "second") == expected
    assert pid is not None


def test_warnings_about_a_page_come_back_on_every_warm_build(chime: Path, tmp_path: Path) -> None:
    usage = chime / "docs" / "en" / "usage.md"
    text = usage.read_text("utf-8")
    usage.write_text(f"{text}\nSee [the bell](bell.md) and [the end](index.md#the-end).\n", "utf-8")
    guide = chime / "docs" / "en" / "translating.md"  # remembered whole: it warns after
    guide.write_text(guide.read_text("utf-8") + "\nBack [home](index.md#top).\n", "utf-8")
    full = build_site(chime, tmp_path / "full", ["es"])
    expected = sorted(str(problem) for problem in full.languages[0].problems)
    for warning in ("'bell.md'", "'#the-end'", "'#top'"):
        assert any(warning in line for line in expected), (warning, expected)
    builder = WarmBuilder(process_context(), chime, "es")
    try:
        for round_ in ("first", "second", "third"):
            builder.send(tmp_path / round_, None, False)
            result = builder.receive()
            assert result.ok, result.problems
            assert sorted(str(problem) for problem in result.problems) == expected, round_
            assert language_files(tmp_path / round_) == language_files(tmp_path / "full" / "es")
    finally:
        builder.stop()


SHOW_HUSH = "::: chime.more.hush\n    options:\n      show_root_heading: true\n"


def test_a_page_registers_an_alias_an_earlier_page_no_longer_does(
    chime: Path, tmp_path: Path
) -> None:
    """mkdocstrings puts an alias in the inventory only if no earlier page did: a page
    remembered from a build where one did must not be replayed without it (the earlier
    page still loads the same module, so only the inventory tells the builds apart)."""
    package = chime / "src" / "chime"
    (package / "extra.py").write_text(
        '"""Extras."""\n\n\ndef hush() -> None:\n    """Hush."""\n\n\n'
        'def whisper() -> None:\n    """Whisper."""\n'
    )
    (package / "more.py").write_text('"""More."""\n\nfrom chime.extra import hush\n')
    docs = chime / "docs" / "en"
    for name in ("a_one.md", "a_two.md"):  # converted before the other pages, in this order
        (docs / name).write_text(f"# {name}\n\n{SHOW_HUSH}", "utf-8")
    builder = WarmBuilder(process_context(), chime, "en")
    try:
        builder.send(tmp_path / "first", None, False)
        assert builder.receive().ok
        other = SHOW_HUSH.replace("more.hush", "extra.whisper")
        (docs / "a_one.md").write_text(f"# a_one.md\n\n{other}", "utf-8")
        builder.send(tmp_path / "second", None, False)
        assert builder.receive().ok
    finally:
        builder.stop()
    build_site(chime, tmp_path / "full", ["en"])
    expected = language_files(tmp_path / "full" / "en")
    assert b"chime.extra.hush" in zlib.decompress(expected["objects.inv"].split(b"\n", 4)[4])
    assert language_files(tmp_path / "second") == expected


def gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def test_a_warm_process_that_dies_is_replaced(chime: Path, tmp_path: Path) -> None:
    builder = WarmBuilder(process_context(), chime, "es")
    try:
        builder.send(tmp_path / "one", None, False)
        pid = builder.pid
        assert pid is not None
        os.kill(pid, signal.SIGKILL)  # during a build: that build fails, saying so
        crashed = builder.receive()
        assert not crashed.ok
        assert "the build process ended with code -9" in str(crashed.problems[0])

        builder.send(tmp_path / "two", None, False)
        assert builder.pid not in (None, pid)
        assert builder.receive().ok
        idle = builder.pid
        assert idle is not None
        os.kill(idle, signal.SIGKILL)  # between builds: the next one starts a fresh process
        deadline = time.monotonic() + 30
        while not gone(idle) and time.monotonic() < deadline:
            time.sleep(0.05)
        builder.send(tmp_path / "three", None, False)
        assert builder.receive().ok
        assert builder.pid not in (None, idle)
        assert (tmp_path / "three" / "index.html").is_file()
    finally:
        builder.stop()

"""Faults: a killed build leaves no process behind and no staging folder the next build keeps;
two builds at once still give a complete site (issue 10, item 5)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from i18ndocs.builder.site import build_site
from i18ndocs.builder.staging import Staging, remove_stale, site_lock

pytestmark = pytest.mark.docs


def wait_for(condition: Callable[[], bool], timeout: float, what: str) -> None:
    """Wait until a condition holds, checking it every 50 ms, or fail after a timeout."""
    tick = threading.Event()
    deadline = timeout / 0.05
    for _ in range(int(deadline)):
        if condition():
            return
        tick.wait(0.05)
    assert condition(), f"timed out waiting for {what}"


def descendants(pid: int) -> set[int]:
    """Every live process below a process, read from /proc."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        if fields[0] != "Z":
            children.setdefault(int(fields[1]), []).append(int(entry.name))
    found: set[int] = set()
    pending = [pid]
    while pending:
        for child in children.get(pending.pop(), []):
            if child not in found:
                found.add(child)
                pending.append(child)
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return state[state.rindex(")") + 2] != "Z"


def start_build(repo: Path, site: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(repo / "scripts" / "docs.py"), "build", "--site-dir", str(site)],
        cwd=repo,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def language_processes(build: subprocess.Popen[str]) -> set[int]:
    """The processes building languages: the children of the build's fork server."""
    found: set[int] = set()
    for pid in descendants(build.pid):
        try:
            command = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            continue
        if b"multiprocessing.forkserver" in command:
            found |= descendants(pid)
    return found


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads the process tree from /proc")
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_a_killed_build_leaves_no_process_and_the_next_build_cleans_up(
    repo_copy: Path, tmp_path: Path, sig: signal.Signals
) -> None:
    site = tmp_path / "site"
    build = start_build(repo_copy, site)
    try:
        wait_for(lambda: len(language_processes(build)) >= 3, 60, "the language processes")
        processes = descendants(build.pid)
        os.kill(build.pid, sig)
        build.wait(timeout=60)
        # well before a language could finish building: the workers end with their parent
        wait_for(lambda: not any(alive(pid) for pid in processes), 2, "the workers to end")
    finally:
        if build.poll() is None:
            build.kill()
        build.communicate()
    assert build.returncode != 0
    assert not site.exists(), "a killed build never swaps a site in"
    staging = [p for p in tmp_path.iterdir() if p.name.startswith(".site-")]
    if sig == signal.SIGTERM:
        assert staging == [], "SIGTERM lets the build clean up after itself"
    else:
        assert staging, "SIGKILL gives no chance to clean up: the next build must"
    result = build_site(repo_copy, site, ["en"])
    assert result.ok, [str(p) for p in result.problems]
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".site-")] == []


def test_stale_staging_folders_go_and_running_builds_keep_theirs(tmp_path: Path) -> None:
    site = tmp_path / "site"
    cache = tmp_path / "cache"
    stale = tmp_path / ".site-site-0123456789ab"
    (stale / "en").mkdir(parents=True)
    with site_lock(cache, site):
        running = Staging(site)
    try:
        with site_lock(cache, site):
            removed = remove_stale(site)
        assert removed == [stale]
        assert running.path.is_dir(), "a staging folder whose build runs is kept"
        unrelated = tmp_path / ".site-other-0123"
        unrelated.mkdir()
        with site_lock(cache, site):
            assert remove_stale(site) == []
        assert unrelated.is_dir(), "another site's staging folders are not this build's"
    finally:
        running.discard()
    assert not running.path.exists()


def test_two_builds_at_once_give_a_complete_site(repo_copy: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    builds = [start_build(repo_copy, site) for _ in range(2)]
    outputs = [build.communicate(timeout=300) for build in builds]
    for build, (_, stderr) in zip(builds, outputs, strict=True):
        assert build.returncode == 0, stderr
    assert sorted(p.name for p in site.iterdir()) == [
        "404.html",
        "en",
        "es",
        "index.html",
        "llms.txt",
        "sitemap.xml",
        "zh",
    ]
    for code in ("en", "es", "zh"):
        assert (site / code / "index.html").is_file()
        assert (site / code / "reference" / "connection" / "index.html").is_file()
        assert (site / code / "sitemap.xml").is_file()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".site-")] == []

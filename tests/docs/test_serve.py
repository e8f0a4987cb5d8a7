"""``docs.py serve`` for real: the command on a free port over a copy of the sources.

Each test starts the server as a reader would (``--dev-addr``), edits the copy, and waits
for what a browser would see to change (polling, with a deadline; never a fixed sleep):
the site's 404 page, errors of a page or of ``mkdocs.yml`` shown in the browser and the
terminal, recovery on the next good save, and a language added while serving.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

pytestmark = pytest.mark.docs

DEADLINE = 120.0


@dataclass
class Served:
    """A running ``docs.py serve`` and where to reach it."""

    url: str
    root: Path
    site: Path
    log: Path
    process: subprocess.Popen[bytes]

    def get(self, path: str) -> tuple[int, str]:
        """Fetch a path: its status and body (errors included)."""
        try:
            with urllib.request.urlopen(self.url + path.lstrip("/"), timeout=30) as response:
                return response.status, response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode("utf-8", "replace")

    def terminal(self) -> str:
        return self.log.read_text("utf-8", "replace")


def is_page(body: str, page: Path) -> bool:
    """Whether a served body is that built page (serve adds a script before ``</body>``)."""
    built = page.read_text("utf-8")
    return body.startswith(built[: built.rindex("</body>")])


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for(condition: Callable[[], bool], what: str, served: Served) -> None:
    """Poll until the condition holds; fail naming it, with the server's output."""
    end = time.monotonic() + DEADLINE
    while time.monotonic() < end:
        if served.process.poll() is not None:
            pytest.fail(f"the server exited while waiting for {what}:\n{served.terminal()}")
        try:
            if condition():
                return
        except OSError:
            pass  # not listening yet
        time.sleep(0.2)
    lines = [line for line in served.terminal().splitlines() if '"GET ' not in line]
    pytest.fail(f"timed out waiting for {what}:\n" + "\n".join(lines[-60:]))


def serves(served: Served, path: str, text: str) -> Callable[[], bool]:
    def check() -> bool:
        status, body = served.get(path)
        return status == 200 and text in body

    return check


def fails_with(served: Served, path: str, text: str) -> Callable[[], bool]:
    def check() -> bool:
        status, body = served.get(path)
        return status == 500 and text in body

    return check


def serve_command(repo_copy: Path, port: int, site: Path) -> list[str]:
    """``docs.py serve`` of a copy on a port of 127.0.0.1, into a site folder."""
    script = str(repo_copy / "scripts" / "docs.py")
    address = f"127.0.0.1:{port}"
    return [sys.executable, script, "serve", "--dev-addr", address, "--site-dir", str(site)]


@pytest.fixture
def served(repo_copy: Path, tmp_path: Path) -> Iterator[Served]:
    port = free_port()
    log = tmp_path / "serve.log"
    site = tmp_path / "site"
    with log.open("wb") as output:
        process = subprocess.Popen(
            serve_command(repo_copy, port, site),
            cwd=repo_copy,
            stdout=output,
            stderr=subprocess.STDOUT,
            env={**os.environ, "COLUMNS": "200"},
        )
    running = Served(f"http://127.0.0.1:{port}/", repo_copy, site, log, process)
    try:
        wait_for(serves(running, "/en/", "tether"), "the first build", running)
        yield running
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_serve_answers_missing_pages_with_the_sites_404_and_survives_a_broken_page(
    served: Served,
) -> None:
    status, body = served.get("/es/no-such-page/")
    assert status == 404
    assert is_page(body, served.site / "es" / "404.html")
    assert '<html lang="es"' in body
    status, body = served.get("/zh/guide/nothing/here/")
    assert status == 404
    assert '<html lang="zh' in body
    status, body = served.get("/" + "x" * 300 + "/page/")  # longer than a file name may be
    assert status == 404
    assert is_page(body, served.site / "404.html")
    status, body = served.get("/no-such-language/page/")
    assert status == 404
    assert is_page(body, served.site / "404.html")
    assert "404" in body

    page = served.root / "docs" / "es" / "index.md"
    good = page.read_text("utf-8")
    page.write_text("---\ntitle: [unclosed\n---\n\n# Hola\n", "utf-8")
    wait_for(
        fails_with(served, "/es/", "es/index.md:3: error: front matter"),
        "the page error in the browser",
        served,
    )
    assert "es/index.md:3: error: front matter" in served.terminal()
    status, _ = served.get("/en/")
    assert status == 500  # every page says the site is stale until it builds again

    page.write_text(good + "\nrecovered-after-error\n", "utf-8")
    wait_for(serves(served, "/es/", "recovered-after-error"), "recovery", served)


def test_serve_survives_a_broken_configuration_and_picks_up_a_new_language(
    served: Served,
) -> None:
    config = served.root / "mkdocs.yml"
    good = config.read_text("utf-8")
    config.write_text(good + "\nnav: [\n", "utf-8")
    wait_for(fails_with(served, "/en/", "mkdocs.yml"), "the configuration error", served)
    assert "mkdocs.yml" in served.terminal()

    (served.root / "docs" / "fr").mkdir()
    (served.root / "docs" / "fr" / "index.md").write_text("# Bonjour\n\nfrench-page\n", "utf-8")
    config.write_text(
        good.replace(
            "      - {code: zh, name: 简体中文}\n",
            "      - {code: zh, name: 简体中文}\n      - {code: fr, name: Français}\n",
        ),
        "utf-8",
    )
    wait_for(serves(served, "/fr/", "french-page"), "the language added while serving", served)
    wait_for(serves(served, "/en/", 'hreflang="fr"'), "the other languages linking it", served)


def test_the_language_being_read_is_rebuilt_first(served: Served) -> None:
    status, english = served.get("/en/guide/testing/")
    assert status == 200
    assert 'var seen = "0";' in english, "pages reload after their language's background build"
    assert served.get("/zh/guide/testing/")[0] == 200  # the reader is on a Chinese page
    page = served.root / "docs" / "en" / "guide" / "testing.md"
    page.write_text(page.read_text("utf-8") + "\nedited-for-every-language\n", "utf-8")
    wait_for(serves(served, "/zh/guide/testing/", "i18ndocs-outdated"), "the reader's page", served)
    assert "rebuilding zh first, then en, es" in served.terminal()
    # The others follow, in the background.
    wait_for(serves(served, "/en/guide/testing/", "edited-for-every-language"), "en", served)
    wait_for(serves(served, "/es/guide/testing/", "i18ndocs-outdated"), "es", served)
    wait_for(serves(served, "/__docs__/generation?lang=en", "1"), "en's count", served)
    assert served.get("/__docs__/generation?lang=zh") == (200, "0"), "zh was not built later"


def test_dev_addr_is_read_like_mkdocs_serve() -> None:
    from i18ndocs.serve.live import parse_dev_addr

    assert parse_dev_addr("127.0.0.1:8000") == ("127.0.0.1", 8000)
    assert parse_dev_addr("[::1]:0") == ("::1", 0)
    for wrong in ("8000", "localhost", "127.0.0.1:", "127.0.0.1:99999", ":80"):
        with pytest.raises(ValueError, match="--dev-addr: expected IP:PORT"):
            parse_dev_addr(wrong)


def test_serve_on_a_busy_port_says_so_in_one_line_before_building(
    repo_copy: Path, tmp_path: Path
) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            serve_command(repo_copy, port, tmp_path / "site"),
            cwd=repo_copy,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert f"cannot serve on 127.0.0.1:{port}: Address already in use" in output
    assert "Traceback" not in output
    assert not (tmp_path / "site").exists(), "nothing was built"

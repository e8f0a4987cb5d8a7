"""``serve``: the built multi-language site on MkDocs' own live-reload server.

`LiveSite` is MkDocs' `LiveReloadServer` (the server of ``mkdocs serve``) over the assembled
site folder. It watches ``mkdocs.yml``, the language folders and what the watch settings
name, and after each change rebuilds the languages it affects (`i18ndocs.serve.server`); open
pages reload once the new site is in place. What it adds for a multi-language site:

* missing pages get the site's own ``404.html``: the language's under ``/<code>/``, the
  root one (in the source language) elsewhere;
* no error stops it: a broken page, ``mkdocs.yml`` or pipeline error is printed in the
  terminal and shown in the browser instead of the pages, and the next good save recovers;
* the watched paths are read again after each change, so a language (or a watch setting)
  added while it runs is built and followed;
* a change rebuilds first the language being read (the language of the last page
  requested), if the change affects it, else the languages it affects
  (`i18ndocs.serve.server.affected_languages`): open pages reload as soon as they are in
  place; the other languages are rebuilt after them, in the background (a translation
  changes every language's status page); pages of those languages reload again when theirs
  is done (a small script in each page asks `STATE_PATH` for its language's count of
  background builds).
"""

from __future__ import annotations

import html
import socket
import threading
import traceback
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote

from mkdocs.livereload import LiveReloadServer
from watchdog.events import FileSystemEvent, FileSystemEventHandler

from i18ndocs.project.errors import DocsError
from i18ndocs.project.settings import load_settings
from i18ndocs.serve.server import affected_languages, watched_paths

BUILD_DELAY = 0.02
"""Seconds without a file event a rebuild waits for, so that one save rebuilds once."""

STATE_PATH = "/__docs__/generation"
"""Answers the number of the last build (the error page polls it to reload when fixed), or
with ``?lang=CODE`` the number of background builds of that language (pages poll that)."""

RELOAD_SCRIPT = """<script>
(function () {{
  var seen = "{seen}";
  function poll() {{
    fetch("{path}?lang={code}").then(function (r) {{ return r.text(); }}).then(function (n) {{
      if (n !== seen) {{ location.reload(); }}
    }}).catch(function () {{}}).then(function () {{ setTimeout(poll, 1000); }});
  }}
  setTimeout(poll, 1000);
}})();
</script>
"""
"""Reloads a served page once its language has been rebuilt in the background."""

Rebuild = Callable[[Sequence[str]], list[str]]
"""Builds languages into the site; returns the error messages, empty when it succeeded."""


def parse_dev_addr(text: str) -> tuple[str, int]:
    """Read ``--dev-addr`` the way ``mkdocs serve`` does: ``IP:PORT``.

    Args:
        text: The option's value, such as ``127.0.0.1:8000`` or ``[::1]:8000``.

    Returns:
        The host and the port.

    Raises:
        ValueError: The value is not ``IP:PORT`` with a port from 0 to 65535.
    """
    host, colon, port = text.rpartition(":")
    host = host.removeprefix("[").removesuffix("]")
    if not colon or not host or not port.isdigit() or int(port) > 65535:
        raise ValueError(f"--dev-addr: expected IP:PORT such as 127.0.0.1:8000, got {text!r}")
    return host, int(port)


def listening_problem(host: str, port: int) -> str | None:
    """Tell why the server could not listen at an address, before it builds anything.

    Args:
        host: The address to listen on.
        port: The port (0: any free one).

    Returns:
        A one-line message naming the address and the reason; None when it is free.
    """
    try:
        family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][0]
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server does
            probe.bind((host, port))
    except OSError as error:
        reason = error.strerror or str(error)
        return (
            f"cannot serve on {host}:{port}: {reason} (another server running? "
            "pick another address with --dev-addr)"
        )
    return None


def error_page(messages: Sequence[str]) -> bytes:
    """Render the page shown instead of the site while its last build failed.

    Args:
        messages: The build's error messages, each naming its file and line.

    Returns:
        The page's HTML; it reloads itself after the next build.
    """
    items = "\n".join(f"<li><pre>{html.escape(message)}</pre></li>" for message in messages)
    return f"""<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Build failed</title></head>
<body>
<h1>The last build failed</h1>
<p>The site is shown again after the next build that succeeds.</p>
<ul>
{items}
</ul>
<script>
(function () {{
  var seen = null;
  function poll() {{
    fetch("{STATE_PATH}").then(function (r) {{ return r.text(); }}).then(function (id) {{
      if (seen !== null && id !== seen) {{ location.reload(); }}
      seen = id;
    }}).catch(function () {{}}).then(function () {{ setTimeout(poll, 500); }});
  }}
  poll();
}})();
</script>
</body>
</html>
""".encode()


class _Recorder(FileSystemEventHandler):
    """Collects the paths of file events, for the next rebuild to pick its languages."""

    def __init__(self, pending: set[Path], lock: threading.Lock) -> None:
        super().__init__()
        self.pending = pending
        self.lock = lock

    def on_any_event(self, event: FileSystemEvent) -> None:
        """Record the event's paths.

        Args:
            event: The file system event.
        """
        with self.lock:
            for name in (event.src_path, getattr(event, "dest_path", "")):
                if name:
                    self.pending.add(Path(str(name)))


class LiveSite(LiveReloadServer):
    """MkDocs' live-reload server over the multi-language site, rebuilding what changed.

    Args:
        root: The project folder holding ``mkdocs.yml``.
        site_dir: The assembled site folder it serves.
        rebuild: Builds the given languages into ``site_dir`` (`Rebuild`).
        host: The address to listen on.
        port: The port to listen on.
        codes: The languages to keep rebuilding; empty means all of them.
        report: Prints a line in the terminal.
    """

    def __init__(
        self,
        root: Path,
        site_dir: Path,
        rebuild: Rebuild,
        host: str,
        port: int,
        codes: Sequence[str] = (),
        report: Callable[[str], None] = print,
    ) -> None:
        super().__init__(self.rebuild_changes, host, port, str(site_dir), polling_interval=0.1)
        # The events of one save come in one poll's batch, milliseconds apart: waiting 20 ms
        # for more (MkDocs waits 100 ms) still gathers them, and shows the edit sooner.
        self.build_delay = BUILD_DELAY
        self.project = root
        self.site_dir = site_dir
        self.rebuild = rebuild
        self.codes = list(codes)
        self.report = report
        self.failure: list[str] = []
        self.generation = 0
        self._pending: set[Path] = set()
        self._lock = threading.Lock()
        self._recorded: set[str] = set()
        self._request = threading.local()  # the path being answered, for its 404 page
        self._reading = ""  # the first folder of the last page requested: its language
        self._building = threading.Lock()  # one build at a time, background ones included
        self.background: dict[str, int] = {}  # background builds done, by language
        self.error_handler = self.not_found_page

    def not_found_page(self, code: int) -> bytes | None:
        """Return the site's own 404 page for missing pages, in the language of the path.

        Args:
            code: The HTTP status of the error.

        Returns:
            For 404: the ``404.html`` of the language the path is under, else the root one;
            nothing for other errors or when the site has no such page.
        """
        if code != 404:
            return None
        first = str(getattr(self._request, "path", "")).lstrip("/").split("/", 1)[0]
        candidates = [self.site_dir / "404.html"]
        if first and first not in {".", ".."}:
            candidates.insert(0, self.site_dir / first / "404.html")
        for page in candidates:
            try:
                if page.is_file() and page.resolve().is_relative_to(self.site_dir.resolve()):
                    return page.read_bytes()
            except OSError:  # a path segment too long to be a file name
                continue
        return None

    def follow_sources(self) -> None:
        """Watch what the project's settings name now; keep the old paths if they are broken."""
        try:
            paths = watched_paths(load_settings(self.project))
        except DocsError:
            return
        for path in paths:
            key = str(path.resolve())
            if key in self._recorded or not path.exists():
                continue
            self._recorded.add(key)
            self.watch(key, recursive=path.is_dir())
            self.observer.schedule(
                _Recorder(self._pending, self._lock), key, recursive=path.is_dir()
            )

    def build(self, codes: Sequence[str]) -> None:
        """Build languages, remembering the failure to show instead of the pages; never raises.

        Args:
            codes: The languages to build.
        """
        try:
            self.failure = self.rebuild(codes)
        except Exception as error:  # any pipeline bug: show it, keep serving
            lines = traceback.format_exception_only(type(error), error)
            self.failure = [f"build crashed: {''.join(lines).strip()}"]
            self.report(self.failure[0])
        self.generation += 1

    def rebuild_changes(self) -> None:
        """The server's builder: rebuild the languages the recorded changes affect."""
        with self._lock:
            changed = set(self._pending)
            self._pending.clear()
        try:
            settings = load_settings(self.project)
        except DocsError as error:
            self.failure = [str(error.problem)]
            self.report(str(error.problem))
            self.generation += 1
            return
        self.follow_sources()
        every = [
            language.code
            for language in settings.languages
            if not self.codes or language.code in self.codes
        ]
        wanted = affected_languages(settings, changed) if changed else []
        if not changed or self.failure:
            wanted = every
        wanted = [code for code in wanted if code in every]
        if not wanted:
            return
        first = [self._reading] if self._reading in wanted else wanted
        # The others too: every language's status page counts every language's translations.
        later = [code for code in every if code not in first]
        if later:
            self.report(f"rebuilding {', '.join(first)} first, then {', '.join(later)}")
        else:
            self.report(f"rebuilding {', '.join(first)}")
        with self._building:
            self.build(first)
        if later and not self.failure:  # else the next change rebuilds every language
            threading.Thread(target=self._build_later, args=(later,), daemon=True).start()

    def _build_later(self, codes: Sequence[str]) -> None:
        """Build the languages left for after the one being read (in a thread of its own)."""
        with self._building:
            self.build(codes)
            for code in codes:
                self.background[code] = self.background.get(code, 0) + 1

    def server_activate(self) -> None:
        """Start listening, then say where: a reader may connect once this line is printed."""
        super().server_activate()
        self.report(f"serving {self.url} (Ctrl+C to stop)")

    def run(self) -> None:
        """Serve until interrupted, rebuilding after changes (MkDocs' ``serve`` loop)."""
        self.serve()  # type: ignore[no-untyped-call]

    def serve_request(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        """Answer a request: the build number, the error page while broken, else the site.

        Args:
            environ: The WSGI environment.
            start_response: The WSGI ``start_response`` callable.

        Returns:
            The response body.
        """
        path = str(environ.get("PATH_INFO", ""))
        self._request.path = path
        page_of = path.lstrip("/").split("/", 1)[0] if path.endswith(("/", ".html")) else ""
        if page_of:
            self._reading = page_of
        if path == STATE_PATH:
            code = parse_qs(str(environ.get("QUERY_STRING", ""))).get("lang", [""])[0]
            body = str(self.background.get(code, 0) if code else self.generation).encode()
            start_response(
                "200 OK",
                [("Content-Type", "text/plain"), ("Cache-Control", "no-store")],
            )
            return [body]
        if self.failure and (path.endswith("/") or path.endswith(".html")):
            body = error_page(self.failure)
            start_response(
                "500 Internal Server Error",
                [
                    ("Content-Type", "text/html; charset=utf-8"),
                    ("Content-Length", str(len(body))),
                    ("Cache-Control", "no-store"),
                ],
            )
            return [body]
        if page_of:
            return self._page_that_reloads(environ, start_response, page_of)
        result: Iterable[bytes] = super().serve_request(environ, start_response)
        return result

    def _page_that_reloads(
        self, environ: dict[str, Any], start_response: Any, code: str
    ) -> Iterable[bytes]:
        """Serve a page with `RELOAD_SCRIPT` for its language added before ``</body>``."""
        answer: list[Any] = []

        def keep(status: str, headers: list[tuple[str, str]], *_: Any) -> Callable[[bytes], None]:
            answer[:] = [status, headers]
            return lambda data: None

        seen = self.background.get(code, 0)
        body = b"".join(super().serve_request(environ, keep))
        status, headers = answer
        html = any(
            name.lower() == "content-type" and value.startswith("text/html")
            for name, value in headers
        )
        end = body.rfind(b"</body>")
        if html and end >= 0:
            script = RELOAD_SCRIPT.format(seen=seen, path=STATE_PATH, code=quote(code))
            body = body[:end] + script.encode() + body[end:]
            headers = [(name, value) for name, value in headers if name.lower() != "content-length"]
            headers.append(("Content-Length", str(len(body))))
        start_response(status, headers)
        return [body]

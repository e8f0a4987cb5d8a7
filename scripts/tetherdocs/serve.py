"""Serving the built multi-language site locally, rebuilding it when its sources change.

The server is the standard library's threaded HTTP server over the site folder. Because the
site is replaced atomically, readers never see a half-built language. HTML pages get a small
script that polls the server and reloads the page after each successful rebuild.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from .languages import Language

BUILD_ID_PATH = "/__tether__/build"
RELOAD_SCRIPT = (
    "<script>(function(){var seen=null;function poll(){fetch('" + BUILD_ID_PATH + "')"
    ".then(function(r){return r.text()}).then(function(id){"
    "if(seen!==null&&id!==seen){location.reload()}seen=id})"
    ".catch(function(){}).then(function(){setTimeout(poll,1000)})}poll()})();</script>"
)
WATCHED = ("docs", "src", "scripts/tetherdocs", "mkdocs.yml")


class _SiteHandler(SimpleHTTPRequestHandler):
    """Serves the site folder, answers the build id, and adds the reload script to pages."""

    server: SiteServer

    def do_GET(self) -> None:
        """Answer one GET request."""
        if self.path == BUILD_ID_PATH:
            self._send(str(self.server.build_id).encode(), "text/plain")
            return
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        if self.server.live_reload and path.suffix == ".html" and path.is_file():
            page = path.read_bytes().replace(b"</body>", RELOAD_SCRIPT.encode() + b"</body>", 1)
            self._send(page, "text/html; charset=utf-8")
            return
        super().do_GET()

    def _send(self, body: bytes, content_type: str) -> None:
        """Send a complete response that must not be cached."""
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        """Keep the console for build output: requests are not logged.

        Args:
            format: The log line's format string.
            *args: The values for ``format``.
        """


class SiteServer(ThreadingHTTPServer):
    """An HTTP server for a built site folder.

    Args:
        site_dir: The folder to serve; it may be replaced while serving.
        host: The address to listen on.
        port: The port to listen on; 0 picks a free one.
        live_reload: Whether pages reload themselves after `bump` is called.
    """

    daemon_threads = True

    def __init__(
        self, site_dir: Path, host: str = "127.0.0.1", port: int = 8000, live_reload: bool = False
    ) -> None:
        handler = partial(_SiteHandler, directory=str(site_dir))
        super().__init__((host, port), handler)
        self.build_id = 0
        self.live_reload = live_reload

    @property
    def url(self) -> str:
        """The server's root URL, ending with a slash."""
        host, port = self.server_address[:2]
        return f"http://{host!s}:{port}/"

    def bump(self) -> None:
        """Mark a new build, so that open pages reload."""
        self.build_id += 1

    def start(self) -> threading.Thread:
        """Serve in a daemon thread.

        Returns:
            The thread serving requests; stop it with ``shutdown()``.
        """
        thread = threading.Thread(target=self.serve_forever, name="tether-docs-server")
        thread.daemon = True
        thread.start()
        return thread


def affected_languages(root: Path, changed: Iterable[Path], languages: list[Language]) -> list[str]:
    """Work out which languages a set of changed files requires rebuilding.

    A translated page affects its own language; anything else (an English page, the code,
    the pipeline, the configuration) affects every language, since translations fall back
    to English pages and every language renders the code.

    Args:
        root: The repository root.
        changed: The changed paths.
        languages: The site's languages.

    Returns:
        The codes to rebuild, in declaration order; empty when nothing relevant changed.
    """
    translated = {language.code for language in languages if not language.source}
    wanted: set[str] = set()
    for path in changed:
        try:
            parts = path.resolve().relative_to(root.resolve()).parts
        except ValueError:
            continue
        if not parts or not any(parts[: len(Path(w).parts)] == Path(w).parts for w in WATCHED):
            continue
        if parts[0] == "docs" and len(parts) > 1 and parts[1] in translated:
            wanted.add(parts[1])
        else:
            return [language.code for language in languages]
    return [language.code for language in languages if language.code in wanted]


def watch(
    root: Path,
    on_change: Callable[[set[Path]], None],
    on_ready: Callable[[], None] | None = None,
    settle: float = 0.3,
) -> None:
    """Call a function with the changed files each time the site's sources change.

    Blocks until interrupted. Changes arriving within ``settle`` seconds of each other are
    reported together.

    Args:
        root: The repository root.
        on_change: Called with the set of changed paths, from this thread.
        on_ready: Called once the watching has started, so no later change is missed.
        settle: Seconds to wait for more changes before reporting.
    """
    from watchdog.events import FileSystemEvent, FileSystemEventHandler
    from watchdog.observers import Observer

    pending: set[Path] = set()
    lock = threading.Lock()
    changed = threading.Event()

    class Recorder(FileSystemEventHandler):
        def on_any_event(self, event: FileSystemEvent) -> None:
            if event.event_type in {"opened", "closed_no_write"}:
                return
            with lock:
                for name in (event.src_path, getattr(event, "dest_path", "")):
                    if name:
                        pending.add(Path(str(name)))
            changed.set()

    observer = Observer()
    for name in WATCHED:
        target = root / name
        if target.is_dir():
            observer.schedule(Recorder(), str(target), recursive=True)
        elif target.is_file():
            observer.schedule(Recorder(), str(target.parent), recursive=False)
    observer.start()
    if on_ready is not None:
        on_ready()
    try:
        while True:
            changed.wait()
            while changed.wait(settle):
                changed.clear()
            with lock:
                batch = set(pending)
                pending.clear()
            if batch:
                on_change(batch)
    finally:
        observer.stop()
        observer.join()

"""A plain server for a built site folder, and what a change to the sources affects.

`SiteServer` is the standard library's threaded HTTP server over the site folder (tests and
previews of a finished site use it). `watched_paths` and `affected_languages` tell the live
server of ``serve`` (`i18ndocs.serve.live`) what to watch and which languages to rebuild.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from i18ndocs.pages.directives import code_locations
from i18ndocs.project.settings import Settings

BUILD_ID_PATH = "/__i18ndocs__/build"
RELOAD_SCRIPT = (
    "<script>(function(){var seen=null;function poll(){fetch('" + BUILD_ID_PATH + "')"
    ".then(function(r){return r.text()}).then(function(id){"
    "if(seen!==null&&id!==seen){location.reload()}seen=id})"
    ".catch(function(){}).then(function(){setTimeout(poll,1000)})}poll()})();</script>"
)


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
        thread = threading.Thread(target=self.serve_forever, name="i18ndocs-docs-server")
        thread.daemon = True
        thread.start()
        return thread


def watched_paths(settings: Settings) -> list[Path]:
    """List what ``serve`` watches: ``mkdocs.yml``, the language folders, the code, ``watch``.

    The code is mkdocstrings' search paths, or, for a search path that is the project's own
    folder (which holds the site too), the documented packages in it. The folders
    pymdownx.snippets includes files from are watched too (`snippet_folders`).

    Args:
        settings: The project's settings.

    Returns:
        The files and folders to watch.
    """
    code = list(settings.code_folders)
    code += [path for path in code_locations(settings) if not any(map(path.is_relative_to, code))]
    return [settings.config_path, settings.docs_root, *code, *settings.watch] + [
        folder for folder in snippet_folders(settings) if folder not in settings.watch
    ]


def snippet_folders(settings: Settings) -> list[Path]:
    """List the existing folders ``mkdocs.yml`` gives pymdownx.snippets to include files from.

    Relative base paths are read from the project's folder; one that holds the project
    itself (the extension's default, ``.``) is left out, since watching it would watch the
    site being written.

    Args:
        settings: The project's settings.

    Returns:
        The folders, resolved.
    """
    root = settings.root.resolve()
    folders = []
    for entry in settings.config.get("markdown_extensions") or []:
        if not isinstance(entry, dict) or not isinstance(entry.get("pymdownx.snippets"), dict):
            continue
        bases = entry["pymdownx.snippets"].get("base_path", ["."])
        for base in [bases] if isinstance(bases, str) else bases:
            folder = (root / str(base)).resolve()
            if folder.is_dir() and not root.is_relative_to(folder) and folder not in folders:
                folders.append(folder)
    return folders


def affected_languages(settings: Settings, changed: Iterable[Path]) -> list[str]:
    """Work out which languages' pages a set of changed files changes, to rebuild them first.

    A translated page (or catalog) affects its own language; anything else (an English
    page, the code, the pipeline, the configuration) affects every language, since
    translations fall back to English pages and every language renders the code. (Every
    language's status page counts the translations of all: ``serve`` rebuilds the other
    languages after these.)

    Args:
        settings: The project's settings, read after the change.
        changed: The changed paths.

    Returns:
        The codes to rebuild, in declaration order; empty when nothing relevant changed.
    """
    languages = settings.languages
    translated = {language.code for language in languages if not language.source}
    watched = [path.resolve() for path in watched_paths(settings)]
    wanted: set[str] = set()
    for path in changed:
        path = path.resolve()
        if not any(path == base or path.is_relative_to(base) for base in watched):
            continue
        if path.is_relative_to(settings.docs_root):
            parts = path.relative_to(settings.docs_root).parts
            if len(parts) > 1 and parts[0] in translated:
                wanted.add(parts[0])
                continue
        return [language.code for language in languages]
    return [language.code for language in languages if language.code in wanted]

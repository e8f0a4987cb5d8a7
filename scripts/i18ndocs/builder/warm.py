"""Warm build processes: one per language, kept between builds, for ``serve``.

A full build forks a fresh process per language (`i18ndocs.builder.site`). While serving, each
language keeps one process instead (`WarmBuilder`), started from the same fork server, so
MkDocs is preloaded there too. It answers "build into this folder" requests with the same
in-process build a full build runs (`i18ndocs.builder.site.build_language_safely`), so what
it writes is what a full build writes; the memo store (`i18ndocs.plugin.memo`), enabled only
in these processes, lets a later build reuse the work of an earlier one whose inputs are
unchanged.

A process that crashed is replaced by a fresh one at the next request; `WarmBuilder.restart`
replaces it on purpose, when something changed that its memory cannot tell (``mkdocs.yml``).
"""

from __future__ import annotations

import contextlib
from multiprocessing.connection import Connection
from multiprocessing.context import BaseContext
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

from i18ndocs.builder.site import LanguageResult, build_language_safely, crashed_result
from i18ndocs.builder.workers import die_with_parent


def _serve_builds(connection: Connection, alive: Connection) -> None:
    """The body of a warm process: build each requested language until the pipe closes.

    Args:
        connection: Receives ``(root, code, out_dir, site_url, strict)`` requests and sends
            back each one's `LanguageResult`; or `PREPARE_REPORT` requests, answered by nothing.
        alive: The read end of a pipe only the serving process holds (`die_with_parent`).
    """
    from i18ndocs.plugin import memo

    die_with_parent(alive)
    memo.enable()
    with contextlib.suppress(EOFError, OSError):
        while True:
            request: tuple[Any, ...] = connection.recv()
            if request[0] == PREPARE_REPORT:
                _prepare_report(request[1])
            else:
                connection.send(build_language_safely(*request))


PREPARE_REPORT = "prepare-report"
"""A request to make the status report, which the language's next build will need anyway."""


def _prepare_report(root: Path) -> None:
    """Make the shared status report of the sources as they are (`site_report`).

    Another language's build reading its status page meanwhile waits for it rather than
    making it too. A problem is left for the builds to report.
    """
    from i18ndocs.project.settings import load_settings
    from i18ndocs.status.cache import site_report

    with contextlib.suppress(Exception):
        site_report(load_settings(root))


class WarmBuilder:
    """One language's warm build process, started on its first request.

    Args:
        context: The multiprocessing context that starts it
            (`i18ndocs.builder.site.process_context`).
        root: The project folder holding ``mkdocs.yml``.
        code: The language it builds.
    """

    def __init__(self, context: BaseContext, root: Path, code: str) -> None:
        self.context = context
        self.root = root
        self.code = code
        self._process: BaseProcess | None = None
        self._connection: Connection | None = None
        self._alive: Connection | None = None

    @property
    def pid(self) -> int | None:
        """The process's id, while one runs."""
        return self._process.pid if self._process is not None else None

    def send(self, out_dir: Path, site_url: str | None, strict: bool) -> None:
        """Ask the process to build the language; `receive` gets the result.

        Args:
            out_dir: Where the language's HTML goes.
            site_url: The root URL the site is served from.
            strict: Whether warnings fail the build.
        """
        if self._process is None:
            self._start()
        assert self._connection is not None
        try:
            self._connection.send((self.root, self.code, out_dir, site_url, strict))
        except OSError:
            self.restart()  # it died since its last build: a fresh one
            assert self._connection is not None
            self._connection.send((self.root, self.code, out_dir, site_url, strict))

    def prepare_report(self) -> None:
        """Ask the process to make the shared status report before its next build.

        While serving, the language being read is rebuilt first, alone; an idle process
        making the report meanwhile takes that work off its build.
        """
        if self._process is None:
            self._start()
        assert self._connection is not None
        with contextlib.suppress(OSError):  # a dead process: its next build restarts it
            self._connection.send((PREPARE_REPORT, self.root))

    def receive(self) -> LanguageResult:
        """Wait for the result of the request `send` made.

        Returns:
            The language's result; a crash is an error result, and the next request
            starts a fresh process.
        """
        assert self._connection is not None
        try:
            result: LanguageResult = self._connection.recv()
        except (EOFError, OSError):
            process = self._process
            self.stop()
            exit_code = process.exitcode if process is not None else None
            return crashed_result(
                self.root, self.code, f"the build process ended with code {exit_code}"
            )
        return result

    def restart(self) -> None:
        """Replace the process with a fresh one, which remembers nothing."""
        self.stop()
        self._start()

    def stop(self) -> None:
        """End the process, if one runs."""
        for end in (self._connection, self._alive):
            if end is not None:
                end.close()
        if self._process is not None:
            self._process.terminate()
            self._process.join()
        self._process = self._connection = self._alive = None

    def _start(self) -> None:
        """Start the process."""
        self.stop()
        mine, theirs = self.context.Pipe()
        alive_reader, alive_writer = self.context.Pipe(duplex=False)
        process = self.context.Process(  # type: ignore[attr-defined]
            target=_serve_builds,
            args=(theirs, alive_reader),
            daemon=True,
            name=f"i18ndocs-warm-{self.code}",
        )
        process.start()
        theirs.close()
        alive_reader.close()
        self._process, self._connection, self._alive = process, mine, alive_writer

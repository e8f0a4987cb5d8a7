"""Problems found while building the docs, reported as one line each: ``file:line: message``.

MkDocs, its plugins and griffe report problems through logging, each in its own words and
mostly without the file on disk. This module turns those records into `Problem` values that
name the real source file (the English one when a translation falls back to it) and, where
it can be found, the line.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

ERROR = "error"
WARNING = "warning"
RENDER_FAILED = "the page could not be rendered"


@dataclass(frozen=True)
class Problem:
    """One problem in the docs sources.

    Attributes:
        path: The file the problem is in, as given to the reader (relative when possible).
        line: The 1-based line in that file, or None when it is not known.
        message: What is wrong, in one line.
        level: ``"error"`` (always fatal) or ``"warning"`` (fatal with ``--strict``).
    """

    path: str
    line: int | None
    message: str
    level: str = WARNING

    def __str__(self) -> str:
        """Format the problem as ``path:line: level: message``."""
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.level}: {self.message}"


class DocsError(Exception):
    """A problem that stops the docs pipeline, carrying the file and line at fault.

    Args:
        path: The file at fault.
        line: The 1-based line at fault, or None when unknown.
        message: What is wrong, in one line.
    """

    def __init__(self, path: str, line: int | None, message: str) -> None:
        self.problem = Problem(path, line, message, ERROR)
        super().__init__(str(self.problem))


def find_line(path: Path, needle: str) -> int | None:
    """Find the first line of a text file that contains a string.

    Args:
        path: The file to search.
        needle: The text to look for.

    Returns:
        The 1-based line number, or None when the file is unreadable or lacks the text.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    return line_of(text, needle)


def line_of(text: str, needle: str) -> int | None:
    """Find the first line of a text that contains a string.

    Args:
        text: The text to search.
        needle: The text to look for.

    Returns:
        The 1-based line number, or None when the text lacks it.
    """
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            return number
    return None


_DOC_FILE = re.compile(
    r"^Doc file '(?P<doc>[^']+)' contains (?:a|an unrecognized relative) link "
    r"'(?P<link>[^']*)', (?P<rest>.*)$"
)
_NAV = re.compile(r"^A reference to '(?P<doc>[^']+)' is included in the 'nav' configuration")
_READING = re.compile(r"^Error reading page '(?P<doc>[^']+)'")
_COLLECT = re.compile(
    r"(?:Could not collect '(?P<quoted>[^']+)'|mkdocstrings: (?P<bare>[\w.]+) could not be found)"
)
_SOURCE_LINE = re.compile(r"^(?:\S+: )?(?P<path>[^\s:]+\.(?:py|md)):(?P<line>\d+):? (?P<rest>.*)$")
_PAGE_PREFIX = re.compile(r"^(?:[\w.-]+: )?(?P<path>[^\s:]+\.md): (?P<rest>.*)$")


def find_directive(roots: Sequence[Path], identifier: str) -> tuple[Path, int] | None:
    """Find the page and line of a ``::: identifier`` directive.

    Args:
        roots: The folders to search, in order (the language's, then the source language's).
        identifier: The object's dotted path.

    Returns:
        The first page and 1-based line holding the directive, or None.
    """
    pattern = re.compile(rf"^\s*:::\s*{re.escape(identifier)}\s*$")
    for root in roots:
        for page in sorted(root.rglob("*.md")):
            try:
                lines = page.read_text(encoding="utf-8").splitlines()
            except (OSError, UnicodeDecodeError):
                continue
            for number, line in enumerate(lines, start=1):
                if pattern.match(line):
                    return page, number
    return None


def _module_files(identifier: str, code_paths: Sequence[Path]) -> list[Path]:
    """List the source files an object's dotted path goes through, package by package."""
    parts = identifier.split(".")
    files = []
    for base in code_paths:
        for count in range(1, len(parts) + 1):
            stem = base.joinpath(*parts[:count])
            for candidate in (stem / "__init__.py", stem.with_suffix(".py")):
                if candidate.is_file():
                    files.append(candidate)
        if files:
            return files
    return files


def code_error(identifier: str, code_paths: Sequence[Path], level: str) -> Problem | None:
    """Find why the documented code of an object cannot be loaded: a file that does not parse.

    Args:
        identifier: The object's dotted path.
        code_paths: The folders the reference is rendered from.
        level: The problem level to give it.

    Returns:
        The problem at the ``.py`` file and line at fault, or None when every file parses.
    """
    for path in _module_files(identifier, code_paths):
        data = path.read_bytes()
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            line = data[: error.start].count(b"\n") + 1
            return Problem(_display(path), line, f"not UTF-8 text: {error.reason}", level)
        try:
            compile(text, str(path), "exec", dont_inherit=True)
        except SyntaxError as error:
            message = f"SyntaxError: {error.msg}"
            return Problem(_display(path), error.lineno, message, level)
    return None


def problem_from_message(
    message: str,
    level: str,
    resolve: Callable[[str], Path],
    config_path: str,
    roots: Sequence[Path] = (),
    code_paths: Sequence[Path] = (),
) -> Problem:
    """Turn one MkDocs (or plugin, or griffe) log message into a `Problem`.

    Args:
        message: The logged message.
        level: The problem level to give it (`ERROR` or `WARNING`).
        resolve: Maps a page's path inside the docs folder to the file on disk.
        config_path: The configuration file, named when a message points at the ``nav``.
        roots: The docs folders searched for a ``:::`` directive an error names.
        code_paths: The folders the reference is rendered from, searched for a file that
            does not parse when an object cannot be documented.

    Returns:
        The problem, naming the source file and line when the message allows finding them.
    """
    text = message.strip().splitlines()[0] if message.strip() else message
    if match := _COLLECT.search(text):
        identifier = match["quoted"] or match["bare"]
        broken = code_error(identifier, code_paths, level)
        if broken is not None:
            return broken
        found = find_directive(roots, identifier)
        if found is not None:
            path, line = found
            return Problem(_display(path), line, f"cannot document {identifier!r}", level)
    if match := _READING.match(text):
        path = resolve(match["doc"])
        return Problem(_display(path), None, RENDER_FAILED, level)
    if match := _DOC_FILE.match(text):
        path = resolve(match["doc"])
        link = match["link"]
        rest = match["rest"].rstrip(".").removeprefix("but ")
        return Problem(
            _display(path), find_line(path, f"({link}"), f"broken link {link!r}: {rest}", level
        )
    if match := _NAV.match(text):
        return Problem(config_path, find_line(Path(config_path), match["doc"]), text, level)
    if match := _SOURCE_LINE.match(text):
        path = _locate(match["path"], resolve)
        return Problem(_display(path), int(match["line"]), match["rest"], level)
    if match := _PAGE_PREFIX.match(text):
        return Problem(_display(_locate(match["path"], resolve)), None, match["rest"], level)
    return Problem(config_path, None, text, level)


def _locate(name: str, resolve: Callable[[str], Path]) -> Path:
    """Take a path as is unless it is a page path relative to the docs folder."""
    path = Path(name)
    if path.suffix != ".md" or path.is_absolute() or path.exists():
        return path
    return resolve(name)


def _display(path: Path) -> str:
    """Show a path relative to the working directory when it lies below it."""
    try:
        return str(Path(os.path.abspath(path)).relative_to(Path.cwd()))  # links not followed
    except ValueError:
        return str(path)


class ProblemCollector(logging.Handler):
    """A logging handler that records MkDocs' warnings and errors as problems.

    Args:
        resolve: Maps a page's path inside the docs folder to the file on disk.
        config_path: The configuration file, named when nothing better is known.
        roots: The docs folders searched for a ``:::`` directive an error names.
    """

    def __init__(
        self, resolve: Callable[[str], Path], config_path: str, roots: Sequence[Path] = ()
    ) -> None:
        super().__init__(logging.WARNING)
        self.problems: list[Problem] = []
        self._resolve = resolve
        self._config_path = config_path
        self._roots = roots
        self.code_paths: Sequence[Path] = ()

    def emit(self, record: logging.LogRecord) -> None:
        """Record one log record as a problem.

        Args:
            record: A record of level WARNING or above.
        """
        level = ERROR if record.levelno >= logging.ERROR else WARNING
        message = record.getMessage()
        self.add(
            problem_from_message(
                message, level, self._resolve, self._config_path, self._roots, self.code_paths
            )
        )

    def add(self, problem: Problem) -> None:
        """Record a problem, once: plugins sometimes report the same one twice.

        MkDocs follows a plugin's error on a page with its own "could not be rendered" for
        that page; when the page already has an error, that second report is left out.

        Args:
            problem: The problem to add.
        """
        if problem in self.problems:
            return
        if problem.message == RENDER_FAILED and any(
            known.path == problem.path and known.level == ERROR for known in self.problems
        ):
            return
        self.problems.append(problem)

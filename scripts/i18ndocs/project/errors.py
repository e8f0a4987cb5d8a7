"""Problems found while building the docs, reported as one line each: ``file:line: message``.

MkDocs, its plugins and griffe report problems through logging, each in its own words and
mostly without the file on disk. This module turns those records into `Problem` values that
name the real source file and, where it can be found, the line. A page the reader's file does
not hold as such says how it is shown (`PageSource`): an English page standing in for a
translation says which site shows it, a generated page says it is generated, and a link the
pipeline put on a page is blamed on the setting behind it, not on the page.
"""

from __future__ import annotations

import logging
import os
import posixpath
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

ERROR = "error"
WARNING = "warning"
RENDER_FAILED = "the page could not be rendered"
DOCSTRING = "docstring"
"""The `Problem.kind` of griffe's warnings about the documented code's docstrings."""
PROBLEM_ATTRIBUTE = "i18ndocs_problem"
"""A log record carrying a `Problem` under this attribute is recorded as that problem."""


@dataclass(frozen=True)
class Problem:
    """One problem in the docs sources.

    Attributes:
        path: The file the problem is in, as given to the reader (relative when possible).
        line: The 1-based line in that file, or None when it is not known.
        message: What is wrong, in one line.
        level: ``"error"`` (always fatal) or ``"warning"`` (fatal with ``--strict``, except
            the docstring warnings that ``extra.i18n.docstring_warnings`` lets pass).
        kind: What it is about: `DOCSTRING` for the documented code's docstrings, else empty.
        context: How the page at fault is shown, when it is not a language's own file
            (`PageSource.shown_as`), else empty.
    """

    path: str
    line: int | None
    message: str
    level: str = WARNING
    kind: str = ""
    context: str = ""

    def __str__(self) -> str:
        """Format the problem as ``path:line: level: [context: ]message``."""
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        said = f"{self.context}: {self.message}" if self.context else self.message
        return f"{where}: {self.level}: {said}"


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


@dataclass(frozen=True)
class PageSource:
    """Where the Markdown of a page in one language's build comes from.

    Attributes:
        path: The file holding it, or None for a page the pipeline generates.
        shown_as: How the page is shown when it is not the language's own file, in words
            that start a problem's message (such as "in the Spanish site, page index.md
            shown from its English source"); empty for the language's own pages.
    """

    path: Path | None
    shown_as: str = ""


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
    r"^Doc file '(?P<doc>[^']+)' contains (?P<kind>a|an absolute|an unrecognized relative) "
    r"link '(?P<link>[^']*)', (?P<rest>.*)$"
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
            return Problem(display_path(path), line, f"not UTF-8 text: {error.reason}", level)
        try:
            compile(text, str(path), "exec", dont_inherit=True)
        except SyntaxError as error:
            message = f"SyntaxError: {error.msg}"
            return Problem(display_path(path), error.lineno, message, level)
    return None


def link_line(path: Path, link: str) -> int | None:
    """Find the line of a Markdown file that writes a link: inline, reference or HTML.

    Args:
        path: The page's file.
        link: The link's target, as MkDocs reports it.

    Returns:
        The 1-based line number, or None when the file does not write that link.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    for needle in (f"({link})", f"({link} ", f"]: {link}", f"<{link}>", f'"{link}"', f"'{link}'"):
        if (line := line_of(text, needle)) is not None:
            return line
    return None


def problem_from_message(
    message: str,
    level: str,
    resolve: Callable[[str], PageSource],
    config_path: str,
    roots: Sequence[Path] = (),
    code_paths: Sequence[Path] = (),
    linked_pages: Mapping[str, tuple[int | None, str]] | None = None,
) -> Problem:
    """Turn one MkDocs (or plugin, or griffe) log message into a `Problem`.

    Args:
        message: The logged message.
        level: The problem level to give it (`ERROR` or `WARNING`).
        resolve: Maps a page's path inside the docs folder to where its Markdown comes from.
        config_path: The configuration file, named when a message points at the ``nav`` or
            at what the pipeline generates.
        roots: The docs folders searched for a ``:::`` directive an error names.
        code_paths: The folders the reference is rendered from, searched for a file that
            does not parse when an object cannot be documented.
        linked_pages: The pages the pipeline links to from pages it changes or generates
            (the translators' guide), each with the line of the configuration that names it
            and the message to give when such a link is broken: the page at the link's end
            is what is missing, not something of the page holding the link.

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
            return Problem(display_path(path), line, f"cannot document {identifier!r}", level)
    if match := _READING.match(text):
        source = resolve(match["doc"])
        return _on_page(source, None, RENDER_FAILED, level, config_path)
    if match := _DOC_FILE.match(text):
        return _link_problem(match, level, resolve, config_path, linked_pages or {})
    if match := _NAV.match(text):
        return Problem(config_path, find_line(Path(config_path), match["doc"]), text, level)
    if match := _SOURCE_LINE.match(text):
        source = _locate(match["path"], resolve)
        return _on_page(source, int(match["line"]), match["rest"], level, config_path)
    if match := _PAGE_PREFIX.match(text):
        source = _locate(match["path"], resolve)
        return _on_page(source, None, match["rest"], level, config_path)
    return Problem(config_path, None, text, level)


def _link_problem(
    match: re.Match[str],
    level: str,
    resolve: Callable[[str], PageSource],
    config_path: str,
    linked_pages: Mapping[str, tuple[int | None, str]],
) -> Problem:
    """Place a problem with a link of a page: its line, or what put the link there."""
    page, link = match["doc"], match["link"]
    source = resolve(page)
    rest = match["rest"].rstrip(".").removeprefix("but ")
    what = "broken link" if match["kind"] == "a" else f"{match['kind'].removeprefix('an ')} link"
    message = f"{what} {link!r}: {rest}"
    line = link_line(source.path, link) if source.path is not None else None
    if line is not None:
        return _on_page(source, line, message, level, config_path)
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page), link.split("#")[0]))
    if link and not link.startswith(("/", "#")) and target in linked_pages:
        setting_line, setting_message = linked_pages[target]
        return Problem(config_path, setting_line, setting_message, level)
    if source.path is not None:  # the file does not write it: an included file or a plugin
        message += "; the link is not in this file (an included file or a plugin added it)"
    return _on_page(source, None, message, level, config_path)


def _on_page(
    source: PageSource, line: int | None, message: str, level: str, config_path: str
) -> Problem:
    """Make a problem of a page: at its file, or at the configuration for a generated page."""
    if source.path is None:
        return Problem(config_path, None, message, level, context=source.shown_as)
    return Problem(display_path(source.path), line, message, level, context=source.shown_as)


def _locate(name: str, resolve: Callable[[str], PageSource]) -> PageSource:
    """Take a path as is unless it is a page path relative to the docs folder."""
    path = Path(name)
    if path.suffix != ".md" or path.is_absolute() or path.exists():
        return PageSource(path)
    return resolve(name)


def display_path(path: Path) -> str:
    """Show a path relative to the working directory when it lies below it.

    Args:
        path: The path, absolute or relative to the working directory.

    Returns:
        The path to print in a problem.
    """
    try:
        return str(Path(os.path.abspath(path)).relative_to(Path.cwd()))  # links not followed
    except ValueError:
        return str(path)


class ProblemCollector(logging.Handler):
    """A logging handler that records MkDocs' warnings and errors as problems.

    A record carrying a `Problem` under `PROBLEM_ATTRIBUTE` is recorded as that problem,
    whatever its level: that is how a warning that must not fail ``--strict`` (logged at
    INFO, which MkDocs does not count) still reaches the report.

    Args:
        resolve: Maps a page's path inside the docs folder to where its Markdown comes from.
        config_path: The configuration file, named when nothing better is known.
        roots: The docs folders searched for a ``:::`` directive an error names.
        linked_pages: The pages the pipeline links to, with the line and message for a
            broken link to one (`problem_from_message`).
    """

    def __init__(
        self,
        resolve: Callable[[str], PageSource],
        config_path: str,
        roots: Sequence[Path] = (),
        linked_pages: Mapping[str, tuple[int | None, str]] | None = None,
    ) -> None:
        super().__init__(logging.INFO)
        self.problems: list[Problem] = []
        self._resolve = resolve
        self._config_path = config_path
        self._roots = roots
        self.linked_pages: Mapping[str, tuple[int | None, str]] = linked_pages or {}
        self.code_paths: Sequence[Path] = ()

    def emit(self, record: logging.LogRecord) -> None:
        """Record one log record as a problem: warnings and errors, and records that carry one.

        Args:
            record: A record of level INFO or above.
        """
        given = getattr(record, PROBLEM_ATTRIBUTE, None)
        if isinstance(given, Problem):
            self.add(given)
            return
        if record.levelno < logging.WARNING:
            return
        level = ERROR if record.levelno >= logging.ERROR else WARNING
        self.add(
            problem_from_message(
                record.getMessage(),
                level,
                self._resolve,
                self._config_path,
                self._roots,
                self.code_paths,
                self.linked_pages,
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
        if problem.message.endswith(RENDER_FAILED) and any(
            known.path == problem.path and known.level == ERROR for known in self.problems
        ):
            return
        self.problems.append(problem)

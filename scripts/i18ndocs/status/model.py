"""The translation status model: one source of truth for every language's progress.

Every state is computed for a *unit*: a page (`i18ndocs.status.page_state`), or a catalog
unit (a docstring unit or a word the site shows, `i18ndocs.status.units`), whose fuzzy
translation counts as outdated. `i18ndocs.status.report` collects them into a `StatusReport`;
the command line prints it and every language's site shows it (`i18ndocs.status.page`).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Protocol

SOURCE_LANGUAGE = "en"
"""The code of the source language, whose directory every other one mirrors."""


class PageState(str, enum.Enum):
    """The translation state of one unit (a page) in one language."""

    TRANSLATED = "translated"
    OUTDATED = "outdated"
    MISSING = "missing"


class UnitKind(str, enum.Enum):
    """What a status unit is: a page, a docstring unit, or a word the site shows."""

    PAGE = "page"
    DOCSTRING = "docstring"
    SITE_TEXT = "site-text"


class ErrorKind(str, enum.Enum):
    """The kinds of structural error that ``docs.py status --check`` rejects."""

    ORPHAN = "orphan"
    MALFORMED_FINGERPRINT = "malformed-fingerprint"
    MALFORMED_FRONT_MATTER = "malformed-front-matter"
    UNDECLARED_LANGUAGE = "undeclared-language"
    MISSING_LANGUAGE = "missing-language"
    OUTSIDE = "outside-project"
    CATALOG = "catalog"


class UnknownLanguageError(KeyError):
    """A language code that the status report does not cover was asked for."""

    def __str__(self) -> str:
        """Return the message itself, without the quotes `KeyError` adds."""
        return str(self.args[0]) if self.args else "unknown language"


class DeclaredLanguage(Protocol):
    """A language as declared in ``mkdocs.yml`` (see `i18ndocs.project.languages`)."""

    @property
    def code(self) -> str:
        """The language code, also the name of its directory under ``docs/``."""

    @property
    def name(self) -> str:
        """The language's own name for itself."""

    @property
    def source(self) -> bool:
        """Whether this is the source language."""


@dataclass(frozen=True)
class Change:
    """How the English of an outdated unit changed since it was translated.

    Attributes:
        old: The English the translation was made from; None when nothing recorded it.
        new: The English now.
        fingerprint: For a page, the fingerprint its translation records (to find the old
            English in the history when no snapshot has it); empty for a catalog unit.
    """

    old: str | None
    new: str
    fingerprint: str = ""


@dataclass(frozen=True)
class UnitStatus:
    """The state of one unit in one language.

    Attributes:
        kind: What the unit is.
        key: The unit's identity; for a page, its path relative to the language directory.
        state: Its translation state.
        pages: For a docstring unit, the pages that render it.
        change: For an outdated unit, how its English changed.
    """

    kind: UnitKind
    key: str
    state: PageState
    pages: tuple[str, ...] = ()
    change: Change | None = None


@dataclass(frozen=True)
class Counts:
    """How many units of one kind are in each state.

    Attributes:
        translated: Units whose translation matches the English source.
        outdated: Units whose translation describes an older English text.
        missing: Units without any translation.
    """

    translated: int
    outdated: int
    missing: int

    @property
    def total(self) -> int:
        """The number of units, whatever their state."""
        return self.translated + self.outdated + self.missing

    def of(self, state: PageState) -> int:
        """Return the count of one state.

        Args:
            state: The state to count.

        Returns:
            The number of units in that state.
        """
        return {
            PageState.TRANSLATED: self.translated,
            PageState.OUTDATED: self.outdated,
            PageState.MISSING: self.missing,
        }[state]

    def percent(self, state: PageState) -> float:
        """Return the share of one state, rounded to one decimal.

        Args:
            state: The state to measure.

        Returns:
            The percentage of units in that state; 0.0 when there are no units.
        """
        if self.total == 0:
            return 0.0
        return round(100 * self.of(state) / self.total, 1)

    def to_dict(self) -> dict[str, object]:
        """Return the counts and percentages as JSON-serialisable data.

        Returns:
            A mapping with ``total``, one count per state and ``percent`` per state.
        """
        return {
            "total": self.total,
            **{state.value: self.of(state) for state in PageState},
            "percent": {state.value: self.percent(state) for state in PageState},
        }


@dataclass(frozen=True)
class LanguageStatus:
    """The status of every unit in one translated language.

    Attributes:
        code: The language code.
        name: The language's own name for itself.
        units: One entry per English unit, in a stable order.
    """

    code: str
    name: str
    units: tuple[UnitStatus, ...]

    def counts(self, kind: UnitKind = UnitKind.PAGE) -> Counts:
        """Count the units of one kind per state.

        Args:
            kind: Which units to count.

        Returns:
            The counts of translated, outdated and missing units.
        """
        states = [unit.state for unit in self.units if unit.kind is kind]
        return Counts(
            translated=states.count(PageState.TRANSLATED),
            outdated=states.count(PageState.OUTDATED),
            missing=states.count(PageState.MISSING),
        )

    def needing_work(self, kind: UnitKind = UnitKind.PAGE) -> tuple[UnitStatus, ...]:
        """List the units of one kind that are missing or outdated.

        Args:
            kind: Which units to list.

        Returns:
            The units not in the ``TRANSLATED`` state, in report order.
        """
        return tuple(
            unit
            for unit in self.units
            if unit.kind is kind and unit.state is not PageState.TRANSLATED
        )

    def page_unit_counts(self) -> dict[str, Counts]:
        """Count the docstring units of each page that renders some, per state.

        Returns:
            The counts by page path, in page order.
        """
        states: dict[str, list[PageState]] = {}
        for unit in self.units:
            if unit.kind is UnitKind.DOCSTRING:
                for page in unit.pages:
                    states.setdefault(page, []).append(unit.state)
        return {
            page: Counts(
                translated=found.count(PageState.TRANSLATED),
                outdated=found.count(PageState.OUTDATED),
                missing=found.count(PageState.MISSING),
            )
            for page, found in sorted(states.items())
        }

    def to_dict(self) -> dict[str, object]:
        """Return this language's status as JSON-serialisable data.

        Returns:
            A mapping with ``code``, ``name``, a ``summary`` per unit kind and every unit.
        """
        kinds = sorted({unit.kind for unit in self.units}, key=lambda kind: kind.value)
        return {
            "code": self.code,
            "name": self.name,
            "summary": {kind.value: self.counts(kind).to_dict() for kind in kinds},
            "pages": {page: c.to_dict() for page, c in self.page_unit_counts().items()},
            "units": [
                {"kind": unit.kind.value, "key": unit.key, "state": unit.state.value}
                | ({"pages": list(unit.pages)} if unit.pages else {})
                for unit in self.units
            ],
        }


@dataclass(frozen=True)
class StructuralError:
    """A mistake in the docs tree that ``docs.py status --check`` rejects.

    Attributes:
        kind: The kind of mistake.
        path: The offending file or directory, relative to the project root.
        line: The 1-based line in that file, or None for a directory.
        message: What is wrong, in one sentence.
    """

    kind: ErrorKind
    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        """Format the error as ``path:line: message``."""
        location = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{location}: {self.message}"

    def to_dict(self) -> dict[str, object]:
        """Return the error as JSON-serialisable data.

        Returns:
            A mapping with ``kind``, ``path``, ``line`` and ``message``.
        """
        return {
            "kind": self.kind.value,
            "path": self.path,
            "line": self.line,
            "message": self.message,
        }


@dataclass(frozen=True)
class StatusReport:
    """The translation status of the whole documentation.

    Attributes:
        source: The source language code.
        languages: One status per translated language, in declaration order.
        errors: Every structural error found, sorted by path and line.
    """

    source: str
    languages: tuple[LanguageStatus, ...]
    errors: tuple[StructuralError, ...]

    def language(self, code: str) -> LanguageStatus:
        """Return the status of one translated language.

        Args:
            code: The language code.

        Returns:
            That language's status.

        Raises:
            UnknownLanguageError: The code is not a declared translated language.
        """
        for status in self.languages:
            if status.code == code:
                return status
        known = ", ".join(status.code for status in self.languages)
        raise UnknownLanguageError(
            f"{code!r} is not a declared translated language (declared: {known})"
        )

    def to_dict(self) -> dict[str, object]:
        """Return the whole report as JSON-serialisable data.

        Returns:
            A mapping with ``source``, ``languages`` and ``errors``.
        """
        return {
            "source": self.source,
            "languages": [status.to_dict() for status in self.languages],
            "errors": [error.to_dict() for error in self.errors],
        }


@dataclass(frozen=True)
class SourceUnit:
    """One English catalog unit.

    Attributes:
        kind: Docstring unit or site text.
        key: A stable identity: the context and the unit's rank within it.
        context: The gettext context (empty for none).
        text: The English text (the singular, for plural messages).
        pages: For docstring units, the English pages that render it.
    """

    kind: UnitKind
    key: str
    context: str
    text: str
    pages: tuple[str, ...] = ()

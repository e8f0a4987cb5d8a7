"""griffe's warnings about the documented code: once each, at their line, as the settings say.

griffe warns about a docstring each time it parses one (a parameter the signature lacks, a
section line it cannot split), as ``path:line: message`` on its logger, which
mkdocstrings-python places under MkDocs' (``mkdocs.plugins.griffe``). One docstring is
parsed several times in a build (collecting the catalog units, translating, rendering each
page that shows the object), so the same warning would come back again and again, and MkDocs
would count each against ``--strict``.

`DocstringWarnings` is a logging filter on that logger: the first record of each warning goes
on, carrying its `Problem` (the file shown like every other problem's, the line, kind
`DOCSTRING`), and the repeats are dropped. What happens to it then is
``extra.i18n.docstring_warnings`` (`i18ndocs.project.settings`): ``fail`` leaves it a
warning, which ``--strict`` counts; ``warn`` logs it at INFO, which MkDocs shows and does not
count, while the pipeline's report still lists it; ``ignore`` drops it.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from i18ndocs.project.errors import (
    DOCSTRING,
    PROBLEM_ATTRIBUTE,
    WARNING,
    Problem,
    display_path,
)

GRIFFE_LOGGER = "mkdocs.plugins.griffe"
"""The logger griffe writes to inside MkDocs (mkdocstrings-python moves it there)."""

_LOCATED = re.compile(r"^(?:griffe: )?(?P<path>[^\n]+?\.pyi?):(?P<line>\d+): (?P<message>.+)$")


class DocstringWarnings(logging.Filter):
    """Report each of griffe's located warnings once, failing ``--strict`` or not.

    Args:
        mode: ``extra.i18n.docstring_warnings``: ``warn``, ``fail`` or ``ignore``.
    """

    def __init__(self, mode: str) -> None:
        super().__init__()
        self.mode = mode
        self.seen: set[Problem] = set()

    def filter(self, record: logging.LogRecord) -> bool:
        """Let the first record of a located warning through as the setting says; drop repeats.

        Args:
            record: A record of griffe's logger.

        Returns:
            Whether MkDocs' handlers (and the pipeline's) get the record.
        """
        if record.levelno != logging.WARNING:
            return True
        match = _LOCATED.match(record.getMessage().strip())
        if match is None:
            return True
        path = display_path(Path(match["path"]))
        problem = Problem(path, int(match["line"]), match["message"], WARNING, DOCSTRING)
        if problem in self.seen:
            return False
        self.seen.add(problem)
        if self.mode == "ignore":
            return False
        setattr(record, PROBLEM_ATTRIBUTE, problem)
        if self.mode == "warn":
            record.levelno, record.levelname = logging.INFO, logging.getLevelName(logging.INFO)
        return True

    def attach(self) -> None:
        """Start filtering griffe's records, in place of any filter a build left attached.

        A build that stopped between its ``config`` and ``post_build`` events (or code that
        ran only ``on_config``) leaves its filter on the process-wide logger; its memory of
        warnings already seen would then drop the next build's first report of each.
        """
        logger = logging.getLogger(GRIFFE_LOGGER)
        for stale in [f for f in logger.filters if isinstance(f, DocstringWarnings)]:
            logger.removeFilter(stale)
        logger.addFilter(self)

    def detach(self) -> None:
        """Stop filtering griffe's records."""
        logging.getLogger(GRIFFE_LOGGER).removeFilter(self)

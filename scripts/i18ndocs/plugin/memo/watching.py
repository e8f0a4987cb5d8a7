"""Whether anything was logged while work ran: such work is not remembered.

A block or page that logged (a docstring warning, a broken link) is done again by the next
build, so it logs again; `Watching` tells whether it did.
"""

from __future__ import annotations

import logging

from i18ndocs.plugin.docstring_warnings import GRIFFE_LOGGER


class Logged(logging.Handler):
    """Notes whether anything was logged while it is attached."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.seen = False

    def emit(self, record: logging.LogRecord) -> None:
        """Note the record.

        Args:
            record: A record that reached the handler.
        """
        self.seen = True

    def filter(self, record: logging.LogRecord) -> bool:
        """Note a warning before other filters (repeats dropped) decide its fate.

        Args:
            record: A record of griffe's logger.

        Returns:
            Always true: the record goes on.
        """
        if record.levelno >= logging.WARNING:
            self.seen = True
        return True


class Watching:
    """Attach a `Logged` to MkDocs' logger and (first of its filters) griffe's."""

    def __init__(self) -> None:
        self.logged = Logged()

    def __enter__(self) -> Logged:
        logging.getLogger("mkdocs").addHandler(self.logged)
        logging.getLogger(GRIFFE_LOGGER).filters.insert(0, self.logged)
        return self.logged

    def __exit__(self, *_: object) -> None:
        logging.getLogger("mkdocs").removeHandler(self.logged)
        logging.getLogger(GRIFFE_LOGGER).removeFilter(self.logged)

"""While one language's build waits for a block another is recording, it records one ahead.

Every language of a cold build reads the same pages in the same order, so all of them reach
each reference block at about the same moment: one records its skeleton
(`i18ndocs.plugin.shared_blocks`), the others wait for it, and on a machine with fewer cores
than languages a core sits idle. `LookAhead` gives the waiters work instead: the next block of
the build's pages that no build has recorded or claimed yet. It is recorded exactly as the
page would record it (the same options, from the page's ``:::`` line and YAML block), so the
page later reads it from the cache, and the builds spread out over the blocks instead of
queueing behind one.

Only code already loaded is looked up: looking ahead never loads a package earlier than the
pages would. A block that cannot be collected or recorded is left to its page, which reports
what went wrong.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from i18ndocs.pages.directives import Directive, file_directives
from i18ndocs.plugin.shared_blocks import SharedBlocks
from i18ndocs.project.errors import DocsError


class LookAhead:
    """Records the planned blocks of a build while it waits for another's (see the module).

    Args:
        blocks: The build's shared blocks; their waits are given `step` as work meanwhile.
        handler: mkdocstrings' Python handler, which collects and sets the blocks' options.
        planned: The blocks the build's pages render, in the order they are read.
    """

    def __init__(self, blocks: SharedBlocks, handler: Any, planned: Iterable[Directive]) -> None:
        self.blocks = blocks
        self.handler = handler
        self.pending = deque(planned)
        self.busy = False
        blocks.meanwhile = self.step

    def step(self) -> bool:
        """Record the next planned block that no build has recorded or is recording.

        Returns:
            Whether one was recorded (False when none is left, or the handler is not ready).
        """
        rendering = self.blocks.rendering
        if self.busy or rendering is None:
            return False
        self.busy = True  # recording waits on listings and signatures: no looking ahead there
        try:
            while self.pending:
                if self._record(self.pending.popleft(), rendering[0]):
                    return True
            return False
        finally:
            self.busy = False

    def _record(self, directive: Directive, collection: Any) -> bool:
        if directive.identifier.partition(".")[0] not in collection.members:
            return False
        options: dict[str, Any] = dict(directive.options)
        if directive.heading_level:
            options["heading_level"] = directive.heading_level  # as mkdocstrings does
        try:
            merged = self.handler.get_options(options)
            data = self.handler.collect(directive.identifier, merged)
            return self.blocks.record_unclaimed(data, merged)
        except Exception:  # any failure is left to the page, which reports it
            return False


def planned_blocks(sources: Iterable[tuple[Path, str]], default_handler: str) -> list[Directive]:
    """List the Python handler's ``:::`` blocks of a build's pages, in the order given.

    Args:
        sources: Each page's file and its path in the site's docs (POSIX).
        default_handler: mkdocstrings' handler for blocks that name none.

    Returns:
        The blocks; pages that cannot be read are left out (their build reports them).
    """
    planned: list[Directive] = []
    for path, page in sources:
        try:
            found = file_directives(path, page)
        except (OSError, UnicodeDecodeError, DocsError):
            continue
        planned += [item for item in found if (item.handler or default_handler) == "python"]
    return planned

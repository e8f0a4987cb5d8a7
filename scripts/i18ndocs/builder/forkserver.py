"""The fork server language builds start from, started before the command line is imported.

Each language builds in a process forked from a server that imported MkDocs and the pipeline
once (`i18ndocs.builder.site.process_context`). Started when the first language's process
is, the server's imports come after the command line's own, one after the other; started
first (`start_early`), the two import side by side, on two cores.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Sequence
from multiprocessing import forkserver

PRELOAD = ("i18ndocs.builder.preload",)
"""What the server imports for every build: MkDocs, its plugins, the pipeline's builder."""

COMMANDS = frozenset({"build", "serve"})
"""The commands that start language builds."""


def start_early(argv: Sequence[str]) -> None:
    """Start the fork server now when the command will build.

    Every process it forks runs the starting script again (multiprocessing's fixup of
    ``__main__``): the script imports the command line only when run, not then.

    Args:
        argv: The command line's arguments (``sys.argv``).
    """
    if multiprocessing.parent_process() is not None or not COMMANDS.intersection(argv[1:]):
        return
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return
    multiprocessing.get_context("forkserver").set_forkserver_preload(list(PRELOAD))
    forkserver.ensure_running()

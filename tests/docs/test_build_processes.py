"""How language builds start: forked from a server that already imported the heavy modules.

The fork server imports `i18ndocs.builder.preload` once per run; each language's process is forked
from it. If the server cannot import the pipeline, multiprocessing ignores the error and every
process imports MkDocs itself, which costs about a second of CPU per language; these tests
catch that, and keep jieba's dictionary (needed only by the Chinese search index) out of it.
Each process runs the script that started the build again (multiprocessing does); the server
imports the pipeline's modules that script imported, so that it finds them imported.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from i18ndocs.builder.site import process_context

pytestmark = pytest.mark.docs

PRELOADED = (
    "i18ndocs.builder.preload",
    "mkdocs.commands.build",
    "material.plugins.search.plugin",
    "mkdocstrings_handlers.python",
    "pymdownx.superfences",
    "i18ndocs.plugin.plugin",
    "babel.messages.pofile",
    "pygments.lexers.python",
)


def modules_at_start() -> dict[str, bool]:
    """Run in a worker: which modules it has, whether jieba's dictionary is loaded, and
    whether what the server imported is out of the garbage collector's reach."""
    import gc

    jieba = sys.modules.get("jieba")
    loaded = bool(jieba is not None and jieba.dt.initialized)
    from pygments.lexers.python import PythonLexer

    frozen = gc.get_freeze_count() > 10_000
    return {
        **{name: name in sys.modules for name in PRELOADED},
        "jieba dictionary": loaded,
        "imports frozen": frozen,
        "Python rules compiled": "_tokens" in PythonLexer.__dict__,
    }


def test_a_worker_starts_with_mkdocs_imported_and_no_dictionary_loaded() -> None:
    context = process_context()
    assert context.get_start_method() == "forkserver"
    with context.Pool(1) as pool:
        found = pool.apply(modules_at_start)
    expected = {**dict.fromkeys(PRELOADED, True), "jieba dictionary": False}
    assert found == {**expected, "imports frozen": True, "Python rules compiled": True}


STARTER = """
import os
import sys
import time

with open(os.environ["IMPORTS_LOG"], "a") as log:
    log.write(f"{__name__} {'i18ndocs.cli.app' in sys.modules}\\n")

import i18ndocs.cli.app

if __name__ == "__main__":
    from i18ndocs.builder.site import process_context

    workers = [process_context().Process(target=time.sleep, args=(0,)) for _ in range(3)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
"""


def test_workers_rerun_the_starting_script_with_its_imports_done(tmp_path: Path) -> None:
    script, log = tmp_path / "starter.py", tmp_path / "imports.log"
    script.write_text(STARTER, encoding="utf-8")
    env = {**os.environ, "IMPORTS_LOG": str(log)}
    subprocess.run([sys.executable, str(script)], env=env, check=True, timeout=120)
    # multiprocessing runs the script again in every worker, as __mp_main__; the command
    # line it imports must already be there, imported by the fork server.
    runs = sorted(log.read_text("utf-8").splitlines())
    assert runs == ["__main__ False", *["__mp_main__ True"] * 3]


EARLY = """
import sys
import time
from pathlib import Path

from i18ndocs.builder.forkserver import start_early


def server_running() -> bool:
    # Whether a child runs the fork server (waiting for a forked child to exec it).
    children = Path(f"/proc/self/task/{Path('/proc/self').resolve().name}/children")
    deadline = time.monotonic() + 30
    while children.read_text().split() and time.monotonic() < deadline:
        for pid in children.read_text().split():
            if b"multiprocessing.forkserver" in Path(f"/proc/{pid}/cmdline").read_bytes():
                return True
        time.sleep(0.01)
    return False


if __name__ == "__main__":
    start_early(["docs.py", *sys.argv[1:]])
    print(server_running(), "i18ndocs.cli.app" in sys.modules)
"""


@pytest.mark.parametrize(
    ("command", "started"), [("build", True), ("serve", True), ("status", False)]
)
def test_the_fork_server_starts_before_the_command_line_is_imported_for_builds(
    tmp_path: Path, command: str, started: bool
) -> None:
    script = tmp_path / "early.py"
    script.write_text(EARLY, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, str(script), command],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    assert result.stdout.split() == [str(started), "False"]

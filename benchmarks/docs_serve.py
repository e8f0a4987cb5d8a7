"""Save-to-visible latency of ``docs.py serve``, against plain ``mkdocs serve`` of English.

Two servers run side by side, each on a throwaway copy of the project (``mkdocs.yml``,
``docs/``, ``docs_src/``, ``scripts/`` and ``src/``, copied, since the docstring edit changes
the code; the mkdocstrings ``paths`` are relative to ``mkdocs.yml``, so the copy's code is the
one rendered):

* ours: ``python scripts/docs.py serve --dev-addr 127.0.0.1:PORT --site-dir DIR``;
* the peer: ``python -m mkdocs serve`` (English only, the configuration as written, so with
  the i18ndocs plugin's caches of listings, signatures, templates and reference blocks, so
  a rebuild of its fills blocks in rather than rendering them: plain MkDocs without them
  measured slower, which would flatter the ratios).

Once both have served their first build, the edits are made in turns, ``--repeats`` rounds
(the order rotating each round, so a slow moment hurts all alike):

* an English page, on both servers: a paragraph with a unique marker appended to
  ``docs/en/guide/websockets.md``, visible when ``/en/guide/websockets/`` contains it;
* a translation: the same in ``docs/es/guide/websockets.md``, seen at ``/es/guide/websockets/``;
* a docstring: a sentence with a marker added to the docstring of
  ``tether.websockets.WebSocket.receive_text``, seen at ``/en/reference/websockets/``;
* the navigation: the marker put into the ``title`` of ``docs/en/guide/testing.md``, seen
  when another page, ``/en/guide/websockets/``, shows the new title in its navigation.

Latency is the time from just after the file is written to the first poll (one every 20 ms)
whose page contains the marker: the watcher noticing the change, the rebuild of the
languages it affects, and the swap of the new site. The polls ask for the page being
waited for, as a reader's browser showing it did, so a server that rebuilds the language
being read first knows which one it is. Before each edit both servers are left to settle
(their processes, build workers included, idle for half a second), so a rebuild still going
on after the previous edit showed does not delay the next, nor take CPU from the other
server. The script prints which languages each edit of ours rebuilt, and how long each
took, as the server's terminal says.

Targets, as ratios of medians to the peer's English page edit in the same run: ours' English
page edit and translation edit at most 0.35, its docstring edit at most 0.6; the navigation
edit is reported without a target. Best runs, and their ratios, are printed too.

    python benchmarks/docs_serve.py [--repeats 5]   # about 3 minutes (--repeats 2: 1.5)
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGETS = {"English page": 0.35, "translation (es)": 0.35, "docstring": 0.6}
"""Per kind of edit: the highest ratio of ours' median to the peer's (none: report only)."""
POLL_SECONDS = 0.02
FIRST_BUILD_DEADLINE = 600.0
EDIT_DEADLINE = 120.0
DOCSTRING_FILE = Path("src/tether/websockets.py")
DOCSTRING_FUNCTION = "receive_text"
BUILT = re.compile(r"^([\w-]+): ok in ([\d.]+)s", re.MULTILINE)


@dataclass
class Server:
    """A running development server and where to reach it."""

    name: str
    url: str
    process: subprocess.Popen[bytes]
    log: Path

    def get(self, path: str) -> str | None:
        """The body of a page when it answers 200, else None (not listening, error page)."""
        try:
            with urllib.request.urlopen(self.url + path.lstrip("/"), timeout=30) as response:
                return str(response.read().decode("utf-8", "replace"))
        except (urllib.error.URLError, OSError):
            return None

    def terminal(self) -> str:
        """What the server printed so far."""
        return self.log.read_text("utf-8", "replace")

    def check_running(self, what: str) -> None:
        """Stop the benchmark, with the server's output, when the server has exited."""
        if self.process.poll() is not None:
            sys.exit(f"{self.name} exited while waiting for {what}:\n{self.terminal()[-4000:]}")


@dataclass(frozen=True)
class Edit:
    """One kind of edit: what it changes and where its result shows."""

    label: str
    path: str
    apply: Callable[[Path, str], None]


def free_port() -> int:
    """A port nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def project_copy(folder: Path) -> Path:
    """A throwaway copy of the site's sources, code included, inside ``folder``."""
    copy = folder / "repo"
    copy.mkdir()
    shutil.copy2(ROOT / "mkdocs.yml", copy / "mkdocs.yml")
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in ("docs", "docs_src", "scripts", "src"):
        shutil.copytree(ROOT / name, copy / name, ignore=ignore)
    return copy


def append_paragraph(relative: str) -> Callable[[Path, str], None]:
    """An edit appending a paragraph holding the marker to a Markdown page."""

    def apply(root: Path, marker: str) -> None:
        page = root / relative
        text = page.read_text("utf-8")
        page.write_text(f"{text.rstrip()}\n\nBenchmark paragraph {marker}.\n", "utf-8")

    return apply


def retitle(relative: str) -> Callable[[Path, str], None]:
    """An edit putting the marker into the ``title`` of a page's front matter (once)."""

    def apply(root: Path, marker: str) -> None:
        page = root / relative
        text, count = re.subn(
            r"^title: (.*?)(?: bench-[0-9a-f]+)?$",
            rf"title: \g<1> {marker}",
            page.read_text("utf-8"),
            count=1,
            flags=re.MULTILINE,
        )
        if count != 1:
            sys.exit(f"{relative}: no title in its front matter")
        page.write_text(text, "utf-8")

    return apply


def add_to_docstring(root: Path, marker: str) -> None:
    """Add a paragraph holding the marker after the summary of `DOCSTRING_FUNCTION`."""
    module = root / DOCSTRING_FILE
    text = module.read_text("utf-8")
    found = re.search(
        rf"def {DOCSTRING_FUNCTION}\(.*?\n(?P<indent>[ ]+)\"\"\"(?P<summary>[^\n]*)\n",
        text,
        re.DOTALL,
    )
    if found is None or found["summary"].endswith('"""'):
        sys.exit(f"{DOCSTRING_FILE}: no multi-line docstring for {DOCSTRING_FUNCTION}()")
    addition = f"\n{found['indent']}Benchmark sentence {marker}.\n"
    module.write_text(text[: found.end()] + addition + text[found.end() :], "utf-8")


EDITS = (
    Edit("English page", "/en/guide/websockets/", append_paragraph("docs/en/guide/websockets.md")),
    Edit(
        "translation (es)", "/es/guide/websockets/", append_paragraph("docs/es/guide/websockets.md")
    ),
    Edit("docstring", "/en/reference/websockets/", add_to_docstring),
    Edit("navigation", "/en/guide/websockets/", retitle("docs/en/guide/testing.md")),
)
PEER_EDIT = EDITS[0]
"""The edit both servers get; ours' latencies are compared with the peer's."""


@contextmanager
def running(name: str, command: list[str], root: Path, port: int) -> Iterator[Server]:
    """Start a server in ``root``; stop it on the way out (Ctrl+C, then kill), even on failure."""
    log = root.parent / f"{name.replace(' ', '-')}.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            command,
            cwd=root,
            stdout=output,
            stderr=subprocess.STDOUT,
            env={**os.environ, "COLUMNS": "200", "NO_MKDOCS_2_WARNING": "1"},
        )
    try:
        yield Server(name, f"http://127.0.0.1:{port}/", process, log)
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def wait_until(server: Server, condition: Callable[[], bool], what: str, deadline: float) -> float:
    """Poll every `POLL_SECONDS` until the condition holds; return the seconds it took."""
    start = time.perf_counter()
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        if condition():
            return time.perf_counter() - start
        server.check_running(what)
        time.sleep(POLL_SECONDS)
    sys.exit(f"timed out after {deadline:.0f}s waiting for {what}:\n{server.terminal()[-4000:]}")


def tree_cpu_ticks(pid: int) -> int | None:
    """CPU clock ticks used by a process and its descendants, the ended ones included.

    Read from ``/proc`` (Linux): each live process's own time plus that of the children it
    waited for, so the total only grows, and a build's worker processes count even after
    they end. None where ``/proc`` is not available.
    """
    parents: dict[int, int] = {}
    ticks: dict[int, int] = {}
    try:
        entries = [entry for entry in os.listdir("/proc") if entry.isdigit()]
    except OSError:
        return None
    for entry in entries:
        try:
            stat = Path("/proc", entry, "stat").read_text()
        except OSError:
            continue  # ended meanwhile
        fields = stat[stat.rfind(")") + 2 :].split()
        parents[int(entry)] = int(fields[1])
        ticks[int(entry)] = sum(int(value) for value in fields[11:15])
    if pid not in ticks:
        return None
    family, total = {pid}, 0
    for candidate in sorted(ticks):  # a child's pid may be lower than its parent's
        chain, current = [], candidate
        while current not in family and current in parents and current > 1:
            chain.append(current)
            current = parents[current]
        if current in family:
            family.update(chain)
    for member in family:
        total += ticks.get(member, 0)
    return total


def settle(server: Server) -> None:
    """Wait until no rebuild is under way: the server's processes idle for half a second.

    A rebuild may go on after the edited page shows (other languages built in the
    background); waiting for the processes to go quiet keeps it out of the next edit's time.
    """
    hertz = os.sysconf("SC_CLK_TCK")
    quiet = max(1, int(0.1 * 0.5 * hertz))  # under 10% of a core over the window
    end = time.monotonic() + EDIT_DEADLINE
    before = tree_cpu_ticks(server.process.pid)
    while before is not None and time.monotonic() < end:
        time.sleep(0.5)
        after = tree_cpu_ticks(server.process.pid)
        if after is None or after - before < quiet:
            return
        before = after


def measure(server: Server, root: Path, edit: Edit) -> tuple[float, str]:
    """Make one edit; return the save-to-visible seconds and the languages rebuilt.

    Args:
        server: The server that serves ``root``, settled.
        root: The project copy to edit.
        edit: The kind of edit.

    Returns:
        The latency, and the languages rebuilt with their times as the server printed them.
    """
    marker = f"bench-{secrets.token_hex(6)}"
    before = len(server.terminal())
    edit.apply(root, marker)
    seconds = wait_until(
        server,
        lambda: marker in (server.get(edit.path) or ""),
        f"{edit.label} edit on {edit.path}",
        EDIT_DEADLINE,
    )
    output = server.terminal()[before:]
    rebuilt = "; ".join(re.findall(r"rebuilding ([\w, -]+)", output)) or "-"
    timings = ", ".join(f"{code} {took}s" for code, took in BUILT.findall(output))
    return seconds, f"{rebuilt}: {timings}" if timings else rebuilt


def first_build(server: Server) -> float:
    """Wait until a server serves its first build; return the seconds it took."""
    return wait_until(
        server,
        lambda: "tether" in (server.get("/en/") or ""),
        f"{server.name}'s first build",
        FIRST_BUILD_DEADLINE,
    )


@dataclass(frozen=True)
class Trial:
    """One edit to measure: which server, on which copy, and the kind of edit."""

    server: Server
    root: Path
    edit: Edit

    @property
    def label(self) -> str:
        """How the figures name it: the server and the kind of edit."""
        return f"{self.server.name}, {self.edit.label}"


def measure_all(
    folder: Path, repeats: int
) -> tuple[dict[str, float], list[float], dict[str, list[float]]]:
    """Start both servers, then make every kind of edit in turns, ``repeats`` rounds.

    Args:
        folder: An empty temporary folder for the copies, the site and the logs.
        repeats: The rounds.

    Returns:
        Each server's first-build seconds, the peer's latencies (its English page edits),
        and ours' by kind of edit.
    """
    ours_root = project_copy(folder / "pipeline")
    peer_root = project_copy(folder / "peer")
    ours_port, peer_port = free_port(), free_port()
    ours_command = [sys.executable, str(ours_root / "scripts" / "docs.py"), "serve"]
    ours_command += ["--dev-addr", f"127.0.0.1:{ours_port}", "--site-dir", str(folder / "site")]
    peer_command = [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{peer_port}"]
    firsts: dict[str, float] = {}
    with ExitStack() as stack:
        # One after the other, so that neither first build takes CPU from the other.
        ours = stack.enter_context(running("docs.py serve", ours_command, ours_root, ours_port))
        firsts[ours.name] = first_build(ours)
        peer = stack.enter_context(running("mkdocs serve (en)", peer_command, peer_root, peer_port))
        firsts[peer.name] = first_build(peer)
        for name, took in firsts.items():
            print(f"{name}: first build served after {took:.1f}s", flush=True)
        trials = [Trial(peer, peer_root, PEER_EDIT)]
        trials += [Trial(ours, ours_root, edit) for edit in EDITS]
        latencies: dict[str, list[float]] = {trial.label: [] for trial in trials}
        for index in range(repeats):
            shift = index % len(trials)
            for trial in trials[shift:] + trials[:shift]:
                settle(ours)
                settle(peer)
                seconds, rebuilt = measure(trial.server, trial.root, trial.edit)
                latencies[trial.label].append(seconds)
                details = f"  (rebuilt: {rebuilt})" if trial.server is ours else ""
                print(f"  {trial.label:38} {seconds:5.2f}s{details}", flush=True)
    peer_runs = latencies.pop(trials[0].label)
    return firsts, peer_runs, {label.split(", ", 1)[1]: runs for label, runs in latencies.items()}


def main() -> None:
    """Measure, print the figures and exit non-zero when a ratio misses its target."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5, help="edits of each kind")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="tether-docs-serve-") as name:
        folder = Path(name)
        (folder / "pipeline").mkdir()
        (folder / "peer").mkdir()
        firsts, peer, latencies = measure_all(folder, args.repeats)
    print()
    print("first build: " + ", ".join(f"{name} {took:.1f}s" for name, took in firsts.items()))
    peer_best, peer_median = min(peer), statistics.median(peer)
    print(_figures(f"mkdocs serve (en), {PEER_EDIT.label}", peer))
    missed = []
    for kind, values in latencies.items():
        best, median = min(values), statistics.median(values)
        ratio = median / peer_median
        target = TARGETS.get(kind)
        verdict = "no target" if target is None else f"target <= {target}"
        print(_figures(f"docs.py serve, {kind}", values))
        print(f"{'':38} x{ratio:.2f} the peer's median (best x{best / peer_best:.2f}; {verdict})")
        if target is not None and ratio > target:
            missed.append(f"{kind} x{ratio:.2f} > {target}")
    if missed:
        print(f"missed against mkdocs serve's page edit: {'; '.join(missed)}")
        sys.exit(1)
    print("every edit with a target meets it against mkdocs serve's page edit")


def _figures(label: str, values: list[float]) -> str:
    """One line of figures: the best, the median and every measurement, in seconds."""
    runs = ", ".join(f"{value:.2f}s" for value in values)
    return (
        f"{label + ':':38} best {min(values):5.2f}s median {statistics.median(values):5.2f}s"
        f"  runs {runs}"
    )


if __name__ == "__main__":
    main()

"""Peak memory of the full three-language docs build, and of mkdocs-static-i18n's.

Our build (``python scripts/docs.py build``, every language in a worker process forked
from a fork server) and mkdocs-static-i18n's build of the same content (configured as
``benchmarks/docs_peer.py`` does, whose helpers this script loads) are run in turns, after
one warm-up build of each. While a build runs, the proportional set size (``Pss:`` of
``/proc/<pid>/smaps_rollup``) of its process and every descendant is summed about every
20 ms; a build's figure is the highest such sum. PSS divides the pages that processes share
(the fork server's preloaded modules, shared libraries) among them, so the sum is what the
build costs the machine, unlike a sum of RSS.

Target: the highest peak of our build over ``--rounds`` builds is at most 300 MiB.

    .venv/bin/python benchmarks/docs_memory.py [--rounds 3]

Linux only (``/proc``); the ``bench`` dependency group provides mkdocs-static-i18n.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

import docs_peer as peer  # benchmarks/ is on the path of the scripts run from it
from process_tree import TreeWatch, become_subreaper, read_proc

TARGET_MIB = 300.0
INTERVAL = 0.02


def pss_kib(pid: int) -> int | None:
    """A process's proportional set size in KiB, or None when it is gone."""
    text = read_proc(f"/proc/{pid}/smaps_rollup")
    if not text:
        return None
    for line in text.splitlines():
        if line.startswith("Pss:"):
            return int(line.split()[1])
    return None


class PssWatch(TreeWatch):
    """Keeps the highest total PSS of the process tree seen in one sample."""

    def __init__(self, root: int, interval: float = INTERVAL) -> None:
        super().__init__(root, interval)
        self.peak_kib = 0
        self.processes_at_peak = 0

    def sample(self, pids: list[int]) -> None:
        """Sum the live processes' PSS and keep the highest sum."""
        sizes = [size for size in map(pss_kib, pids) if size is not None]
        if sum(sizes) > self.peak_kib:
            self.peak_kib = sum(sizes)
            self.processes_at_peak = len(sizes)


def peak_mib(way: peer.Way) -> float:
    """Build the site one way and return the highest total PSS of its processes, in MiB."""
    peak = 0.0
    for command in way.commands:
        watched = peer.run_watched(way, command, PssWatch)
        if watched.completed.returncode != 0:
            completed = watched.completed
            sys.exit(f"{way.label}: build failed:\n{completed.stdout}{completed.stderr}")
        assert isinstance(watched.watch, PssWatch)
        peak = max(peak, watched.watch.peak_kib / 1024)
    return peak


def main() -> None:
    """Measure, print the figures and exit non-zero when our peak misses the target."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="measurements of each build")
    args = parser.parse_args()
    become_subreaper()  # orphans of a build are reparented here and stay in its tree
    with tempfile.TemporaryDirectory(prefix="tether-docs-memory-") as folder:
        ours, static, _ = peer.ways(Path(folder))
        builds = [ours, static]
        peaks: dict[str, list[float]] = {}
        for way in builds:
            peak_mib(way)  # warm-up
            peer.check_output(way)
            peaks[way.label] = []
        for index in range(args.rounds):
            for way in builds[index % 2 :] + builds[: index % 2]:
                peaks[way.label].append(peak_mib(way))
    for way in builds:
        runs = peaks[way.label]
        print(
            f"{way.label + ':':30} peak PSS max {max(runs):6.1f} MiB  median "
            f"{statistics.median(runs):6.1f} MiB  runs {', '.join(f'{r:.1f}' for r in runs)}"
        )
    ours_peak = max(peaks[ours.label])
    ratio = ours_peak / max(peaks[static.label])
    print(f"ours / mkdocs-static-i18n (max peaks): {ratio:.2f}")
    if ours_peak > TARGET_MIB:
        print(f"missed the target: our peak {ours_peak:.1f} MiB > {TARGET_MIB:.0f} MiB")
        sys.exit(1)
    print(f"meets the target: our peak {ours_peak:.1f} MiB <= {TARGET_MIB:.0f} MiB")


if __name__ == "__main__":
    main()

"""Cache entries computed once by processes running at once (`i18ndocs.project.claims`).

Real processes race for one entry: one computes it, the others read what it wrote. A claimer
killed while computing leaves its claim file behind, but not its lock: the next process
computes the entry at once, without waiting for the timeout. A claim held too long makes a
waiter compute the entry itself. A waiter may work meanwhile, such as computing an entry
nobody has claimed.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import threading
from multiprocessing.synchronize import Barrier, Event
from pathlib import Path

import pytest

from i18ndocs.project.claims import claim_path, claimed, computed_if_unclaimed, computed_once

CONTEXT = multiprocessing.get_context("spawn")
TIMEOUT = 60.0


def race(entry: Path, folder: Path, name: str, start: Barrier) -> None:
    """Run in a process: wait for the others, ask for the entry, keep what it got."""

    def compute() -> bytes:
        with (folder / "computed.log").open("a", encoding="utf-8") as stream:
            stream.write(f"{name}\n")
        return f"computed by {name}".encode()

    start.wait(TIMEOUT)
    (folder / f"got-{name}").write_bytes(computed_once(entry, compute))


def test_processes_racing_for_an_entry_compute_it_once(tmp_path: Path) -> None:
    entry, names = tmp_path / "entry", [f"p{n}" for n in range(4)]
    start = CONTEXT.Barrier(len(names))
    racers = [CONTEXT.Process(target=race, args=(entry, tmp_path, name, start)) for name in names]
    for racer in racers:
        racer.start()
    for racer in racers:
        racer.join(TIMEOUT)
    assert [racer.exitcode for racer in racers] == [0] * len(names)
    (computer,) = (tmp_path / "computed.log").read_text("utf-8").split()
    got = {(tmp_path / f"got-{name}").read_bytes() for name in names}
    assert got == {f"computed by {computer}".encode()}
    assert entry.read_bytes() == f"computed by {computer}".encode()


def ask(entry: Path) -> bytes:
    """Run in a process: ask for the entry, computing 'computed by the waiter' if it must."""
    return computed_once(entry, lambda: b"computed by the waiter", TIMEOUT)


def test_a_waiter_reads_the_entry_the_claimer_writes(tmp_path: Path) -> None:
    entry = tmp_path / "entry"
    with CONTEXT.Pool(1) as pool:
        with claimed(entry) as held:
            assert held
            waiting = pool.apply_async(ask, (entry,))
            entry.write_bytes(b"computed by the claimer")
        assert waiting.get(TIMEOUT) == b"computed by the claimer"
    assert not claim_path(entry).exists(), "a released claim leaves no file"


def claim_and_hang(entry: Path, computing: Event) -> None:
    """Run in a process: claim the entry and never finish computing it."""

    def compute() -> bytes:
        computing.set()
        signal.pause()
        return b"never"

    computed_once(entry, compute)


def test_the_claim_of_a_killed_process_is_taken_over_without_waiting(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    entry = tmp_path / "entry"
    computing = CONTEXT.Event()
    claimer = CONTEXT.Process(target=claim_and_hang, args=(entry, computing))
    claimer.start()
    assert computing.wait(TIMEOUT)
    assert claimer.pid is not None
    os.kill(claimer.pid, signal.SIGKILL)
    claimer.join(TIMEOUT)
    assert claim_path(entry).exists(), "the killed claimer's file is left behind"
    with caplog.at_level(logging.WARNING):
        assert computed_once(entry, lambda: b"recomputed", TIMEOUT) == b"recomputed"
    assert caplog.records == [], "taken over at once, not after the timeout"
    assert entry.read_bytes() == b"recomputed"


def test_a_waiter_computes_the_entry_itself_when_the_claim_is_held_too_long(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    entry = tmp_path / "entry"
    with claimed(entry), caplog.at_level(logging.WARNING):
        assert computed_once(entry, lambda: b"computed anyway", timeout=0.05) == b"computed anyway"
    assert [record.getMessage() for record in caplog.records] == [
        f"i18ndocs: waited 0 s for another build to write {entry}; computing it here"
    ]


def test_a_waiter_works_meanwhile_then_reads_the_entry(tmp_path: Path) -> None:
    entry, release = tmp_path / "entry", threading.Event()
    held = threading.Event()

    def claimer() -> None:  # another claim of the same file: flock locks conflict in-process
        with claimed(entry):
            held.set()
            release.wait(TIMEOUT)
            entry.write_bytes(b"computed by the claimer")

    thread = threading.Thread(target=claimer)
    thread.start()
    assert held.wait(TIMEOUT)
    done: list[int] = []

    def meanwhile() -> bool:
        done.append(len(done))
        if len(done) == 3:
            release.set()  # the claimer finishes while this one works
        return len(done) <= 3

    def compute() -> bytes:
        raise AssertionError("the entry was being computed by the claimer")

    assert computed_once(entry, compute, TIMEOUT, meanwhile) == b"computed by the claimer"
    thread.join(TIMEOUT)
    assert len(done) >= 3


def test_an_unclaimed_entry_is_computed_and_a_claimed_or_kept_one_left_alone(
    tmp_path: Path,
) -> None:
    entry = tmp_path / "entry"
    asked: list[str] = []

    def compute() -> bytes:
        asked.append("computed")
        return b"computed"

    with claimed(entry):
        assert not computed_if_unclaimed(entry, compute), "claimed: left to the claimer"
    assert not entry.exists()
    assert asked == []
    assert computed_if_unclaimed(entry, compute)
    assert entry.read_bytes() == b"computed"
    assert asked == ["computed"]
    assert not claim_path(entry).exists(), "a released claim leaves no file"
    assert not computed_if_unclaimed(entry, compute), "kept: not computed again"
    assert asked == ["computed"]

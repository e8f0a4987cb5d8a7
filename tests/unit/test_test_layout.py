"""The test tree itself: pytest imports test modules by their file name (rootdir-relative
"prepend" mode), so two modules with one name in different folders stop the whole suite at
collection, which a run of one folder never shows."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]


def test_every_test_module_has_a_name_of_its_own() -> None:
    names = Counter(path.name for path in TESTS.rglob("test_*.py"))
    assert len(names) > 50
    repeated = {
        name: sorted(p.relative_to(TESTS).as_posix() for p in TESTS.rglob(name))
        for name, count in names.items()
        if count > 1
    }
    assert not repeated, repeated

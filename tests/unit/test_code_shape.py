"""The shape of a code file (`shape_digest`): the same after docstring edits, not after others.

Reference blocks kept between builds are keyed by the shape of all the code: a change it
misses would show a stale block, one it sees needlessly renders every block again.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from i18ndocs.reference.shape import shape_digest

BASE = '''"""A module."""

from pkg.errors import Failure  # where the base comes from


class Greeter(Failure):
    """Greets."""

    name: str = "x"
    """The name."""

    def greet(self, other: str) -> str:
        """Say hello.

        Args:
            other: Whom to greet.
        """
        try:
            return f"hello {other}"
        except ValueError:
            """Not a word."""
            return "no"
'''


def digest_of(tmp_path: Path, text: str) -> str:
    path = tmp_path / "module.py"
    path.write_text(text, "utf-8")
    return shape_digest(path)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ('"""A module."""', '"""A module, described at length.\n\nMore.\n"""'),
        ('"""Greets."""', '"""Greets\n\n    Twice.\n    """'),
        ('"""The name."""', '"""The name, in full."""'),
        ("            other: Whom to greet.", "            other: Whom to greet, by name."),
        ('"""Not a word."""', '"""Not a word: a string in a handler."""'),
    ],
    ids=["module", "class", "attribute", "section", "handler"],
)
def test_docstring_edits_leave_the_shape(tmp_path: Path, old: str, new: str) -> None:
    assert old in BASE
    assert digest_of(tmp_path, BASE.replace(old, new)) == digest_of(tmp_path, BASE)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("from pkg.errors import Failure", "from pkg.other import Failure"),
        ("class Greeter(Failure)", "class Greeter"),
        ("other: str) -> str", "other: bytes) -> str"),
        ('name: str = "x"', 'name: str = "y"'),
        ('return f"hello {other}"', 'return f"hi {other}"'),
        ("# where the base comes from", "# moved"),  # conservative: comments count
    ],
    ids=["import", "base", "annotation", "value", "body", "comment"],
)
def test_other_edits_change_the_shape(tmp_path: Path, old: str, new: str) -> None:
    assert old in BASE
    assert digest_of(tmp_path, BASE.replace(old, new)) != digest_of(tmp_path, BASE)


def test_a_file_that_does_not_parse_is_hashed_whole(tmp_path: Path) -> None:
    broken = BASE + "\ndef (:\n"
    assert digest_of(tmp_path, broken) != digest_of(tmp_path, broken + "# more\n")

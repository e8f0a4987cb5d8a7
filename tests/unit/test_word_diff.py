"""The word diff translators see (`i18ndocs.status.diff`) and the snapshots it compares with.

Without a build: the tokenizer, the three renderings' building blocks, the context kept around
changes, and the English a page was translated from, kept by ``mark-updated``
(`i18ndocs.status.page_state.stamp`, `i18ndocs.status.snapshots`).
"""

from __future__ import annotations

from pathlib import Path

from i18ndocs.status.diff import (
    GAP,
    PieceKind,
    Token,
    diff_element,
    html_diff,
    plain_diff,
    tokens,
    word_diff,
)
from i18ndocs.status.page_state import page_change, recorded_fingerprints, stamp
from i18ndocs.status.snapshots import prune_snapshots, snapshot_folder

# The tokenizer


def test_words_and_each_punctuation_mark_are_tokens() -> None:
    assert [t.text for t in tokens("Call `send()`, then close.")] == [
        *("Call", "`", "send", "(", ")", "`", ",", "then", "close", "."),
    ]


def test_whitespace_is_a_space_or_a_paragraph_break() -> None:
    assert tokens("  a\n b\n\n  c") == [Token("", "a"), Token(" ", "b"), Token("\n", "c")]


# The diff


def test_rewrapping_a_paragraph_changes_nothing() -> None:
    assert word_diff("one two\nthree", "one  two three\n") == []


def test_a_replaced_word_is_removed_then_added() -> None:
    pieces = word_diff("Close the socket now.", "Close the connection now.")
    assert plain_diff(pieces) == "Close the [-socket-]{+connection+} now."
    assert [piece.kind for piece in pieces] == [
        PieceKind.SAME,
        PieceKind.REMOVED,
        PieceKind.ADDED,
        PieceKind.SAME,
    ]


def test_punctuation_changes_alone() -> None:
    assert plain_diff(word_diff("a, b", "a; b")) == "a[-,-]{+;+} b"
    assert plain_diff(word_diff("f(x)", "f(y)")) == "f([-x-]{+y+})"


def test_words_added_or_removed_at_either_end_keep_their_space() -> None:
    assert plain_diff(word_diff("a b c", "x a b c")) == "{+x+} a b c"
    assert plain_diff(word_diff("x a b c", "a b c")) == "[-x-] a b c"
    assert plain_diff(word_diff("a b c", "a b c d")) == "a b c {+d+}"


def test_long_unchanged_runs_are_cut_to_the_context() -> None:
    old = " ".join(f"w{n}" for n in range(30))
    new = old.replace("w15", "changed")
    assert plain_diff(word_diff(old, new, context=2)) == (
        f"{GAP} w13 w14 [-w15-]{{+changed+}} w16 w17 {GAP}"
    )
    both = old.replace("w3", "x").replace("w26", "y")
    assert plain_diff(word_diff(old, both, context=1)) == (
        f"{GAP} w2 [-w3-]{{+x+}} w4 {GAP} w25 [-w26-]{{+y+}} w27 {GAP}"
    )


def test_a_paragraph_break_is_kept() -> None:
    assert plain_diff(word_diff("Title\n\nOld text.", "Title\n\nNew text.")) == (
        "Title\n[-Old-]{+New+} text."
    )


# HTML


def test_html_marks_removed_and_added_words_and_escapes_them() -> None:
    pieces = word_diff("Use <b> & go", "Use <i> & go")
    assert html_diff(pieces) == "Use &lt;<del>b</del><ins>i</ins>&gt; &amp; go"


def test_the_diff_element_is_in_the_source_language_and_keeps_line_breaks() -> None:
    element = diff_element(word_diff("a\n\nb", "a\n\nc"), "en")
    assert element == (
        '<p class="i18ndocs-diff" lang="en" style="white-space: pre-line">'
        "a\n<del>b</del><ins>c</ins></p>"
    )


# Snapshots


def _project(tmp_path: Path) -> Path:
    docs = tmp_path / "docs"
    (docs / "en").mkdir(parents=True)
    (docs / "es").mkdir()
    (docs / "en" / "page.md").write_text("# Page\n\nThe queue refuses items.\n", "utf-8")
    (docs / "es" / "page.md").write_text("# Página\n\nLa cola rechaza elementos.\n", "utf-8")
    return docs


def test_mark_updated_keeps_the_english_and_the_diff_reads_it(tmp_path: Path) -> None:
    docs = _project(tmp_path)
    assert stamp(docs, "es", "page.md")
    (kept,) = snapshot_folder(docs, "en").iterdir()
    assert kept.parent == docs / "en" / "catalogs" / "snapshots"
    assert kept.read_text("utf-8") == "# Page\n\nThe queue refuses items.\n"
    english = docs / "en" / "page.md"
    english.write_text("# Page\n\nThe queue rejects items.\n", "utf-8")
    change = page_change(docs, "es", "page.md")
    assert change.old is not None
    assert (
        plain_diff(word_diff(change.old, change.new))
        == "# Page\nThe queue [-refuses-]{+rejects+} items."
    )


def test_an_up_to_date_page_marked_again_gets_its_snapshot(tmp_path: Path) -> None:
    docs = _project(tmp_path)
    stamp(docs, "es", "page.md")
    folder = snapshot_folder(docs, "en")
    for path in folder.iterdir():
        path.unlink()
    assert not stamp(docs, "es", "page.md"), "the page itself is not changed"
    assert len(list(folder.iterdir())) == 1


def test_a_page_without_snapshot_says_so_with_its_fingerprint(tmp_path: Path) -> None:
    docs = _project(tmp_path)
    stamp(docs, "es", "page.md")
    for path in snapshot_folder(docs, "en").iterdir():
        path.unlink()
    (docs / "en" / "page.md").write_text("# Page\n\nChanged.\n", "utf-8")
    change = page_change(docs, "es", "page.md")
    assert change.old is None
    assert change.fingerprint == next(iter(recorded_fingerprints(docs, "en", ["es"])))
    assert change.new == "# Page\n\nChanged.\n"


def test_a_snapshot_edited_by_hand_is_not_taken_for_the_old_english(tmp_path: Path) -> None:
    docs = _project(tmp_path)
    stamp(docs, "es", "page.md")
    (kept,) = snapshot_folder(docs, "en").iterdir()
    kept.write_text("# Page\n\nSomething else.\n", "utf-8")
    (docs / "en" / "page.md").write_text("# Page\n\nChanged.\n", "utf-8")
    assert page_change(docs, "es", "page.md").old is None


def test_snapshots_no_translation_refers_to_are_pruned(tmp_path: Path) -> None:
    docs = _project(tmp_path)
    stamp(docs, "es", "page.md")
    (first,) = snapshot_folder(docs, "en").iterdir()
    (docs / "en" / "page.md").write_text("# Page\n\nChanged.\n", "utf-8")
    stamp(docs, "es", "page.md")
    other = snapshot_folder(docs, "en") / "notes.txt"
    other.write_text("not a snapshot", "utf-8")
    assert len(list(snapshot_folder(docs, "en").iterdir())) == 3
    kept = recorded_fingerprints(docs, "en", ["es"])
    assert prune_snapshots(docs, "en", kept) == [first]
    remaining = sorted(path.name for path in snapshot_folder(docs, "en").iterdir())
    assert remaining == sorted([f"{next(iter(kept))}.txt", "notes.txt"])

"""jieba's dictionary cut down to the words a site's characters can make.

Material's search segments the Han text it indexes with jieba, whose dictionary of about
350,000 words takes close to a second to load, in every build that indexes Chinese (or
Japanese kanji). Segmenting a text only ever looks up words that occur in it, and a word can
only occur if every one of its characters does. So `site_dictionary` keeps the words made of
the characters found in the site's sources (the language's pages and catalogs, the English
pages, the documented code, ``mkdocs.yml``, the templates' own labels), with their
frequencies, plus one entry that never matches and carries the frequency of all the words
left out: jieba weighs words against the total of all frequencies, so the total stays the
same, and every run of those characters is segmented exactly as with the full dictionary.
The file is kept under ``.cache/docs/segmenter``, keyed by the set of characters, and given to
Material through its public ``jieba_dict`` search setting.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path

from i18ndocs.project.cachefiles import write_atomically

# The characters jieba's default mode looks words up for (its own range of Han characters).
_NOT_HAN = re.compile("[^\u4e00-\u9fd5]+")
_FREQUENCY = re.compile(r"^\S+ (\d+)", re.MULTILINE)  # a line of jieba's dictionary
FILLER = "\ue000"
"""The entry that never matches a text (a private-use character) and keeps the total."""


def uses_han(code: str) -> bool:
    """Tell whether a language is written with Han characters (Chinese, Japanese).

    Args:
        code: A BCP 47 language code.

    Returns:
        Whether its primary language is Chinese or Japanese.
    """
    return code.split("-")[0].lower() in {"zh", "ja"}


def han_characters(paths: Iterable[Path], texts: Iterable[str] = ()) -> str:
    """Collect the Han characters that occur in text files, and in texts.

    Args:
        paths: Files, and folders whose files are all read; files that are not UTF-8 text
            are skipped.
        texts: More text already read.

    Returns:
        Each character once, sorted.
    """
    found: set[str] = {character for text in texts for character in _NOT_HAN.sub("", text)}
    for top in paths:
        for path in sorted(top.rglob("*")) if top.is_dir() else [top]:
            try:
                found.update(_NOT_HAN.sub("", path.read_text(encoding="utf-8")))
            except (UnicodeDecodeError, OSError):
                continue
    return "".join(sorted(found))


def site_dictionary(characters: str, folder: Path) -> Path:
    """Return a jieba dictionary that segments text of these characters like the full one.

    Args:
        characters: The Han characters the site's text can contain (`han_characters`).
        folder: Where dictionaries are kept (created when missing).

    Returns:
        The dictionary file, written when it is not there yet.
    """
    version = metadata.version("jieba")
    key = hashlib.sha256(f"{version}\0{characters}".encode()).hexdigest()
    path = folder / f"{key}.txt"
    if path.is_file():
        return path
    import jieba  # type: ignore[import-untyped]

    folder.mkdir(parents=True, exist_ok=True)
    # The full dictionary's total and the words made of the site's characters, as jieba reads
    # them (a word's last line counts; every line adds to the total), without building its
    # prefix index of every word.
    with jieba.Tokenizer().get_dict_file() as stream:
        text = stream.read().decode("utf-8")
    total = sum(map(int, _FREQUENCY.findall(text)))
    kept = re.compile(f"^([{re.escape(characters)}]+) (\\d+)", re.MULTILINE) if characters else None
    entries = kept.findall(text) if kept else []
    words = {word: int(frequency) for word, frequency in entries}
    words = {word: frequency for word, frequency in words.items() if frequency}
    rest = total - sum(words.values())
    lines = [f"{word} {frequency}\n" for word, frequency in sorted(words.items())]
    lines.append(f"{FILLER} {max(rest, 1)}\n")
    write_atomically(path, "".join(lines).encode())
    return path

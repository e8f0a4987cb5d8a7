"""jieba's dictionary cut down to the words a Chinese site can contain.

Material's search segments the Chinese text it indexes with jieba, whose dictionary of about
350,000 words takes close to a second to load, in every build of a Chinese site. Segmenting a
text only ever looks up words that occur in it, so `site_dictionary` writes a dictionary of
just the words found in the language's sources (every page, catalog and ``mkdocs.yml``),
with their frequencies, plus one entry that never matches and carries the frequency of all
the words left out: jieba weighs words against the total of all frequencies, so the total
stays the same and every text is segmented exactly as with the full dictionary. The file is
kept under ``.cache/docs/segmenter``, keyed by the Chinese text of the sources, and given to
Material through its public ``jieba_dict`` search setting.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path

# The characters jieba's default mode looks words up for (its own range of Han characters).
_NOT_HAN = re.compile("[^\u4e00-\u9fd5]+")
FILLER = "\ue000"
"""The entry that never matches a text (a private-use character) and keeps the total."""


def is_chinese(code: str) -> bool:
    """Tell whether a language code is Chinese (``zh``, ``zh-Hant``, ``zh-TW``...).

    Args:
        code: A BCP 47 language code.

    Returns:
        Whether its primary language is Chinese.
    """
    return code.split("-")[0].lower() == "zh"


def han_text(paths: Iterable[Path]) -> str:
    """Join the Han characters of text files, everything else removed.

    Runs of Han characters in rendered pages can join text that markup separates in the
    sources (``**连接**关闭``); taking every file's Han characters as one sequence keeps
    any such run a part of it.

    Args:
        paths: The files to read, in order; files that are not UTF-8 text are skipped.

    Returns:
        Their Han characters, one file after another, a line between files.
    """
    texts = []
    for path in paths:
        try:
            texts.append(_NOT_HAN.sub("", path.read_text(encoding="utf-8")))
        except (UnicodeDecodeError, OSError):
            continue
    return "\n".join(texts)


def site_dictionary(text: str, folder: Path) -> Path:
    """Return a jieba dictionary that segments ``text`` (and any part of it) like the full one.

    Args:
        text: The Han text the site can contain (`han_text`).
        folder: Where dictionaries are kept (created when missing).

    Returns:
        The dictionary file, written when it is not there yet.
    """
    version = metadata.version("jieba")
    key = hashlib.sha256(f"{version}\0{text}".encode()).hexdigest()
    path = folder / f"{key}.txt"
    if path.is_file():
        return path
    import jieba  # type: ignore[import-untyped]

    full = jieba.Tokenizer()
    full.tmp_dir = str(folder)  # its own cache of the full dictionary stays with ours
    folder.mkdir(parents=True, exist_ok=True)
    full.initialize()
    words: dict[str, int] = {}
    for line in text.splitlines():
        for start, ends in full.get_DAG(line).items():
            for end in ends:
                word = line[start : end + 1]
                frequency = full.FREQ.get(word, 0)
                if frequency:
                    words[word] = frequency
    rest = full.total - sum(words.values())
    lines = [f"{word} {frequency}\n" for word, frequency in sorted(words.items())]
    lines.append(f"{FILLER} {max(rest, 1)}\n")
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".tmp-")
    with os.fdopen(handle, "w", encoding="utf-8") as stream:
        stream.writelines(lines)
    os.replace(temporary, path)
    return path

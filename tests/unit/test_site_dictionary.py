"""The cut-down jieba dictionary (`i18ndocs.plugin.segmenter`) keeps jieba's numbers.

It reads jieba's full dictionary itself instead of loading it into a tokenizer; the words it
keeps, their frequencies and the total they must add up to are the ones jieba computes.
"""

from __future__ import annotations

from pathlib import Path

import jieba  # type: ignore[import-untyped]

from i18ndocs.plugin.segmenter import FILLER, site_dictionary

CHARACTERS = "中文搜索引擎分词的测试国人民"


def test_the_site_dictionary_has_jiebas_frequencies_and_total(tmp_path: Path) -> None:
    frequencies, total = jieba.Tokenizer.gen_pfdict(jieba.Tokenizer().get_dict_file())
    allowed = set(CHARACTERS)
    expected = {w: f for w, f in frequencies.items() if f and allowed.issuperset(w)}
    path = site_dictionary(CHARACTERS, tmp_path)
    lines = [line.split(" ") for line in path.read_text(encoding="utf-8").splitlines()]
    written = {word: int(frequency) for word, frequency in lines}
    filler = written.pop(FILLER)
    assert written == expected
    assert len(written) > 10
    assert filler + sum(written.values()) == total

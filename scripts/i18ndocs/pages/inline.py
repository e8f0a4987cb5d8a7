"""Inline Markdown the pipeline reads as text: code spans, links, images, comments, URLs.

The patterns are the ones Python-Markdown's inline syntax gives, for what the pipeline needs
to find in a page or a unit without rendering it (`i18ndocs.pages.headings`,
`i18ndocs.lint.checks`).
"""

from __future__ import annotations

import re

CODE_SPAN = re.compile(r"(?<!`)(?P<ticks>`+)(?!`)(?P<code>.+?)(?<!`)(?P=ticks)(?!`)", re.DOTALL)
IMAGE = re.compile(r"!\[(?P<alt>[^\]]*)\]\((?P<target>[^)\s]*)(?:\s+\"[^\"]*\")?\)")
LINK = re.compile(
    r"(?<!!)\[(?P<text>(?:[^\[\]]|\[[^\]]*\])*)\]\((?P<target>[^)\s]*)(?:\s+\"[^\"]*\")?\)"
)
REF_LINK = re.compile(r"(?<![!\]])\[(?P<text>(?:[^\[\]]|\[[^\]]*\])+)\]\[(?P<ref>[^\]]*)\]")
AUTOLINK = re.compile(r"<(?P<target>(?:https?|mailto|wss?|ftp):[^>\s]+)>")
HTML_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
ATTR_LIST = re.compile(r"\{:?\s*[#.][^}]*\}")
BARE_URL = re.compile(r"\b(?:https?|wss?)://\S+")
TRAILING_ATTRIBUTES = re.compile(r"\s*\{:?(?P<attrs>[^}]*)\}\s*$")
"""An attribute list closing a heading or a block (``{ #id .class }``)."""

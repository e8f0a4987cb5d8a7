"""The Markdown pages as text: reading them, and what a translated page may and must keep.

* ``frontmatter``: a page's text and YAML front matter, read the way MkDocs does;
* ``directives``: the objects the pages document (``:::`` lines) and where that code is;
* ``headings``: translated headings given their English page's anchors;
* ``pagesafety``: raw HTML, event handlers or scripts a translated page adds to its English;
* ``unitsafety``: markup a translated unit (page text or catalog entry) adds to its English;
* ``cjkbreaks``: no space for a line break inside a Chinese or Japanese sentence (a Markdown
  extension for the languages written without spaces, pages and docstrings alike).

It may import: project.
"""

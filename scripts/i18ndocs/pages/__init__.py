"""The Markdown pages as text: reading them, and what a translated page may and must keep.

* ``frontmatter``: a page's text and YAML front matter, read the way MkDocs does;
* ``directives``: the objects the pages document (``:::`` lines) and where that code is;
* ``headings``: translated headings given their English page's anchors;
* ``pagesafety``: raw HTML, event handlers or scripts a translated page adds to its English;
* ``unitsafety``: markup a translated unit (page text or catalog entry) adds to its English.

It may import: project.
"""

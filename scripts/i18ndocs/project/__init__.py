"""The ground floor: the project as ``mkdocs.yml`` declares it, and how problems are reported.

* ``settings``: ``mkdocs.yml`` read once per command or build (`load_settings`) into the
  validated `Settings`: ``extra.i18n``, the folders it implies, mkdocstrings' search paths;
* ``languages``: the languages of ``extra.i18n.languages`` and their codes;
* ``writing``: which languages are written without spaces between words (by script, CLDR);
* ``language_config``: each language's MkDocs configuration, derived from ``mkdocs.yml``;
* ``required_pages``: the guide page missing, or a page where the status page is generated;
* ``errors``: `Problem`, `DocsError` (``file:line: message``), MkDocs' logs turned into them;
* ``cachefiles``: atomic writes into the cache folder that concurrent builds share, and the
  digests and package versions its entries are keyed by;
* ``claims``: cache entries computed by one of the concurrent builds while the others wait,
  and what is computed from one file kept for its bytes (`read_through`);
* ``resources``: the pipeline's own files (templates, code), found through importlib.resources,
  and the digest of its code.

It may import nothing of the pipeline: every other package stands on it.
"""

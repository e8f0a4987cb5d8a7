"""i18ndocs: multi-language API reference sites built with MkDocs, Material and mkdocstrings."""

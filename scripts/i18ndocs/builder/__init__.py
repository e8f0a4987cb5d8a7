"""Building the site: every language in a process of its own, swapped in atomically.

* ``site``: `build_site` (all languages, then the swap), `build_language` (one, via MkDocs);
* ``workers``: the child processes, which never outlive the build that started them;
* ``warm``: a language's process kept between builds, for ``serve``;
* ``staging``: the staging folder, its lock, and the atomic swap into the site folder;
* ``sitedir``: the check that the site folder is never the sources or the repository;
* ``preload``: imports done once in the fork server before it forks the language builds,
  then frozen out of the garbage collector's reach;
* ``forkserver``: the fork server, started before the command line is imported;
* ``shards``: `build_shard` (languages into a shard folder and its manifest) and `assemble`
  (shards joined into the site, ending like `build_site`).

It may import: project, catalogs, plugin (for the site-level files of ``plugin.hosting``).
"""

"""The project's haystack search backends.

`ArchiveWhooshEngine` (config.settings' default ENGINE) and its backend live in
search.backends.whoosh, over the modules beside it: whoosh_query (the user's query and
filters as Whoosh queries), whoosh_matching (unscored matching, filter cache, facet counts,
top hits), whoosh_highlight (which words a snippet marks), whoosh_spelling ("did you mean")
and whoosh_writing (schema and index writes). The Elasticsearch backend is search.elasticsearch;
both share the engine-neutral search.query and search.facets.
"""

from search.backends.whoosh import ArchiveWhooshEngine, ArchiveWhooshSearchBackend

__all__ = ["ArchiveWhooshEngine", "ArchiveWhooshSearchBackend"]

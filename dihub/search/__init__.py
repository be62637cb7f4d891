"""Search: full text, filters, facets and places over the catalogue.

`filters.SearchParams.from_query(querydict)` reads the parameters (page and API alike);
`engine.run(params)`, `engine.geojson(params)`, `suggest.suggest(prefix)` answer them;
`index.reindex(hub_ids=None)` keeps the full-text index in step with the hubs.
"""

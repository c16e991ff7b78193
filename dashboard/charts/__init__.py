"""The dashboard's charts: the registry (`registry.py`: `@chart`, `@site_chart`, `produce`, and what
every producer shares) and the producers, one module per page or page section. Importing a
producer module registers its charts; a page imports those it shows. Nothing is imported here, so
`dashboard.components` can read the registry without loading the pages' sections."""

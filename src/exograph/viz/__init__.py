"""The interactive page: pyvis nodes and edges laid out in columns (layout), hover cards (cards),
filters (filters), its HTML, style and script (template, assets), written self-contained (page).
pyvis and jinja2 are imported only when a page is written."""

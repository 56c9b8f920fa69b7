"""The interactive page: a pyvis network, self-contained and safe from HTML in the data."""

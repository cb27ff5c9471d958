"""Fetching: arXiv queries for each topic, sent through the `arxiv` package, re-checked locally.

May import `core` top-level modules (config, models, records, errors); never `core.store`: the
fetch writes through the `FetchTarget` protocol that the store satisfies.
"""

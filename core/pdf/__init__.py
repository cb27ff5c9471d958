"""PDFs: download and cache, text extraction in reading order, sections and title.

May import `core` top-level modules only; never `core.store`.
"""

"""Digests: a day's papers and summaries as Markdown or BibTeX, and the old digests read back.

May import every other stage.
"""

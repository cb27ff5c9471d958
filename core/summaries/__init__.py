"""Summaries: the six sections of a paper, from an OpenAI-compatible LLM or offline.

May import `core.pdf` (for the text), `core.store` (to keep results) and top-level modules; never
`core.digest`.
"""

"""The store: TinyDB files sharded by arXiv month, atomic writes, shared by many processes.

May import `core` top-level modules only; no other pipeline stage.
"""

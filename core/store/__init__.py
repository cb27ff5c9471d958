"""The store: TinyDB files sharded by arXiv month, atomic writes, a lock against other processes.

May import `core` top-level modules only; no other pipeline stage.
"""

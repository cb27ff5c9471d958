"""papertray's logic, without a screen: config, arXiv fetching, store, summaries, export."""

__version__ = "0.1.0"

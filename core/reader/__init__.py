"""The reader's logic without a screen: a day's listing, search, undo, the saved session."""

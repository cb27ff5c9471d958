"""The reader's screens: the three-pane reader and the key help."""

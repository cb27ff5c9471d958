"""papertray's faces: the Textual reader and the `papertray` command line."""

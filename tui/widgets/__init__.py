"""Small widgets of the reader; each knows nothing of the screen above it."""

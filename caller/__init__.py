"""caller."""

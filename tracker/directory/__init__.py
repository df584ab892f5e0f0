"""The organisation directory: units of the municipality (a tree) and their staff."""

"""Georgian-aware full-text search shared by the minutes archive and the directory."""

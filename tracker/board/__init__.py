"""The deadline status board: every dated item of every area, in deadline buckets."""

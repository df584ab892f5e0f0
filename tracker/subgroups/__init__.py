"""Thematic subgroups: working groups a service forms for one or more commitments."""
